import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, rgb } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExportInputError, imageKind, loadClinicFile } from './clinic';
import { applyIcd10Choices, normaliseIcd10 } from './icd10';
import { renderClinicalPdf } from './pdf/clinical';
import * as F from './test-fixtures';

let dir: string;

/** A real logo image, drawn with pdf-lib and rasterised by pdftoppm (PNG or JPEG). */
async function makeLogo(kind: 'png' | 'jpeg'): Promise<string> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([60, 60]);
  page.drawCircle({ x: 30, y: 30, size: 26, color: rgb(0.05, 0.45, 0.5) });
  page.drawRectangle({ x: 24, y: 12, width: 12, height: 36, color: rgb(1, 1, 1) });
  page.drawRectangle({ x: 12, y: 24, width: 36, height: 12, color: rgb(1, 1, 1) });
  const pdf = join(dir, 'logo.pdf');
  writeFileSync(pdf, await doc.save());
  execFileSync('pdftoppm', [`-${kind}`, '-r', '144', '-singlefile', pdf, join(dir, `logo-${kind}`)]);
  return `logo-${kind}.${kind === 'png' ? 'png' : 'jpg'}`;
}

function clinicFile(body: unknown, name = 'clinic.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
}

const CLINIC = { name: 'Sri Lakshmi Family Clinic', address: '12, Gandhi Road, Chennai', phone: '+91 44 2222 3333', doctorName: 'Dr. K. Priya', qualifications: 'MBBS', registrationNumber: 'TNMC 123456' };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'medscribe-clinic-'));
});

describe('clinic file', () => {
  it('reads the letterhead and a PNG or JPEG logo relative to the file, and prints the logo', async () => {
    for (const kind of ['png', 'jpeg'] as const) {
      const logo = await makeLogo(kind);
      const clinic = loadClinicFile(clinicFile({ ...CLINIC, logo }));
      expect(clinic).toMatchObject({ ...CLINIC, logo: { kind: kind === 'png' ? 'png' : 'jpg' } });
      const pdf = await renderClinicalPdf({ note: F.tamilNote, patient: F.patient('A'), clinic, resourcesDir: F.resourcesDir });
      const raw = Buffer.from(pdf).toString('latin1');
      expect(raw).toMatch(/\/Subtype \/Image/);
      expect(F.pdfText(pdf)).toContain('Sri Lakshmi Family Clinic');
    }
  });

  it('says in one sentence what is wrong with a clinic file', () => {
    const bad = (path: string) => {
      try {
        loadClinicFile(path);
      } catch (err) {
        expect(err).toBeInstanceOf(ExportInputError);
        return (err as Error).message;
      }
      throw new Error('no error');
    };
    expect(bad(join(dir, 'missing.json'))).toMatch(/^the clinic file ".*missing\.json" does not exist\.$/);
    expect(bad(clinicFile('{ "name": ', 'broken.json'))).toMatch(/is not valid JSON\.$/);
    expect(bad(clinicFile({ name: 'X' }, 'nodoc.json'))).toMatch(/"doctorName"/);
    writeFileSync(join(dir, 'logo.gif'), Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'));
    expect(bad(clinicFile({ ...CLINIC, logo: 'logo.gif' }, 'gif.json'))).toMatch(/is not a PNG or JPEG image\.$/);
    expect(bad(clinicFile({ ...CLINIC, logo: 'nope.png' }, 'nologo.json'))).toMatch(/the clinic logo ".*nope\.png" does not exist\./);
    mkdirSync(join(dir, 'folder.json'), { recursive: true });
    expect(bad(join(dir, 'folder.json'))).toMatch(/is a folder/);
  });

  it('tells image kinds by their bytes, not their names', async () => {
    const logo = await makeLogo('png');
    expect(imageKind(readFileSync(join(dir, logo)))).toBe('png');
    expect(imageKind(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe('jpg');
    expect(imageKind(new TextEncoder().encode('<svg></svg>'))).toBeNull();
  });
});

describe('ICD-10 choices', () => {
  it('picks a suggested code by diagnosis name, any case, with its title', () => {
    const n = applyIcd10Choices(F.tamilNote, { GASTRITIS: 'k21.9' });
    expect(n.soap.assessment.diagnoses[0]!.icd10).toEqual({ code: 'K21.9', title: 'Gastro-oesophageal reflux disease without oesophagitis' });
    expect(n.soap.assessment.diagnoses[0]!.icd10Suggestions.map((s) => s.code)).toEqual(['K29.7', 'K21.9']);
    expect(F.tamilNote.soap.assessment.diagnoses[0]!.icd10!.code).toBe('K29.7');
  });

  it('asks the lookup for a code outside the suggestions, keeps it without a title otherwise, and removes it with "none"', () => {
    expect(applyIcd10Choices(F.tamilNote, { gastritis: 'K30' }, (c) => (c === 'K30' ? 'Functional dyspepsia' : undefined)).soap.assessment.diagnoses[0]!.icd10).toEqual({ code: 'K30', title: 'Functional dyspepsia' });
    expect(applyIcd10Choices(F.tamilNote, { gastritis: 'K31.9' }).soap.assessment.diagnoses[0]!.icd10).toEqual({ code: 'K31.9', title: '' });
    expect(applyIcd10Choices(F.tamilNote, { gastritis: 'none' }).soap.assessment.diagnoses[0]!.icd10).toBeUndefined();
  });

  it('refuses codes that are not ICD-10 and names that are not in the note', () => {
    expect(() => applyIcd10Choices(F.tamilNote, { gastritis: 'gastric' })).toThrow(/"gastric" is not an ICD-10 code/);
    expect(() => applyIcd10Choices(F.tamilNote, { gastritis: '12.3' })).toThrow(ExportInputError);
    expect(() => applyIcd10Choices(F.tamilNote, { asthma: 'J45.9' })).toThrow(/there is no diagnosis "asthma" in this note \(it has: gastritis\)\./);
  });

  it('normalises how people type codes', () => {
    expect(normaliseIcd10(' k297 ')).toBe('K29.7');
    expect(normaliseIcd10('J45901')).toBe('J45.901');
    expect(normaliseIcd10('I10')).toBe('I10');
  });
});
