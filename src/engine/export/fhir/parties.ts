import type { Patient } from '../../../shared/schemas/domain';
import type { Clinic } from '../clinic';
import { type BundleBuilder, concept, type Reference } from './builder';
import { ABHA, ACT_CODE, HFR, HPR, MEDSCRIBE_PATIENT, MEDSCRIBE_REGISTRATION, V2_0203 } from './codes';

/** Who and where: the patient, the doctor, the clinic and the visit, shared by both bundles. */
export interface Parties {
  patient: Reference;
  practitioner: Reference;
  organization: Reference;
  encounter: Reference;
}

export interface PartyInput {
  patient: Patient;
  /** The clinic's own record number for the patient, when it has one. */
  patientId?: string;
  clinic: Clinic;
  /** When the consultation happened (the note's time). */
  visitTime: string;
}

function patientResource(p: Patient, patientId: string | undefined): Record<string, unknown> {
  const identifier: unknown[] = [];
  if (patientId) identifier.push({ type: concept({ system: V2_0203, code: 'MR', display: 'Medical record number' }), system: MEDSCRIBE_PATIENT, value: patientId });
  if (p.abhaId) identifier.push({ type: concept({ system: ABHA, code: 'ABHANumber', display: 'ABHA Number' }), system: ABHA, value: p.abhaId });
  return {
    ...(identifier.length ? { identifier } : {}),
    ...(p.name ? { name: [{ text: p.name }] } : {}),
    ...(p.phone ? { telecom: [{ system: 'phone', value: p.phone, use: 'mobile' }] } : {}),
    ...(p.sex ? { gender: p.sex } : {}),
  };
}

function practitionerResource(c: Clinic): Record<string, unknown> {
  const identifier: unknown[] = [];
  if (c.registrationNumber) identifier.push({ type: concept({ system: V2_0203, code: 'MD', display: 'Medical License number' }), system: MEDSCRIBE_REGISTRATION, value: c.registrationNumber });
  if (c.hprId) identifier.push({ type: concept({ system: V2_0203, code: 'MD', display: 'Medical License number' }), system: HPR, value: c.hprId });
  return {
    ...(identifier.length ? { identifier } : {}),
    name: [{ text: c.doctorName }],
    ...(c.qualifications ? { qualification: [{ code: { text: c.qualifications } }] } : {}),
  };
}

function organizationResource(c: Clinic): Record<string, unknown> {
  const telecom = [c.phone ? { system: 'phone', value: c.phone, use: 'work' } : null, c.email ? { system: 'email', value: c.email, use: 'work' } : null].filter(Boolean);
  return {
    ...(c.facilityId ? { identifier: [{ type: concept({ system: V2_0203, code: 'PRN', display: 'Provider number' }), system: HFR, value: c.facilityId }] } : {}),
    name: c.name,
    ...(telecom.length ? { telecom } : {}),
    ...(c.address ? { address: [{ text: c.address, country: 'IN' }] } : {}),
  };
}

/** Adds Patient, Practitioner, Organization and Encounter; the encounter's diagnoses are filled in later. */
export function addParties(b: BundleBuilder, input: PartyInput): Parties {
  const patient = b.add('Patient', patientResource(input.patient, input.patientId), 'Patient', input.patient.name || undefined);
  const practitioner = b.add('Practitioner', practitionerResource(input.clinic), 'Practitioner', input.clinic.doctorName);
  const organization = b.add('Organization', organizationResource(input.clinic), 'Organization', input.clinic.name);
  const encounter = b.add('Encounter', {
    status: 'finished',
    class: { system: ACT_CODE, code: 'AMB', display: 'ambulatory' },
    subject: patient,
    participant: [{ individual: practitioner }],
    period: { start: input.visitTime },
    serviceProvider: organization,
  });
  return { patient, practitioner, organization, encounter };
}
