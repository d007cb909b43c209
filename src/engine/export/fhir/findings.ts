import type { Allergy, ClinicalNote, Diagnosis, Symptom, Vitals } from '../../../shared/schemas/note';
import { indiaDate, symptomText } from '../format';
import { type BundleBuilder, concept, type Reference, textConcept } from './builder';
import {
  ABSENT,
  ALLERGY_CLINICAL,
  ALLERGY_VERIFICATION,
  type Coding,
  CONDITION_CATEGORY,
  CONDITION_CLINICAL,
  CONDITION_VERIFICATION,
  ICD10,
  NO_KNOWN_ALLERGY,
  OBS_CATEGORY,
  PRESENT,
  UCUM,
  VITAL,
} from './codes';
import type { Parties } from './parties';

const clinical = (code: string) => concept({ system: CONDITION_CLINICAL, code, display: code.charAt(0).toUpperCase() + code.slice(1) });
const verification = (code: string) => concept({ system: CONDITION_VERIFICATION, code, display: code.charAt(0).toUpperCase() + code.slice(1) });
const obsCategory = (code: string, display: string) => [concept({ system: OBS_CATEGORY, code, display })];

/**
 * A symptom the patient has (chief complaint), or one they deny: a pertinent negative is a
 * Condition whose verification status is "refuted", never an active complaint.
 */
export function addSymptom(b: BundleBuilder, s: Symptom, who: Parties, recorded: Date): Reference {
  const onset = !s.negated && s.durationDays != null ? { onsetDateTime: indiaDate(new Date(recorded.getTime() - s.durationDays * 86_400_000)) } : !s.negated && s.durationText ? { onsetString: s.durationText } : {};
  return b.add(
    'Condition',
    {
      ...(s.negated ? { verificationStatus: verification('refuted') } : { clinicalStatus: clinical('active') }),
      code: textConcept(s.name),
      subject: who.patient,
      encounter: who.encounter,
      ...onset,
      recordedDate: recorded.toISOString(),
      ...(s.negated ? { note: [{ text: `Patient denies ${s.name}.` }] } : { note: [{ text: symptomText(s) }] }),
    },
    'Condition',
    s.negated ? `No ${s.name}` : s.name,
  );
}

