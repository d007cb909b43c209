import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderClinicalPdf } from './pdf/clinical';
import type { Paper } from './pdf/page-flow';
import { renderTakeHomePdf } from './pdf/take-home';
import * as F from './test-fixtures';

// Pages as pictures for a person to look at (test-results/ is not committed): layout, shaping
// of Tamil and Telugu, the pictograms. The assertions only check that every page was rendered.
const OUT = fileURLToPath(new URL('../../../test-results/export/', import.meta.url));

const SHEETS = [
  { name: 'ta-note-a4', render: renderClinicalPdf, note: F.tamilNote, paper: 'a4' },
  { name: 'ta-take-home-a4', render: renderTakeHomePdf, note: F.tamilNote, paper: 'a4' },
  { name: 'te-note-a5', render: renderClinicalPdf, note: F.teluguNote, paper: 'a5' },
  { name: 'te-take-home-a5', render: renderTakeHomePdf, note: F.teluguNote, paper: 'a5' },
  { name: 'en-take-home-a4', render: renderTakeHomePdf, note: F.englishNote, paper: 'a4' },
  { name: 'many-meds-note-a4', render: renderClinicalPdf, note: F.manyMedsNote, paper: 'a4' },
  { name: 'all-tamil-note-a4', render: renderClinicalPdf, note: F.allTamilNote, paper: 'a4' },
] as const;

describe('pages rendered to PNG for review', () => {
  it('writes every page of each sheet to test-results/export', async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    for (const s of SHEETS) {
      const clinic = s.note === F.allTamilNote ? F.allTamilClinic : F.clinic;
      const name = s.note === F.allTamilNote ? F.TAMIL_EVERYWHERE.patientName : 'Lakshmi Narayanan';
      const pdf = await s.render({ note: s.note, patient: F.patient(name, { age: 45, sex: 'female' }), clinic, paper: s.paper as Paper, resourcesDir: F.resourcesDir });
      const file = join(OUT, `${s.name}.pdf`);
      writeFileSync(file, pdf);
      execFileSync('pdftoppm', ['-png', '-r', '80', file, join(OUT, s.name)]);
    }
    const pngs = readdirSync(OUT).filter((f) => f.endsWith('.png'));
    for (const s of SHEETS) expect(pngs.some((p) => p.startsWith(`${s.name}-`))).toBe(true);
    expect(pngs.filter((p) => p.startsWith('many-meds-note-a4-')).length).toBeGreaterThanOrEqual(2);
    for (const p of pngs) expect(readFileSync(join(OUT, p)).subarray(1, 4).toString()).toBe('PNG');
  });
});
