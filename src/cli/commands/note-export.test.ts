import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateR4 } from '../../engine/export/fhir/r4-validator';
import { main } from '../index';
import { fakeIo } from '../testing/fake-io';


let dir: string;
let transcript: string;

const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'medscribe-export-cli-'));
  transcript = join(dir, 'visit.txt');
  writeFileSync(transcript, 'மூன்று நாளா தலைவலி இருக்கு. காய்ச்சல் இல்லை. BP 130/86. Paracetamol 650 mg ஒரு நாளைக்கு மூன்று வேளை சாப்பாட்டுக்கு அப்புறம் மூன்று நாள். நிறைய தண்ணீர் குடிங்க. மூன்று நாள் கழிச்சு வாங்க.\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  const t = fakeIo();
  const code = await main(['note', '--transcript', transcript, '--lang', 'ta', ...args], t.io);
  return { code, stdout: t.stdout(), stderr: t.stderr() };
}

describe('medscribe note --out: PDFs and FHIR', () => {
  it('writes the note, both PDFs and both bundles for the patient, on the clinic letterhead', async () => {
    const clinic = join(dir, 'clinic.json');
    writeFileSync(clinic, JSON.stringify({ name: 'Anbu Clinic', address: 'Madurai', phone: '0452 123456', doctorName: 'Dr. R. Anbu', qualifications: 'MBBS', registrationNumber: 'TNMC 777' }));
    const out = join(dir, 'out-a5');
    const r = await run('--out', out, '--patient', 'Selvi Raman', '--age', '61', '--sex', 'female', '--paper', 'a5', '--clinic', clinic);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['note.json', 'note.pdf', 'take-home.pdf', 'fhir-bundle.json', 'prescription-bundle.json']) expect(r.stderr).toContain(join(out, f));
    const note = pdfText(join(out, 'note.pdf'));
    for (const s of ['Anbu Clinic', 'Dr. R. Anbu', 'Selvi Raman', '61 y / Female', 'Paracetamol', 'நிறைய தண்ணீர் குடிங்க']) expect(note).toContain(s);
    expect(pdfText(join(out, 'take-home.pdf'))).toContain('காலை');
    const op = JSON.parse(readFileSync(join(out, 'fhir-bundle.json'), 'utf8')) as Record<string, unknown>;
    const rx = JSON.parse(readFileSync(join(out, 'prescription-bundle.json'), 'utf8')) as Record<string, unknown>;
    expect(validateR4(op)).toEqual([]);
    expect(validateR4(rx)).toEqual([]);
    expect(JSON.stringify(op)).toContain('"gender":"female"');
    // Nothing about the patient on stdout or stderr beyond the note itself and file names.
    expect(r.stderr).not.toContain('Selvi');
  });

  it('uses the labelled demo letterhead when no clinic file is given', async () => {
    const out = join(dir, 'out-demo');
    const r = await run('--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(pdfText(join(out, 'note.pdf'))).toContain('MedScribe Demo Clinic');
  });

  it.each([
    [['--clinic', 'missing.json'], /the clinic file ".*missing\.json" does not exist\./],
    [['--age', 'forty'], /--age must be a whole number/],
    [['--sex', 'f'], /--sex must be one of male, female, other/],
    [['--paper', 'letter'], /--paper must be a4 or a5/],
    [['--icd10', 'K29.7'], /--icd10 takes DIAGNOSIS=CODE/],
    [['--icd10', 'asthma=J45.9'], /there is no diagnosis "asthma" in this note/],
  ])('refuses %j with one sentence and exit code 2', async (extra, message) => {
    const r = await run('--out', join(dir, 'never'), ...extra);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a clinic file that is not JSON, or whose logo is not a PNG or JPEG', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ name: Anbu }');
    expect((await run('--out', join(dir, 'x'), '--clinic', broken)).stderr).toMatch(/is not valid JSON\./);
    writeFileSync(join(dir, 'logo.png'), 'not really a png');
    const withLogo = join(dir, 'logo-clinic.json');
    writeFileSync(withLogo, JSON.stringify({ name: 'A', doctorName: 'Dr B', logo: 'logo.png' }));
    const r = await run('--out', join(dir, 'y'), '--clinic', withLogo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a PNG or JPEG image\./);
  });

  it('says it cannot write to the --out folder, with exit code 1 and no stack trace', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = await run('--out', join(file, 'sub'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/could not write the files to ".*a-file\/sub" \(ENOTDIR\); give --out a folder you can write to\./);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('takes the export options only with --out', async () => {
    const r = await run('--paper', 'a5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/go with --out/);
  });
});
