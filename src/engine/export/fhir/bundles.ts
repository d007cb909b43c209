import type { Patient } from '../../../shared/schemas/domain';
import type { ClinicalNote } from '../../../shared/schemas/note';
import type { Clinic } from '../clinic';
import { followUpDate, indiaDate, medicineWithStrength, noteDate, symptomText } from '../format';
import { type Bundle, BundleBuilder, concept, type IdGenerator, narrative, randomIds, type Reference } from './builder';
import { type Coding, DOC, SECTION, type SectionKey, URN_IETF } from './codes';
import { addAllergy, addDiagnosis, addExamFinding, addFollowUp, addNoKnownAllergy, addSymptom, addVitals } from './findings';
import { addMedicationRequest } from './medication';
import { addParties, type Parties } from './parties';

export interface FhirInput {
  note: ClinicalNote;
  patient: Patient;
  clinic: Clinic;
  /** The clinic's record number for the patient, when it has one. */
  patientId?: string;
  /** Export time; fixed in tests so bundles are the same every run. */
  now?: Date;
  /** Resource ids; `seededIds(seed)` in tests. */
  newId?: IdGenerator;
  /** The printed prescription, carried in the prescription bundle as a Binary when given. */
  pdf?: Uint8Array;
}

interface Section {
  key: SectionKey;
  entries: Reference[];
  text?: string[];
  emptyReason?: Coding;
}

function start(input: FhirInput) {
  const now = (input.now ?? new Date()).toISOString();
  const b = new BundleBuilder(input.newId ?? randomIds, now);
  const recorded = noteDate(input.note);
  const who = addParties(b, { patient: input.patient, patientId: input.patientId, clinic: input.clinic, visitTime: recorded.toISOString() });
  const diagnoses = input.note.soap.assessment.diagnoses.map((d) => addDiagnosis(b, d, who, recorded));
  if (diagnoses.length) b.get(who.encounter).diagnosis = diagnoses.map((condition, i) => ({ condition, rank: i + 1 }));
  return { b, now, recorded, who, diagnoses };
}

function compose(b: BundleBuilder, who: Parties, type: Coding, profileName: string, title: string, sections: Section[]): Bundle {
  const composition = b.add(
    'Composition',
    {
      language: 'en-IN',
      identifier: { system: URN_IETF, value: `urn:uuid:${b.newId()}` },
      status: 'final',
      type: concept(type, type.display),
      subject: who.patient,
      encounter: who.encounter,
      date: b.now,
      author: [who.practitioner],
      title,
      custodian: who.organization,
      section: sections
        .filter((s) => s.entries.length || s.text?.length)
        .map((s) => ({
          title: SECTION[s.key].title,
          code: concept(SECTION[s.key].coding, SECTION[s.key].coding.display),
          ...(s.text?.length ? { text: narrative(s.text) } : {}),
          ...(s.entries.length ? { entry: s.entries } : s.emptyReason ? { emptyReason: concept(s.emptyReason) } : {}),
        })),
    },
    profileName,
  );
  return b.document(composition);
}

/** The OP consultation as ABDM's OPConsultRecord document bundle. */
export function buildOpConsultBundle(input: FhirInput): Bundle {
  const { note } = input;
  const { b, recorded, who, diagnoses } = start(input);
  const soap = note.soap;
  const when = recorded.toISOString();
  const present = soap.subjective.symptoms.filter((s) => !s.negated);
  const denied = soap.subjective.symptoms.filter((s) => s.negated);
  const signs = new Set(soap.objective.examination.map((e) => e.finding));
  // Signs found on examination go to the physical examination, not the complaints.
  const complaints = present.filter((s) => !signs.has(s.name)).map((s) => addSymptom(b, s, who, recorded));
  const refuted = denied.filter((s) => !signs.has(s.name)).map((s) => addSymptom(b, s, who, recorded));
  const exam = [...addVitals(b, soap.objective.vitals, who, when), ...soap.objective.examination.map((e) => addExamFinding(b, e.finding, e.negated, who, when))];
  const allergies = soap.subjective.allergies.map((a) => addAllergy(b, a, who, when));
  if (!allergies.length && soap.subjective.noKnownAllergies) allergies.push(addNoKnownAllergy(b, who, when));
  const previous = soap.plan.previousMedications.map((m) =>
    b.add('MedicationStatement', { status: 'unknown', medicationCodeableConcept: { text: m.name }, subject: who.patient, context: who.encounter, dateAsserted: when }, 'MedicationStatement', m.name),
  );
  const orders = soap.plan.investigations.map((i) =>
    b.add('ServiceRequest', { status: 'active', intent: 'order', code: { text: i.name }, subject: who.patient, encounter: who.encounter, authoredOn: when, requester: who.practitioner }, 'ServiceRequest', i.name),
  );
  const reasons = diagnoses.length === 1 ? diagnoses : [];
  const meds = soap.plan.medications.map((m) => addMedicationRequest(b, m, who, { reasons, authoredOn: when }));
  const avoided = soap.plan.avoid.map((a) => addMedicationRequest(b, { name: a.name, action: 'start', evidence: [] }, who, { reasons: [], authoredOn: when, doNotPerform: true }));
  const fuDate = followUpDate(note);
  const followUp = fuDate || soap.plan.followUpText ? [addFollowUp(b, note, fuDate ? indiaDate(fuDate) : undefined, who, diagnoses)] : [];
  const advice = soap.plan.advice.map((a) => a.text);
  if (advice.length) {
    followUp.push(
      b.add(
        'CarePlan',
        { status: 'active', intent: 'plan', title: 'Advice', description: advice.join('; '), subject: who.patient, encounter: who.encounter, created: when, author: who.practitioner, activity: advice.map((text) => ({ detail: { status: 'not-started', description: text } })) },
        'CarePlan',
        'Advice',
      ),
    );
  }
  const given = soap.plan.givenInClinic.map((m) => medicineWithStrength(m));
  return compose(b, who, DOC.opConsult, 'OPConsultRecord', 'Consultation Report', [
    { key: 'chiefComplaints', entries: [...complaints, ...diagnoses], text: [present.map(symptomText).join('; ')].filter(Boolean) },
    { key: 'physicalExamination', entries: exam },
    { key: 'allergies', entries: allergies },
    { key: 'medicalHistory', entries: [...refuted, ...previous], text: [soap.subjective.history].filter(Boolean) },
    { key: 'investigationAdvice', entries: orders },
    { key: 'medications', entries: [...meds, ...avoided], text: given.length ? [`Given in the clinic: ${given.join(', ')}`] : [] },
    { key: 'followUp', entries: followUp, text: advice },
  ]);
}

/** The prescription as ABDM's PrescriptionRecord document bundle. */
export function buildPrescriptionBundle(input: FhirInput): Bundle {
  const { b, recorded, who, diagnoses } = start(input);
  const reasons = diagnoses.length === 1 ? diagnoses : [];
  const meds = input.note.soap.plan.medications.map((m) => addMedicationRequest(b, m, who, { reasons, authoredOn: recorded.toISOString() }));
  if (input.pdf) {
    meds.push(b.add('Binary', { contentType: 'application/pdf', data: Buffer.from(input.pdf).toString('base64') }, null, 'Prescription (PDF)'));
  }
  return compose(b, who, DOC.prescription, 'PrescriptionRecord', 'Prescription', [
    {
      key: 'prescription',
      entries: meds,
      ...(meds.length ? {} : { text: ['No medicines were prescribed.'], emptyReason: { system: 'http://terminology.hl7.org/CodeSystem/list-empty-reason', code: 'nilknown', display: 'Nil Known' } }),
    },
  ]);
}
