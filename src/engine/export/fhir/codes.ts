// Code systems, fixed codes and profile URLs of ABDM's NRCeS FHIR R4 implementation guide.

export const SCT = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
export const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
export const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
export const ALLERGY_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
/** Identifier system for a UUID written as urn:uuid:… */
export const URN_IETF = 'urn:ietf:rfc:3986';
/** ABDM registries. */
export const HPR = 'https://doctor.ndhm.gov.in';
export const HFR = 'https://facility.ndhm.gov.in';
export const ABHA = 'https://healthid.abdm.gov.in';
/** Our own identifier systems, for numbers that have no national registry URI. */
export const MEDSCRIBE_REGISTRATION = 'urn:medscribe:medical-council-registration';
export const MEDSCRIBE_PATIENT = 'urn:medscribe:patient';

const NRCES = 'https://nrces.in/ndhm/fhir/r4/StructureDefinition/';
export const profile = (name: string) => `${NRCES}${name}`;

export interface Coding {
  system: string;
  code: string;
  display: string;
}

export const sct = (code: string, display: string): Coding => ({ system: SCT, code, display });

/** Document types and Composition sections (SNOMED CT), as the NRCeS profiles fix them. */
export const DOC = {
  opConsult: sct('371530004', 'Clinical consultation report'),
  prescription: sct('440545006', 'Prescription record'),
} as const;

export const SECTION = {
  chiefComplaints: { title: 'Chief complaints', coding: sct('422843007', 'Chief complaint section') },
  physicalExamination: { title: 'Physical examination', coding: sct('425044008', 'Physical exam section') },
  allergies: { title: 'Allergies', coding: sct('722446000', 'Allergy record') },
  medicalHistory: { title: 'Medical history', coding: sct('371529009', 'History and physical report') },
  investigationAdvice: { title: 'Investigation advice', coding: sct('721963009', 'Order document') },
  medications: { title: 'Medications', coding: sct('721912009', 'Medication summary document') },
  followUp: { title: 'Follow up', coding: sct('736271009', 'Outpatient care plan') },
  prescription: { title: 'Prescription record', coding: sct('440545006', 'Prescription record') },
} as const;
export type SectionKey = keyof typeof SECTION;

/** Routes of administration (SNOMED CT qualifier values) for the routes the drug list uses. */
export const ROUTES: Record<string, Coding> = {
  oral: sct('26643006', 'Oral route'),
  topical: sct('6064005', 'Topical route'),
  inhalation: sct('447694001', 'Respiratory tract route'),
  nebulization: sct('447694001', 'Respiratory tract route'),
  intramuscular: sct('78421000', 'Intramuscular route'),
  intravenous: sct('47625008', 'Intravenous route'),
  subcutaneous: sct('34206005', 'Subcutaneous route'),
  sublingual: sct('37839007', 'Sublingual route'),
  nasal: sct('46713006', 'Nasal route'),
  ophthalmic: sct('54485002', 'Ophthalmic route'),
  eye: sct('54485002', 'Ophthalmic route'),
  otic: sct('10547007', 'Otic route'),
  ear: sct('10547007', 'Otic route'),
  rectal: sct('37161004', 'Rectal route'),
  vaginal: sct('16857009', 'Vaginal route'),
  transdermal: sct('45890007', 'Transdermal route'),
};

export const FOOD_INSTRUCTION = {
  after: sct('311504000', 'With or after food'),
  before: sct('311501008', 'Half an hour before food'),
} as const;

export const PRESENT = sct('52101004', 'Present');
export const ABSENT = sct('2667000', 'Absent');
export const NO_KNOWN_ALLERGY = sct('716186003', 'No known allergy');

export const loinc = (code: string, display: string): Coding => ({ system: LOINC, code, display });

/** Vital signs (LOINC) with their UCUM units. */
export const VITAL = {
  bpPanel: loinc('85354-9', 'Blood pressure panel with all children optional'),
  systolic: loinc('8480-6', 'Systolic blood pressure'),
  diastolic: loinc('8462-4', 'Diastolic blood pressure'),
  temperature: loinc('8310-5', 'Body temperature'),
  heartRate: loinc('8867-4', 'Heart rate'),
  spo2: loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
  spo2Arterial: loinc('2708-6', 'Oxygen saturation in Arterial blood'),
  respiratoryRate: loinc('9279-1', 'Respiratory rate'),
  weight: loinc('29463-7', 'Body weight'),
  height: loinc('8302-2', 'Body height'),
  fastingGlucose: loinc('1558-6', 'Fasting glucose [Mass/volume] in Serum or Plasma'),
  postprandialGlucose: loinc('1521-4', 'Glucose [Mass/volume] in Serum or Plasma --2 hours post meal'),
  randomGlucose: loinc('2345-7', 'Glucose [Mass/volume] in Serum or Plasma'),
} as const;
