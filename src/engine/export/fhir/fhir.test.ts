import { describe, expect, it } from 'vitest';
import type { ClinicalNote } from '../../../shared/schemas/note';
import * as F from '../test-fixtures';
import { type Bundle, type Resource, seededIds } from './builder';
import { buildOpConsultBundle, buildPrescriptionBundle, type FhirInput } from './bundles';
import { validateR4 } from './r4-validator';

const NRCES = 'https://nrces.in/ndhm/fhir/r4/StructureDefinition/';

function input(note: ClinicalNote, seed = 'seed'): FhirInput {
  return { note, patient: F.patient('Lakshmi Narayanan', { age: 45, sex: 'female', phone: '9876543210' }), clinic: F.clinic, now: F.NOW, newId: seededIds(seed) };
}

const resources = (b: Bundle, type: string) => b.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
const byRef = (b: Bundle, ref: string) => b.entry.find((e) => e.fullUrl === ref)?.resource;
const composition = (b: Bundle) => b.entry[0]!.resource as Resource & { section?: { code: { coding: { code: string }[] }; entry?: { reference: string }[] }[] };
const section = (b: Bundle, code: string) => composition(b).section?.find((s) => s.code.coding[0]?.code === code);
const codes = (r: Resource, field = 'code') => ((r[field] as { coding?: { code: string }[] } | undefined)?.coding ?? []).map((c) => c.code);

const FIXTURES = { tamil: F.tamilNote, telugu: F.teluguNote, english: F.englishNote, empty: F.emptyNote, noMedicines: F.noMedicinesNote, manyMeds: F.manyMedsNote, allTamil: F.allTamilNote };

