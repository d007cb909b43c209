import { z } from 'zod';
import { EngineName, Evidence, Language } from './common';

const evidence = z.array(Evidence).default([]);

export const Symptom = z.object({
  /** English canonical name ("fever", "burning micturition"). */
  name: z.string().min(1),
  negated: z.boolean().default(false),
  durationDays: z.number().nonnegative().optional(),
  /** The duration as said, when it was not a whole number of days ("since yesterday"). */
  durationText: z.string().optional(),
  evidence,
});
export type Symptom = z.infer<typeof Symptom>;

export const Allergy = z.object({ substance: z.string().min(1), reaction: z.string().optional(), evidence });
export type Allergy = z.infer<typeof Allergy>;

export const VitalKey = z.enum([
  'temperatureF',
  'temperatureC',
  'systolic',
  'diastolic',
  'pulse',
  'spo2',
  'respiratoryRate',
  'weightKg',
  'heightCm',
  'fastingSugar',
  'postprandialSugar',
  'randomSugar',
]);
export type VitalKey = z.infer<typeof VitalKey>;

export const Vitals = z.object({
  temperatureF: z.number().optional(),
  temperatureC: z.number().optional(),
  systolic: z.number().optional(),
  diastolic: z.number().optional(),
  pulse: z.number().optional(),
  spo2: z.number().optional(),
  respiratoryRate: z.number().optional(),
  weightKg: z.number().optional(),
  heightCm: z.number().optional(),
  /** Blood sugar values in mg/dL. */
  fastingSugar: z.number().optional(),
  postprandialSugar: z.number().optional(),
  randomSugar: z.number().optional(),
  evidence: z.record(z.string(), Evidence).default({}),
});
export type Vitals = z.infer<typeof Vitals>;

export const ExamFinding = z.object({ finding: z.string().min(1), negated: z.boolean().default(false), evidence });
export type ExamFinding = z.infer<typeof ExamFinding>;

export const Icd10 = z.object({ code: z.string().min(1), title: z.string() });
export type Icd10 = z.infer<typeof Icd10>;

export const Diagnosis = z.object({
  name: z.string().min(1),
  icd10: Icd10.optional(),
  /** Other codes the doctor can pick from. */
  icd10Suggestions: z.array(Icd10).default([]),
  evidence,
});
export type Diagnosis = z.infer<typeof Diagnosis>;

/** The Indian prescription pattern: morning-noon-night ("1-0-1"), four slots for QID, or SOS. */
export const Frequency = z.string().regex(/^(SOS|STAT|\d+(\.\d+)?(-\d+(\.\d+)?){2,3}|weekly|once)$/);

export const Timing = z.enum(['before food', 'after food', 'with food', 'empty stomach', 'bedtime']);
export type Timing = z.infer<typeof Timing>;

export const Medication = z.object({
  /** Generic name in English ("paracetamol"). */
  name: z.string().min(1),
  /** What the doctor said, when it was a brand ("Dolo 650"). */
  brand: z.string().optional(),
  /** Amount and unit ("650 mg", "5 ml", "60000 IU"). */
  strength: z.string().optional(),
  form: z.string().optional(),
  route: z.string().optional(),
  frequency: Frequency.optional(),
  timing: Timing.optional(),
  durationDays: z.number().nonnegative().optional(),
  /** "continue", "add", "stop"… as the doctor said it. */
  action: z.enum(['start', 'continue', 'add', 'given-in-clinic']).default('start'),
  instructions: z.string().optional(),
  evidence,
});
export type Medication = z.infer<typeof Medication>;

export const Investigation = z.object({ name: z.string().min(1), evidence });
export type Investigation = z.infer<typeof Investigation>;

export const Advice = z.object({ text: z.string().min(1), evidence });
export type Advice = z.infer<typeof Advice>;

/** A drug the doctor said not to take: kept only so the editor can show it, never in the plan. */
export const AvoidedDrug = z.object({ name: z.string().min(1), evidence });

export const ReviewFlag = z.object({
  severity: z.enum(['info', 'warning', 'danger']),
  code: z.string(),
  message: z.string(),
  evidence,
});
export type ReviewFlag = z.infer<typeof ReviewFlag>;

export const ClinicalNote = z.object({
  schemaVersion: z.literal(1),
  language: Language,
  createdAt: z.string(),
  chiefComplaint: z.string().default(''),
  soap: z.object({
    subjective: z.object({
      chiefComplaint: z.string().default(''),
      history: z.string().default(''),
      symptoms: z.array(Symptom).default([]),
      allergies: z.array(Allergy).default([]),
      noKnownAllergies: z.boolean().default(false),
    }),
    objective: z.object({
      vitals: Vitals,
      examination: z.array(ExamFinding).default([]),
    }),
    assessment: z.object({
      diagnoses: z.array(Diagnosis).default([]),
    }),
    plan: z.object({
      medications: z.array(Medication).default([]),
      investigations: z.array(Investigation).default([]),
      advice: z.array(Advice).default([]),
      followUpDays: z.number().nonnegative().optional(),
      followUpText: z.string().optional(),
      avoid: z.array(AvoidedDrug).default([]),
      /** Given in the clinic today (a nebulisation, an injection): recorded, not prescribed. */
      givenInClinic: z.array(Medication).default([]),
      /** Drugs the patient said they took before: history, not prescriptions. */
      previousMedications: z.array(AvoidedDrug).default([]),
    }),
  }),
  /** Things the doctor must look at before signing. */
  flags: z.array(ReviewFlag).default([]),
  /** True when the transcript held nothing clinical: the note says so rather than inventing one. */
  noMedicalContent: z.boolean().default(false),
  engines: z.object({
    speech: EngineName.optional(),
    entities: EngineName,
    soap: EngineName,
  }),
});
export type ClinicalNote = z.infer<typeof ClinicalNote>;
