import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Language } from '../../shared/schemas/common';
import { generateNote } from '../nlp/generate-note';
import { loadLexicon } from '../nlp/lexicon';
import { listSamples } from '../samples/samples';
import { ExportInputError } from './clinic';
import { validateR4 } from './fhir/r4-validator';
import { drugName } from './format';
import { exportFiles, exportNote, seededIds } from './index';
import * as F from './test-fixtures';

interface Case {
  id: string;
  language: Language;
  transcript: string;
}

const written = (JSON.parse(readFileSync(fileURLToPath(new URL('fixtures/transcripts.json', import.meta.url)), 'utf8')) as { cases: Case[] }).cases;
const cases: Case[] = [...listSamples(F.resourcesDir), ...written];
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('exports of notes from the offline engine (samples and our own transcripts)', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s: PDFs carry the patient, every drug and the advice; both bundles pass the R4 validator', async (_, c) => {
    const note = generateNote(c.transcript, Language.parse(c.language), { resourcesDir: F.resourcesDir, now: F.NOW });
    expect(note.soap.plan.medications.length).toBeGreaterThan(0);
    const r = await exportNote({ note, patient: { name: 'Ravi Kumar', age: 52, sex: 'male' }, clinic: F.clinic, resourcesDir: F.resourcesDir, now: F.NOW, newId: seededIds(c.id) });
    const noteText = flat(F.pdfText(r.notePdf));
    const homeText = flat(F.pdfText(r.takeHomePdf));
    for (const text of [noteText, homeText]) {
      expect(text).toContain('Ravi Kumar');
      for (const m of note.soap.plan.medications) expect(text).toContain(drugName(m));
      for (const a of note.soap.plan.advice) expect(text).toContain(flat(a.text));
    }
    for (const d of note.soap.assessment.diagnoses) if (d.icd10) expect(noteText).toContain(`ICD-10 ${d.icd10.code}`);
    expect(validateR4(r.opConsultBundle)).toEqual([]);
    expect(validateR4(r.prescriptionBundle)).toEqual([]);
    const rxMeds = r.prescriptionBundle.entry.filter((e) => e.resource.resourceType === 'MedicationRequest');
    expect(rxMeds).toHaveLength(note.soap.plan.medications.length);
  });

  it('finds the Tamil and Telugu words of the transcript exactly in the PDFs', async () => {
    const te = written.find((c) => c.id === 'te-cough-mixed')!;
    const note = generateNote(te.transcript, 'te', { resourcesDir: F.resourcesDir, now: F.NOW });
    const r = await exportNote({ note, resourcesDir: F.resourcesDir, now: F.NOW, newId: seededIds('te') });
    expect(F.pdfText(r.takeHomePdf)).toContain('చల్లటి నీళ్ళు తాగకండి');
    expect(F.pdfText(r.notePdf)).toContain('MedScribe Demo Clinic');
  });
});

describe('ICD-10 choices and export options', () => {
  it("carries the doctor's ICD-10 choice into the PDF and the FHIR Condition", async () => {
    const r = await exportNote({ note: F.tamilNote, clinic: F.clinic, icd10: { Gastritis: 'K21.9' }, resourcesDir: F.resourcesDir, now: F.NOW, newId: seededIds('icd') });
    expect(r.note.soap.assessment.diagnoses[0]!.icd10).toEqual({ code: 'K21.9', title: 'Gastro-oesophageal reflux disease without oesophagitis' });
    const text = F.pdfText(r.notePdf);
    expect(text).toContain('ICD-10 K21.9 (Gastro-oesophageal reflux disease without oesophagitis)');
    expect(text).not.toContain('K29.7');
    const condition = r.opConsultBundle.entry.map((e) => e.resource).find((x) => x.resourceType === 'Condition' && JSON.stringify(x.code).includes('icd-10'));
    expect(JSON.stringify(condition?.code)).toContain('"code":"K21.9"');
  });

  it('takes a code from the diagnosis lexicon when it is not among the suggestions', async () => {
    const r = await exportNote({ note: F.teluguNote, icd10: { 'essential hypertension': 'I11.9' }, resourcesDir: F.resourcesDir, now: F.NOW });
    const icd = r.note.soap.assessment.diagnoses[0]!.icd10!;
    const fromLexicon = [...loadLexicon(F.resourcesDir).diagnoses.values()].find((d) => d.icd10 === 'I11.9');
    expect(fromLexicon?.icd10Title).toBeTruthy();
    expect(icd).toEqual({ code: 'I11.9', title: fromLexicon?.icd10Title });
    expect(F.pdfText(r.notePdf)).toContain('ICD-10 I11.9');
  });

  it('refuses a note that is not a ClinicalNote, with a sentence', async () => {
    await expect(exportNote({ note: { schemaVersion: 2 } as never, resourcesDir: F.resourcesDir })).rejects.toThrow(ExportInputError);
    await expect(exportNote({ note: { schemaVersion: 2 } as never, resourcesDir: F.resourcesDir })).rejects.toThrow(/the note is not valid/);
  });

  it('names the five files of `medscribe note --out`', async () => {
    const r = await exportNote({ note: F.englishNote, resourcesDir: F.resourcesDir, now: F.NOW, newId: seededIds('files') });
    const files = exportFiles(r);
    expect(Object.keys(files)).toEqual(['note.json', 'note.pdf', 'take-home.pdf', 'fhir-bundle.json', 'prescription-bundle.json']);
    expect(Buffer.from(files['note.pdf'] as Uint8Array).subarray(0, 5).toString()).toBe('%PDF-');
    expect(JSON.parse(files['fhir-bundle.json'] as string)).toEqual(r.opConsultBundle);
    expect(r.timings.notePdfMs).toBeGreaterThan(0);
  });
});
