import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { ClinicalNote, Medication } from '../../../shared/schemas/note';
import * as F from '../test-fixtures';
import type { Paper } from './page-flow';
import { renderTakeHomePdf } from './take-home';

async function render(note: ClinicalNote, paper: Paper = 'a4', name = 'Lakshmi Narayanan') {
  const pdf = await renderTakeHomePdf({ note, patient: F.patient(name), clinic: F.clinic, paper, resourcesDir: F.resourcesDir });
  return { pdf, text: F.pdfText(pdf), pages: (await PDFDocument.load(pdf)).getPageCount() };
}

/** The printed height (points) of each occurrence of a word, from pdftotext's word boxes. */
function wordHeights(pdf: Uint8Array, word: string): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'medscribe-bbox-'));
  try {
    writeFileSync(join(dir, 'd.pdf'), pdf);
    const html = execFileSync('pdftotext', ['-bbox', join(dir, 'd.pdf'), '-'], { encoding: 'utf8' });
    return [...html.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].filter((m) => m[3] === word).map((m) => Number(m[2]) - Number(m[1]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const one = (m: Partial<Medication>) => F.makeNote({ language: 'ta', medications: [{ name: 'paracetamol', strength: '500 mg', form: 'tablet', ...m }] });

// The pictograms' colours (pictograms.ts), as pdftoppm renders them.
const SUN: [number, number, number] = [247, 153, 20];
const MOON: [number, number, number] = [56, 71, 148];
const FOOD: [number, number, number] = [204, 128, 46];

describe("patient's take-home sheet", () => {
  it('is in Tamil with English alongside: times of day, food, days, advice, next visit, clinic phone', async () => {
    const { text, pages } = await render(F.tamilNote);
    expect(pages).toBe(1);
    for (const s of ['உங்கள் மருந்துகள் · Your medicines', 'காலை', 'Morning', 'மதியம்', 'Noon', 'இரவு', 'Night', 'சாப்பாட்டுக்குப் பின்', 'After food', 'வெறும் வயிற்றில்', 'Empty stomach', 'நாட்கள்', 'days']) expect(text).toContain(s);
    expect(text).toContain('தேவைப்படும்போது மட்டும்');
    expect(text).toContain('Only when needed');
    expect(text).toContain('கிளினிக் தொலைபேசி / Clinic phone: +91 44 2222 3333');
    expect(text).toContain('அடுத்த வருகை / Next visit');
    expect(text).toContain('வெள்ளி, 4 டிசம்பர், 2026');
    expect(text).toContain('Friday, 4 December 2026');
    for (const m of ['Pantoprazole 40 mg', 'Magaldrate + simethicone 10 ml', 'Paracetamol 650 mg']) expect(text).toContain(m);
    expect(text).toContain(F.TAMIL_ADVICE);
    expect(text).toContain('Ibuprofen');
    expect(text).toContain('Lakshmi Narayanan');
  });

  it('is in Telugu with English alongside for a Telugu consultation', async () => {
    const { text } = await render(F.teluguNote);
    for (const s of ['మీ మందులు', 'ఉదయం', 'మధ్యాహ్నం', 'రాత్రి', 'భోజనం తర్వాత', 'రోజులు', 'మళ్ళీ రావలసిన తేదీ', 'క్లినిక్ ఫోన్', 'Amlodipine 5 mg', 'Telmisartan 40 mg', F.TELUGU_ADVICE]) {
      expect(text).toContain(s);
    }
    expect(text).toContain('Tuesday, 8 December 2026');
    expect(text).toContain('Continue as before');
  });

  it('is in English only for an English consultation', async () => {
    const { text } = await render(F.englishNote);
    expect(text).toContain('Your medicines');
    expect(text).toMatch(/Morning[\s\S]*Noon[\s\S]*Evening[\s\S]*Night/);
    expect(text).toContain('At bedtime');
    expect(text).toContain('Once a week');
    expect([...text].some((c) => /\p{Script=Tamil}|\p{Script=Telugu}/u.test(c))).toBe(false);
  });

  it('prints medicine names and times in large type', async () => {
    const { pdf } = await render(F.tamilNote);
    const name = wordHeights(pdf, 'Pantoprazole');
    expect(name).toHaveLength(1);
    // 16 pt type: a word box about 1.36 × the size.
    expect(name[0]).toBeGreaterThan(20);
    for (const h of wordHeights(pdf, 'காலை')) expect(h).toBeGreaterThan(14);
    const advice = wordHeights(pdf, 'காரம்,');
    expect(advice[0]).toBeGreaterThan(16);
  });

  it('draws a rising sun for a morning dose and a moon for a night dose, pale when there is none', async () => {
    const morning = F.pagePixels((await render(one({ frequency: '1-0-0' }))).pdf);
    const night = F.pagePixels((await render(one({ frequency: '0-0-1' }))).pdf);
    const none = F.pagePixels((await render(one({ frequency: 'SOS' }))).pdf);
    expect(F.countColour(morning, SUN)).toBeGreaterThan(10);
    // A tight tolerance for the moon: anti-aliased teal headings come near its blue.
    expect(F.countColour(morning, MOON, 15)).toBe(0);
    expect(F.countColour(night, MOON, 15)).toBeGreaterThan(10);
    expect(F.countColour(night, SUN)).toBe(0);
    expect(F.countColour(none, SUN) + F.countColour(none, MOON, 15)).toBe(0);
  });

  it('draws food on the plate after food and an empty plate before food', async () => {
    const after = F.pagePixels((await render(one({ frequency: '1-0-0', timing: 'after food' }))).pdf, 1, 60);
    const before = F.pagePixels((await render(one({ frequency: '1-0-0', timing: 'before food' }))).pdf, 1, 60);
    expect(F.countColour(after, FOOD, 20)).toBeGreaterThan(5);
    expect(F.countColour(before, FOOD, 20)).toBe(0);
    const texts = [(await render(one({ frequency: '1-0-0', timing: 'before food' }))).text];
    expect(texts[0]).toContain('சாப்பாட்டுக்கு முன்');
    expect(texts[0]).toContain('Before food');
  });

  it('shows half tablets as ½ and four-times-a-day with an evening', async () => {
    const { text } = await render(F.englishNote);
    expect(text).toContain('½');
    expect(text).toContain('Evening');
  });

  it('says when nothing was prescribed, and still gives the next visit and advice', async () => {
    const { text } = await render(F.noMedicinesNote);
    expect(text).toContain('இன்று மருந்துகள் எதுவும் எழுதப்படவில்லை.');
    expect(text).toContain('நிறைய தண்ணீர் குடிங்க');
    expect(text).toContain('காய்ச்சல் குறையலைன்னா வாங்க');
  });

  it('runs onto more pages for many medicines, with the patient and page numbers on each', async () => {
    const { text, pages } = await render(F.manyMedsNote, 'a5');
    expect(pages).toBeGreaterThan(2);
    const perPage = text.split('\f').filter((p) => p.trim());
    expect(perPage).toHaveLength(pages);
    perPage.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages}`));
    expect(perPage[1]).toContain('Lakshmi Narayanan');
    expect(text.replace(/\s+/g, ' ')).toContain('Chlorpheniramine maleate');
    expect(text).toContain('Testdrug40');
  });

  it('handles an empty note and Tamil in every field', async () => {
    const empty = await render(F.emptyNote, 'a4', '');
    expect(empty.pages).toBe(1);
    expect(empty.text).toContain('No medicines were prescribed today.');
    const tamil = await render(F.allTamilNote, 'a4', F.TAMIL_EVERYWHERE.patientName);
    for (const s of [F.TAMIL_EVERYWHERE.patientName, F.TAMIL_EVERYWHERE.drug, F.TAMIL_EVERYWHERE.instructions, F.TAMIL_EVERYWHERE.investigation, 'வலி மாத்திரை']) {
      expect(tamil.text.replace(/\s+/g, ' ')).toContain(s);
    }
  });
});
