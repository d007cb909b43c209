import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { ClinicalNote } from '../../../shared/schemas/note';
import { type Clinic, DEMO_CLINIC } from '../clinic';
import { drugName } from '../format';
import * as F from '../test-fixtures';
import { renderClinicalPdf } from './clinical';
import type { Paper } from './page-flow';

const PATIENT = 'Lakshmi Narayanan';

async function render(note: ClinicalNote, opts: { paper?: Paper; clinic?: Clinic; name?: string } = {}) {
  const pdf = await renderClinicalPdf({ note, patient: F.patient(opts.name ?? PATIENT, { age: 45, sex: 'female' }), clinic: opts.clinic ?? F.clinic, paper: opts.paper, resourcesDir: F.resourcesDir });
  const doc = await PDFDocument.load(pdf);
  return { pdf, text: F.pdfText(pdf), pages: doc.getPages() };
}

/** Text with line breaks and runs of spaces folded, for phrases a table cell may wrap. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('clinical note PDF', () => {
  it('has the letterhead, the patient, SOAP, every drug, the Tamil advice exactly, and the signature', async () => {
    const { text, pages } = await render(F.tamilNote);
    for (const s of ['Sri Lakshmi Family Clinic', '12, Gandhi Road, Tambaram, Chennai 600045', 'Phone +91 44 2222 3333', 'Dr. K. Priya', 'MBBS, MD (General Medicine)', 'Reg. No. TNMC 123456']) expect(text).toContain(s);
    expect(text).toContain(PATIENT);
    expect(text).toContain('45 y / Female');
    expect(text).toContain('24 Nov 2026');
    for (const h of ['Subjective', 'Objective', 'Assessment', 'Plan']) expect(text).toContain(h);
    for (const m of F.tamilNote.soap.plan.medications) expect(flat(text)).toContain(drugName(m));
    for (const a of F.tamilNote.soap.plan.advice) expect(text).toContain(a.text);
    expect(text).toContain(F.TAMIL_ADVICE);
    expect(text).toContain(F.TAMIL_HEADACHE);
    expect(text).toContain('BP 124/82 mmHg');
    expect(text).toContain('ICD-10 K29.7 (Gastritis, unspecified)');
    expect(text).toContain('Not to take: Ibuprofen');
    expect(text).toContain('Follow-up: 4 Dec 2026 (after 10 days)');
    expect(text).toContain('Page 1 of 1');
    expect(pages).toHaveLength(1);
    expect(pages[0]!.getSize()).toEqual({ width: 595.28, height: 841.89 });
  });

  it('shows the prescription as a table: strength, 1-0-1, food, days and notes', async () => {
    const { pdf } = await render(F.tamilNote);
    const rows = F.pdfText(pdf, true).split('\n');
    const row = rows.find((l) => l.includes('Pantoprazole'))!;
    expect(row).toMatch(/Pantoprazole tablet\s+40 mg\s+1-0-0\s+Empty\s+10/);
    expect(rows.find((l) => l.includes('(Digene)')) ?? rows.find((l) => l.includes('Magaldrate'))).toBeDefined();
    expect(rows.some((l) => /10 ml\s+1-1-1\s+After food\s+5/.test(l))).toBe(true);
    expect(rows.some((l) => /650 mg\s+SOS\s+only when needed/.test(l))).toBe(true);
  });

  it('gives back the Telugu history and advice exactly', async () => {
    const { text } = await render(F.teluguNote);
    expect(text).toContain(F.TELUGU_HEADACHE);
    expect(text).toContain(F.TELUGU_NO_FEVER);
    expect(text).toContain(F.TELUGU_ADVICE);
    expect(text).toContain('ICD-10 I10');
    expect(text).toContain('continue');
  });

  it('prints on A5 too', async () => {
    const { text, pages } = await render(F.englishNote, { paper: 'a5' });
    expect(pages[0]!.getSize()).toEqual({ width: 419.53, height: 595.28 });
    for (const m of F.englishNote.soap.plan.medications) expect(flat(text)).toContain(drugName(m));
    expect(text).toContain('Given in the clinic: Salbutamol nebulization 2.5 mg');
    expect(text).toContain('penicillin (rash)');
  });

  it('spills many medicines onto a second page, with the table header and page numbers on each', async () => {
    const { text, pages, pdf } = await render(F.manyMedsNote);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const perPage = text.split('\f').filter((p) => p.trim());
    expect(perPage).toHaveLength(pages.length);
    perPage.forEach((p, i) => {
      expect(p).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(p).toContain('Medicine');
      expect(p).toContain('Dose');
    });
    expect(perPage[1]).toContain(PATIENT);
    for (const m of F.manyMedsNote.soap.plan.medications) expect(flat(text)).toContain(drugName(m).split(' ')[0]!);
    // The long name wraps inside its cell: its start and end are on different lines.
    const lines = F.pdfText(pdf, true).split('\n');
    const first = lines.findIndex((l) => l.includes('Chlorpheniramine'));
    const last = lines.findIndex((l) => l.includes('combination'));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(last).toBeGreaterThan(first);
    expect(flat(text)).toContain(F.TELUGU_ADVICE);
    expect(perPage[perPage.length - 1]).toContain('Dr. K. Priya');
  });

  it('cuts a cell too long for one page with an ellipsis instead of running off the paper', async () => {
    const huge = F.makeNote({ language: 'en', medications: [{ name: 'paracetamol', strength: '500 mg', frequency: '1-0-1', instructions: 'take with warm water '.repeat(400) }] });
    const { text, pages } = await render(huge, { paper: 'a5' });
    expect(pages.length).toBeLessThanOrEqual(2);
    expect(text).toContain('…');
    expect(text).toContain('Paracetamol');
  });

  it('says so when no medicines were prescribed', async () => {
    const { text } = await render(F.noMedicinesNote);
    expect(text).toContain('No medicines prescribed.');
    expect(text).toContain('நிறைய தண்ணீர் குடிங்க');
    expect(text).toContain('காய்ச்சல் குறையலைன்னா வாங்க');
  });

  it('prints an empty note without inventing anything', async () => {
    const { text, pages } = await render(F.emptyNote, { name: '' });
    expect(pages).toHaveLength(1);
    expect(text).toContain('No symptoms, findings, diagnosis or medicines were recorded');
    expect(text).not.toContain('Plan');
    expect(text).not.toContain('Assessment');
    expect(text).toContain('______');
  });

  it('keeps Tamil in every field, letterhead included', async () => {
    const { text } = await render(F.allTamilNote, { clinic: F.allTamilClinic, name: F.TAMIL_EVERYWHERE.patientName });
    for (const s of Object.values(F.TAMIL_EVERYWHERE)) expect(flat(text)).toContain(s);
    expect(text).toContain('பெனிசிலின் (அரிப்பு)');
    expect(text).toContain('30 மி.லி');
  });

  it('labels the built-in demo letterhead as a sample', async () => {
    const { text } = await render(F.englishNote, { clinic: DEMO_CLINIC });
    expect(text).toContain('MedScribe Demo Clinic');
    expect(text).toContain('not a real clinic');
    expect(text).toContain('sample letterhead');
  });

  it('keeps patient data out of the file metadata', async () => {
    const { pdf } = await render(F.tamilNote);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getTitle()).toBe('Consultation note – Sri Lakshmi Family Clinic');
    expect(JSON.stringify([doc.getTitle(), doc.getAuthor(), doc.getSubject(), doc.getKeywords()])).not.toContain('Lakshmi Narayanan');
  });
});
