/**
 * The note as the language model writes it. Groq's strict json_schema mode needs every property
 * required and no extra properties, so "not said" is null here (never optional); toClinicalNote
 * maps it to the app's ClinicalNote. No evidence spans: the model cannot be trusted with
 * offsets; the grounding check finds them in the transcript.
 */
import { z } from 'zod';
import type { Language } from '../../shared/schemas/common';
import { type ClinicalNote, Frequency, type Medication, type ReviewFlag, Timing, VitalKey } from '../../shared/schemas/note';

const text = z.string();
const maybeText = z.string().nullable();
const maybeNumber = z.number().nullable();

const LlmMedication = z.object({
  name: text.describe('Generic name in English, lower case'),
  brand: maybeText.describe('The brand as said, if a brand was said'),
  strength: maybeText.describe('Amount and unit exactly as said, e.g. "650 mg"; null if not said'),
  form: maybeText,
  route: maybeText,
  frequency: maybeText.describe('Pattern morning-noon-night like "1-0-1" (four slots for four times a day), or "SOS"; null if not said'),
  timing: Timing.nullable(),
  durationDays: maybeNumber.describe('Days, only if a duration was said'),
  action: z.enum(['start', 'continue', 'add', 'given-in-clinic']),
  instructions: maybeText,
});

const vitalShape = Object.fromEntries(VitalKey.options.map((k) => [k, maybeNumber])) as Record<VitalKey, typeof maybeNumber>;

export const LlmNote = z.object({
  chiefComplaint: text,
  history: text,
  symptoms: z.array(z.object({ name: text.describe('English clinical name'), negated: z.boolean(), durationDays: maybeNumber, durationText: maybeText })),
  allergies: z.array(z.object({ substance: text, reaction: maybeText })),
  noKnownAllergies: z.boolean(),
  vitals: z.object(vitalShape).describe('Numbers exactly as said; no unit conversion'),
  examination: z.array(z.object({ finding: text, negated: z.boolean() })),
  diagnoses: z.array(z.object({ name: text, icd10Code: maybeText })),
  medications: z.array(LlmMedication).describe('Prescribed today, and medicines given in the clinic (action "given-in-clinic")'),
  investigations: z.array(text),
  advice: z.array(text),
  followUpDays: maybeNumber,
  followUpText: maybeText,
  avoid: z.array(text).describe('Drugs the doctor said not to take'),
  previousMedications: z.array(text).describe('Drugs the patient took before; not prescriptions'),
  noMedicalContent: z.boolean(),
});
export type LlmNote = z.infer<typeof LlmNote>;

/** The JSON schema sent as response_format.json_schema.schema (strict). */
export function llmNoteJsonSchema(): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(LlmNote, { target: 'draft-7' }) as Record<string, unknown>;
  return schema;
}

const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
const clean = (s: string) => s.trim();
const nonNegative = (n: number | null) => (n === null || !Number.isFinite(n) || n < 0 ? undefined : n);

/** Maps the model's note to a ClinicalNote (evidence empty) and says what could not be used. */
export function toClinicalNote(llm: LlmNote, language: Language, now: Date): { note: ClinicalNote; flags: ReviewFlag[] } {
  const flags: ReviewFlag[] = [];
  const med = (m: LlmNote['medications'][number]): Medication | null => {
    const name = clean(m.name).toLowerCase();
    if (!name) return null;
    let frequency = orUndef(m.frequency)?.replace(/\s+/g, '');
    if (frequency !== undefined && !Frequency.safeParse(frequency).success) {
      flags.push({ severity: 'warning', code: 'bad-frequency', message: `The cloud engine's frequency for ${name} ("${frequency}") is not a prescription pattern; it was left out.`, evidence: [] });
      frequency = undefined;
    }
    return {
      name,
      brand: orUndef(m.brand) || undefined,
      strength: orUndef(m.strength) || undefined,
      form: orUndef(m.form) || undefined,
      route: orUndef(m.route) || undefined,
      frequency,
      timing: orUndef(m.timing),
      durationDays: nonNegative(m.durationDays),
      action: m.action,
      instructions: orUndef(m.instructions) || undefined,
      evidence: [],
    };
  };
  const meds = llm.medications.map(med).filter((m): m is Medication => m !== null);
  const vitals: ClinicalNote['soap']['objective']['vitals'] = { evidence: {} };
  for (const k of VitalKey.options) {
    const v = llm.vitals[k];
    if (v !== null && Number.isFinite(v)) vitals[k] = v;
  }
  const names = (list: string[]) => list.map(clean).filter(Boolean).map((name) => ({ name: name.toLowerCase(), evidence: [] }));
  const note: ClinicalNote = {
    schemaVersion: 1,
    language,
    createdAt: now.toISOString(),
    chiefComplaint: llm.chiefComplaint,
    soap: {
      subjective: {
        chiefComplaint: llm.chiefComplaint,
        history: llm.history,
        symptoms: llm.symptoms
          .filter((s) => clean(s.name))
          .map((s) => ({ name: clean(s.name).toLowerCase(), negated: s.negated, durationDays: nonNegative(s.durationDays), durationText: orUndef(s.durationText) || undefined, evidence: [] })),
        allergies: llm.allergies.filter((a) => clean(a.substance)).map((a) => ({ substance: clean(a.substance).toLowerCase(), reaction: orUndef(a.reaction) || undefined, evidence: [] })),
        noKnownAllergies: llm.noKnownAllergies,
      },
      objective: { vitals, examination: llm.examination.filter((e) => clean(e.finding)).map((e) => ({ finding: clean(e.finding).toLowerCase(), negated: e.negated, evidence: [] })) },
      assessment: {
        diagnoses: llm.diagnoses
          .filter((d) => clean(d.name))
          .map((d) => ({ name: clean(d.name).toLowerCase(), icd10: d.icd10Code ? { code: d.icd10Code, title: '' } : undefined, icd10Suggestions: [], evidence: [] })),
      },
      plan: {
        medications: meds.filter((m) => m.action !== 'given-in-clinic'),
        givenInClinic: meds.filter((m) => m.action === 'given-in-clinic'),
        investigations: names(llm.investigations),
        advice: llm.advice.map(clean).filter(Boolean).map((t) => ({ text: t, evidence: [] })),
        followUpDays: nonNegative(llm.followUpDays),
        followUpText: orUndef(llm.followUpText) || undefined,
        avoid: names(llm.avoid),
        previousMedications: names(llm.previousMedications),
      },
    },
    flags: [],
    noMedicalContent: llm.noMedicalContent,
    engines: { entities: 'offline-rules', soap: 'groq' },
  };
  return { note, flags };
}

/** Every string in the model's note passed through `fn` (used to put PHI placeholders back). */
export function mapStrings<T>(value: T, fn: (s: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, fn)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)])) as T;
  }
  return value;
}
