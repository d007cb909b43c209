import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClinicalNote } from '../shared/schemas/note';
import { main } from './index';
import { fakeIo } from './testing/fake-io';


let dir: string;
let transcript: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'medscribe-cli-'));
  transcript = join(dir, 'consultation.txt');
  writeFileSync(transcript, 'Fever for three days. Paracetamol 650 mg 1-0-1 after food for 3 days.\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('medscribe (no command / --help)', () => {
  it('lists the commands', async () => {
    for (const argv of [['--help'], []]) {
      const t = fakeIo();
      expect(await main(argv, t.io), t.stderr()).toBe(0);
      for (const name of ['note', 'demo', 'serve']) expect(t.stdout()).toMatch(new RegExp(`^\\s+${name}\\s`, 'm'));
      expect(t.stderr()).toBe('');
    }
  });

  it('prints the version from package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const t = fakeIo();
    expect(await main(['--version'], t.io), t.stderr()).toBe(0);
    expect(t.stdout().trim()).toBe(pkg.version);
  });

  it('refuses an unknown command with exit code 2 and says which', async () => {
    const t = fakeIo();
    expect(await main(['frobnicate'], t.io)).toBe(2);
    expect(t.stderr()).toContain('there is no command "frobnicate"');
    expect(t.stdout()).toBe('');
  });

  it('shows the usage of one command with --help', async () => {
    const t = fakeIo();
    expect(await main(['note', '--help'], t.io), t.stderr()).toBe(0);
    expect(t.stdout()).toContain('Usage: medscribe note --transcript');
  });
});

describe('medscribe note', () => {
  it('needs --transcript', async () => {
    const t = fakeIo();
    expect(await main(['note', '--lang', 'ta'], t.io)).toBe(2);
    expect(t.stderr()).toContain('--transcript is required');
    expect(t.stdout()).toBe('');
  });

  it('names a transcript file that does not exist', async () => {
    const t = fakeIo();
    expect(await main(['note', '--transcript', 'missing.txt', '--lang', 'ta'], t.io)).toBe(2);
    expect(t.stderr()).toMatch(/the transcript file "missing\.txt" does not exist\./);
  });

  it('says so when the transcript is a folder', async () => {
    const t = fakeIo();
    expect(await main(['note', '--transcript', dir, '--lang', 'ta'], t.io)).toBe(2);
    expect(t.stderr()).toContain('is a folder');
  });

  it('refuses languages other than ta, te and en', async () => {
    for (const lang of [['--lang', 'hi'], []]) {
      const t = fakeIo();
      expect(await main(['note', '--transcript', transcript, ...lang], t.io)).toBe(2);
      expect(t.stderr()).toContain('--lang must be one of ta, te, en');
      expect(t.stdout()).toBe('');
    }
  });

  it('refuses unknown engines and unknown options', async () => {
    const t = fakeIo();
    expect(await main(['note', '--transcript', transcript, '--lang', 'en', '--engine', 'gpt'], t.io)).toBe(2);
    expect(t.stderr()).toContain('--engine must be one of offline, auto, groq');
    const u = fakeIo();
    expect(await main(['note', '--transcript', transcript, '--lang', 'en', '--verbose'], u.io)).toBe(2);
    expect(u.stderr()).toContain('--verbose');
  });

  it('prints only the note as JSON on stdout with --json', async () => {
    const t = fakeIo();
    expect(await main(['note', '--json', '--transcript', transcript, '--lang', 'en'], t.io), t.stderr()).toBe(0);
    const note = JSON.parse(t.stdout()) as { schemaVersion: number; language: string };
    expect(note.schemaVersion).toBe(1);
    expect(note.language).toBe('en');
    expect(ClinicalNote.safeParse(note).success).toBe(true);
  });

  it('reads the transcript from standard input with --transcript -', async () => {
    const t = fakeIo('காய்ச்சல் மூணு நாளா இருக்கு.');
    expect(await main(['note', '--json', '--transcript', '-', '--lang', 'ta'], t.io), t.stderr()).toBe(0);
    expect((JSON.parse(t.stdout()) as { language: string }).language).toBe('ta');
  });

  it('prints a readable SOAP note without --json', async () => {
    const t = fakeIo();
    expect(await main(['note', '--transcript', transcript, '--lang', 'en'], t.io), t.stderr()).toBe(0);
    for (const heading of ['SUBJECTIVE', 'OBJECTIVE', 'ASSESSMENT', 'PLAN']) expect(t.stdout()).toContain(heading);
    expect(() => JSON.parse(t.stdout())).toThrow();
  });

  it('writes note.json into the --out folder, creating it', async () => {
    const out = join(dir, 'notes', 'today');
    const t = fakeIo();
    expect(await main(['note', '--json', '--transcript', transcript, '--lang', 'en', '--out', out], t.io), t.stderr()).toBe(0);
    const written = readFileSync(join(out, 'note.json'), 'utf8');
    expect(ClinicalNote.safeParse(JSON.parse(written)).success).toBe(true);
    expect(JSON.parse(written)).toEqual(JSON.parse(t.stdout()));
    expect(t.stderr()).toContain(join(out, 'note.json'));
  });
});