/** A diagnosis with the ICD-10 code the doctor kept (or chose), as an encounter diagnosis. */
export function addDiagnosis(b: BundleBuilder, d: Diagnosis, who: Parties, recorded: Date): Reference {
  const code = d.icd10
    ? { coding: [{ system: ICD10, code: d.icd10.code, ...(d.icd10.title ? { display: d.icd10.title } : {}) }], text: d.name }
    : textConcept(d.name);
  return b.add(
    'Condition',
    {
      clinicalStatus: clinical('active'),
      verificationStatus: verification('provisional'),
      category: [concept({ system: CONDITION_CATEGORY, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' })],
      code,
      subject: who.patient,
      encounter: who.encounter,
      recordedDate: recorded.toISOString(),
    },
    'Condition',
    d.name,
  );
}

function quantity(value: number, unit: string, code: string) {
  return { value, unit, system: UCUM, code };
}

/** Vital signs as LOINC-coded Observations; blood pressure as one panel with two components. */
export function addVitals(b: BundleBuilder, v: Vitals, who: Parties, effective: string): Reference[] {
  const base = { status: 'final', subject: who.patient, encounter: who.encounter, effectiveDateTime: effective };
  const vital = { ...base, category: obsCategory('vital-signs', 'Vital Signs') };
  const out: Reference[] = [];
  const add = (codings: Coding[], text: string, value: ReturnType<typeof quantity>, category = vital.category) =>
    out.push(b.add('Observation', { ...vital, category, code: { coding: codings, text }, valueQuantity: value }, 'Observation', text));
  if (v.systolic != null || v.diastolic != null) {
    const component = [
      ...(v.systolic != null ? [{ code: concept(VITAL.systolic), valueQuantity: quantity(v.systolic, 'mmHg', 'mm[Hg]') }] : []),
      ...(v.diastolic != null ? [{ code: concept(VITAL.diastolic), valueQuantity: quantity(v.diastolic, 'mmHg', 'mm[Hg]') }] : []),
    ];
    out.push(b.add('Observation', { ...vital, code: concept(VITAL.bpPanel, 'Blood pressure'), component }, 'Observation', 'Blood pressure'));
  }
  if (v.temperatureF != null) add([VITAL.temperature], 'Body temperature', quantity(v.temperatureF, '°F', '[degF]'));
  if (v.temperatureC != null) add([VITAL.temperature], 'Body temperature', quantity(v.temperatureC, '°C', 'Cel'));
  if (v.pulse != null) add([VITAL.heartRate], 'Heart rate', quantity(v.pulse, 'beats/min', '/min'));
  if (v.spo2 != null) add([VITAL.spo2, VITAL.spo2Arterial], 'Oxygen saturation (SpO2)', quantity(v.spo2, '%', '%'));
  if (v.respiratoryRate != null) add([VITAL.respiratoryRate], 'Respiratory rate', quantity(v.respiratoryRate, 'breaths/min', '/min'));
  if (v.weightKg != null) add([VITAL.weight], 'Body weight', quantity(v.weightKg, 'kg', 'kg'));
  if (v.heightCm != null) add([VITAL.height], 'Body height', quantity(v.heightCm, 'cm', 'cm'));
  const lab = obsCategory('laboratory', 'Laboratory');
  if (v.fastingSugar != null) add([VITAL.fastingGlucose], 'Fasting blood sugar', quantity(v.fastingSugar, 'mg/dL', 'mg/dL'), lab);
  if (v.postprandialSugar != null) add([VITAL.postprandialGlucose], 'Post-prandial blood sugar', quantity(v.postprandialSugar, 'mg/dL', 'mg/dL'), lab);
  if (v.randomSugar != null) add([VITAL.randomGlucose], 'Random blood sugar', quantity(v.randomSugar, 'mg/dL', 'mg/dL'), lab);
  return out;
}

/** An examination finding, present or absent ("no pallor"). */
export function addExamFinding(b: BundleBuilder, finding: string, negated: boolean, who: Parties, effective: string): Reference {
  return b.add(
    'Observation',
    {
      status: 'final',
      category: obsCategory('exam', 'Exam'),
      code: textConcept(finding),
      subject: who.patient,
      encounter: who.encounter,
      effectiveDateTime: effective,
      valueCodeableConcept: concept(negated ? ABSENT : PRESENT),
    },
    'Observation',
    negated ? `No ${finding}` : finding,
  );
}

// What kind of allergen each entry of the allergen list is (the rest are medicines).
const FOOD = new Set(['peanut', 'egg', 'seafood', 'milk', 'wheat', 'gluten', 'soy', 'shellfish', 'fish']);
const ENVIRONMENT = new Set(['dust', 'pollen', 'latex', 'mould', 'mold', 'animal dander']);

export function addAllergy(b: BundleBuilder, a: Allergy, who: Parties, recorded: string): Reference {
  const name = a.substance.toLowerCase();
  const category = FOOD.has(name) ? 'food' : ENVIRONMENT.has(name) ? 'environment' : /^[a-z][a-z0-9 +-]*$/.test(name) ? 'medication' : undefined;
  return b.add(
    'AllergyIntolerance',
    {
      clinicalStatus: concept({ system: ALLERGY_CLINICAL, code: 'active', display: 'Active' }),
      verificationStatus: concept({ system: ALLERGY_VERIFICATION, code: 'confirmed', display: 'Confirmed' }),
      ...(category ? { category: [category] } : {}),
      code: textConcept(a.substance),
      patient: who.patient,
      encounter: who.encounter,
      recordedDate: recorded,
      recorder: who.practitioner,
      ...(a.reaction ? { reaction: [{ manifestation: [textConcept(a.reaction)] }] } : {}),
    },
    'AllergyIntolerance',
    a.substance,
  );
}

export function addNoKnownAllergy(b: BundleBuilder, who: Parties, recorded: string): Reference {
  return b.add(
    'AllergyIntolerance',
    {
      clinicalStatus: concept({ system: ALLERGY_CLINICAL, code: 'active', display: 'Active' }),
      verificationStatus: concept({ system: ALLERGY_VERIFICATION, code: 'confirmed', display: 'Confirmed' }),
      code: concept(NO_KNOWN_ALLERGY, 'No known allergies'),
      patient: who.patient,
      recordedDate: recorded,
      recorder: who.practitioner,
    },
    'AllergyIntolerance',
    'No known allergies',
  );
}

/** The follow-up visit: proposed for a day (no time was said), or only described when no day was said. */
export function addFollowUp(b: BundleBuilder, note: ClinicalNote, day: string | undefined, who: Parties, reasons: Reference[]): Reference {
  const plan = note.soap.plan;
  const description = plan.followUpDays != null ? `Follow-up visit after ${plan.followUpDays} day${plan.followUpDays === 1 ? '' : 's'}` : 'Follow-up visit';
  return b.add(
    'Appointment',
    {
      status: 'proposed',
      description,
      ...(reasons.length ? { reasonReference: reasons } : {}),
      ...(day ? { requestedPeriod: [{ start: day, end: day }] } : {}),
      created: b.now,
      ...(!day && plan.followUpText ? { comment: plan.followUpText } : {}),
      participant: [
        { actor: who.patient, required: 'required', status: 'needs-action' },
        { actor: who.practitioner, required: 'required', status: 'accepted' },
      ],
    },
    'Appointment',
    description,
  );
}