describe('ABDM FHIR bundles', () => {
  it.each(Object.entries(FIXTURES))('the %s note gives OPConsult and Prescription bundles that pass the FHIR R4 validator', (_, note) => {
    const op = buildOpConsultBundle(input(note));
    const rx = buildPrescriptionBundle({ ...input(note), pdf: new Uint8Array([0x25, 0x50, 0x44, 0x46]) });
    expect(validateR4(op)).toEqual([]);
    expect(validateR4(rx)).toEqual([]);
  });

  it('the validator is real: it rejects a document without a Composition first and a wrong data type', () => {
    const op = buildOpConsultBundle(input(F.tamilNote));
    const broken = structuredClone(op);
    broken.entry.reverse();
    (broken.entry[0]!.resource as Record<string, unknown>).status = 42;
    const problems = validateR4(broken);
    expect(problems.some((p) => p.includes('bdl-11'))).toBe(true);
    expect(problems.some((p) => p.includes('expected string'))).toBe(true);
    const dangling = structuredClone(op);
    (dangling.entry[0]!.resource.subject as { reference: string }).reference = 'urn:uuid:00000000-0000-4000-8000-000000000000';
    expect(validateR4(dangling).some((p) => p.includes('does not resolve'))).toBe(true);
  });

  it('has the DocumentBundle and OPConsultRecord fixed values', () => {
    const b = buildOpConsultBundle(input(F.englishNote));
    expect(b.meta.profile).toEqual([`${NRCES}DocumentBundle`]);
    expect(b.type).toBe('document');
    expect(b.timestamp).toBe(F.NOW.toISOString());
    expect(b.identifier.value).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(b.entry.every((e) => /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(e.fullUrl))).toBe(true);
    const comp = composition(b);
    expect(comp.resourceType).toBe('Composition');
    expect((comp.meta as { profile: string[] }).profile).toEqual([`${NRCES}OPConsultRecord`]);
    expect(comp.status).toBe('final');
    expect(codes(comp, 'type')).toEqual(['371530004']);
    const sectionCodes = comp.section!.map((s) => s.code.coding[0]!.code);
    expect(sectionCodes).toEqual(['422843007', '425044008', '722446000', '371529009', '721912009', '736271009']);
    for (const [code, type] of [['422843007', 'Condition'], ['425044008', 'Observation'], ['722446000', 'AllergyIntolerance'], ['721912009', 'MedicationRequest'], ['736271009', 'Appointment']] as const) {
      const refs = section(b, code)!.entry!.map((e) => byRef(b, e.reference)!.resourceType);
      expect(refs).toContain(type);
    }
  });

  it('puts investigations in the investigation advice section as ServiceRequests', () => {
    const b = buildOpConsultBundle(input(F.teluguNote));
    const orders = section(b, '721963009')!.entry!.map((e) => byRef(b, e.reference)!);
    expect(orders.map((o) => [o.resourceType, (o.code as { text: string }).text, o.intent])).toEqual([
      ['ServiceRequest', 'serum creatinine', 'order'],
      ['ServiceRequest', 'ECG', 'order'],
    ]);
  });

  it('codes vitals with LOINC: blood pressure as an 85354-9 panel with 8480-6 and 8462-4', () => {
    const b = buildOpConsultBundle(input(F.teluguNote));
    const obs = resources(b, 'Observation');
    const bp = obs.find((o) => codes(o).includes('85354-9'))!;
    const comps = bp.component as { code: { coding: { code: string }[] }; valueQuantity: { value: number; code: string } }[];
    expect(comps.map((c) => [c.code.coding[0]!.code, c.valueQuantity.value, c.valueQuantity.code])).toEqual([
      ['8480-6', 160, 'mm[Hg]'],
      ['8462-4', 100, 'mm[Hg]'],
    ]);
    const value = (code: string) => (obs.find((o) => codes(o).includes(code))?.valueQuantity as { value: number; code: string } | undefined);
    expect(value('8867-4')).toMatchObject({ value: 90, code: '/min' });
    expect(value('29463-7')).toMatchObject({ value: 82, code: 'kg' });
    expect(value('9279-1')).toMatchObject({ value: 16, code: '/min' });
    const spo2 = obs.find((o) => codes(o).includes('59408-5'))!;
    expect(codes(spo2)).toEqual(['59408-5', '2708-6']);
    const en = resources(buildOpConsultBundle(input(F.englishNote)), 'Observation');
    expect(en.find((o) => codes(o).includes('8310-5'))?.valueQuantity).toMatchObject({ value: 37.2, code: 'Cel' });
    expect(en.find((o) => codes(o).includes('8302-2'))?.valueQuantity).toMatchObject({ value: 110, code: 'cm' });
    const ta = resources(buildOpConsultBundle(input(F.tamilNote)), 'Observation');
    expect(ta.find((o) => codes(o).includes('8310-5'))?.valueQuantity).toMatchObject({ value: 98.6, code: '[degF]' });
  });

  it('records denied symptoms as refuted Conditions outside the chief complaints', () => {
    const b = buildOpConsultBundle(input(F.teluguNote));
    const complaints = section(b, '422843007')!.entry!.map((e) => byRef(b, e.reference)!);
    const names = complaints.map((c) => (c.code as { text: string }).text);
    expect(names).toEqual(expect.arrayContaining(['headache', 'giddiness']));
    expect(names).not.toContain('chest pain');
    expect(names).not.toContain('fever');
    const history = section(b, '371529009')!.entry!.map((e) => byRef(b, e.reference)!);
    const refuted = history.filter((c) => codes(c, 'verificationStatus').includes('refuted')).map((c) => (c.code as { text: string }).text);
    expect(refuted.sort()).toEqual(['chest pain', 'fever']);
    for (const c of history) expect(c.clinicalStatus).toBeUndefined();
    const headache = complaints.find((c) => (c.code as { text: string }).text === 'headache')!;
    expect(headache.onsetDateTime).toBe('2026-11-17');
  });

  it('carries the ICD-10 code of each diagnosis as an encounter diagnosis', () => {
    const b = buildOpConsultBundle(input(F.englishNote));
    const dx = resources(b, 'Condition').filter((c) => String(JSON.stringify(c.category)).includes('encounter-diagnosis'));
    expect(dx.map((c) => c.code)).toEqual([
      { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'J45.901', display: 'Unspecified asthma with (acute) exacerbation' }], text: 'acute exacerbation of asthma' },
      { text: 'allergic rhinitis' },
    ]);
    const encounter = resources(b, 'Encounter')[0]!;
    expect((encounter.diagnosis as { condition: { reference: string } }[]).map((d) => byRef(b, d.condition.reference))).toEqual(dx);
  });

  it('writes allergies, and "no known allergy" as SNOMED 716186003', () => {
    const en = resources(buildOpConsultBundle(input(F.englishNote)), 'AllergyIntolerance');
    expect(en.map((a) => [(a.code as { text: string }).text, a.category])).toEqual([
      ['penicillin', ['medication']],
      ['peanut', ['food']],
    ]);
    expect(en[0]!.reaction).toEqual([{ manifestation: [{ text: 'rash' }] }]);
    const ta = resources(buildOpConsultBundle(input(F.tamilNote)), 'AllergyIntolerance');
    expect(ta.map((a) => codes(a))).toEqual([['716186003']]);
  });

  it('turns the 1-0-1 pattern, food timing, days and route into a structured dosage', () => {
    const rx = buildPrescriptionBundle(input(F.englishNote));
    const comp = composition(rx);
    expect((comp.meta as { profile: string[] }).profile).toEqual([`${NRCES}PrescriptionRecord`]);
    expect(codes(comp, 'type')).toEqual(['440545006']);
    expect(comp.section!.map((s) => s.code.coding[0]!.code)).toEqual(['440545006']);
    const meds = resources(rx, 'MedicationRequest');
    expect(meds).toHaveLength(4);
    const dose = (i: number) => meds[i]!.dosageInstruction as Record<string, unknown>[];
    const pred = dose(2);
    expect(pred).toHaveLength(1);
    expect(pred[0]).toMatchObject({
      timing: { repeat: { frequency: 2, period: 1, periodUnit: 'd', when: ['MORN', 'NIGHT'], boundsDuration: { value: 3, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' } } },
      route: { coding: [{ system: 'http://snomed.info/sct', code: '26643006' }] },
      additionalInstruction: [{ coding: [{ system: 'http://snomed.info/sct', code: '311504000' }] }],
      doseAndRate: [{ doseQuantity: { value: 0.5, unit: 'tablet' } }],
    });
    expect(dose(0)[0]).toMatchObject({ timing: { repeat: { frequency: 4, when: ['MORN', 'AFT', 'EVE', 'NIGHT'] } }, doseAndRate: [{ doseQuantity: { value: 2, unit: 'puff' } }] });
    expect(dose(1)[0]).toMatchObject({ timing: { repeat: { when: ['HS'] } } });
    expect(dose(3)[0]).toMatchObject({ timing: { repeat: { frequency: 1, period: 1, periodUnit: 'wk' } } });
    for (const m of meds) expect(m).toMatchObject({ status: 'active', intent: 'order', authoredOn: F.NOW.toISOString() });
  });

  it('marks SOS medicines as needed, before-food ones with 311501008, and splits 1-0-2 by dose', () => {
    const note = F.makeNote({
      language: 'en',
      medications: [
        { name: 'ondansetron', strength: '4 mg', form: 'tablet', frequency: 'SOS', durationDays: 3 },
        { name: 'metformin', strength: '500 mg', form: 'tablet', frequency: '1-0-2', timing: 'before food', durationDays: 30 },
      ],
    });
    const meds = resources(buildPrescriptionBundle(input(note)), 'MedicationRequest');
    const sos = (meds[0]!.dosageInstruction as Record<string, unknown>[])[0]!;
    expect(sos.asNeededBoolean).toBe(true);
    expect(sos.timing).toEqual({ repeat: { boundsDuration: { value: 3, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' } } });
    const split = meds[1]!.dosageInstruction as { sequence: number; timing: { repeat: { when: string[] } }; doseAndRate: { doseQuantity: { value: number } }[]; additionalInstruction: { coding: { code: string }[] }[] }[];
    expect(split.map((d) => [d.sequence, d.timing.repeat.when, d.doseAndRate[0]!.doseQuantity.value])).toEqual([
      [1, ['MORN'], 1],
      [1, ['NIGHT'], 2],
    ]);
    expect(split[0]!.additionalInstruction[0]!.coding[0]!.code).toBe('311501008');
  });

  it('keeps drugs the doctor said not to take out of the prescription, and marks them doNotPerform in the consultation', () => {
    const rx = buildPrescriptionBundle(input(F.tamilNote));
    const rxNames = resources(rx, 'MedicationRequest').map((m) => (m.medicationCodeableConcept as { text: string }).text);
    expect(rxNames.some((n) => /ibuprofen/i.test(n))).toBe(false);
    const op = resources(buildOpConsultBundle(input(F.tamilNote)), 'MedicationRequest');
    const avoided = op.filter((m) => m.doNotPerform === true);
    expect(avoided.map((m) => (m.medicationCodeableConcept as { text: string }).text)).toEqual(['Ibuprofen']);
    expect(avoided[0]!.dosageInstruction).toBeUndefined();
  });

  it('proposes the follow-up visit for the right day', () => {
    const appt = resources(buildOpConsultBundle(input(F.tamilNote)), 'Appointment')[0]!;
    expect(appt).toMatchObject({ status: 'proposed', requestedPeriod: [{ start: '2026-12-04', end: '2026-12-04' }] });
    const words = resources(buildOpConsultBundle(input(F.noMedicinesNote)), 'Appointment')[0]!;
    expect(words.requestedPeriod).toBeUndefined();
    expect(words.comment).toBe('காய்ச்சல் குறையலைன்னா வாங்க');
  });

  it('is deterministic for a fixed clock and id seed, and different for another seed', () => {
    const a = JSON.stringify(buildOpConsultBundle(input(F.englishNote, 'x')));
    expect(JSON.stringify(buildOpConsultBundle(input(F.englishNote, 'x')))).toBe(a);
    expect(JSON.stringify(buildOpConsultBundle(input(F.englishNote, 'y')))).not.toBe(a);
    const ids = buildOpConsultBundle(input(F.manyMedsNote)).entry.map((e) => e.fullUrl);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('writes an empty prescription with an empty reason instead of an empty section', () => {
    const rx = buildPrescriptionBundle(input(F.noMedicinesNote));
    const s = composition(rx).section![0] as Record<string, unknown>;
    expect(s.entry).toBeUndefined();
    expect(JSON.stringify(s.emptyReason)).toContain('nilknown');
  });
});
