import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeRawSql, initStore, PASSPHRASE, PASSWORD, rawSql, tempHome } from '../../engine/store/test-helpers';
import { localDate } from './search';
import { medscribe } from '../testing/fake-io';


const TAMIL = 'மூன்று நாளா காய்ச்சல் இருக்கு. Dolo 650 ஒரு நாளைக்கு மூன்று வேளை சாப்பாட்டுக்கு அப்புறம் மூன்று நாள் குடுங்க.';
const TELUGU = 'రెండు రోజులుగా జ్వరం ఉంది. Paracetamol 500 mg రోజుకు రెండు సార్లు.';

let home: string;
let cleanup: () => void;
const files: Record<string, string> = {};

beforeAll(async () => {
  ({ home, cleanup } = tempHome('medscribe-cli-search-'));
  // The folder is made with cheap key derivation; the CLI unwraps with the cost stored in the key file.
  const store = await initStore(home);
  await store.addDoctor({ name: 'Dr A', password: PASSWORD });
  await store.addDoctor({ name: 'Dr B', password: 'b-password-2' });
  store.close();
  files.ta = join(home, 'ta.txt');
  files.te = join(home, 'te.txt');
  writeFileSync(files.ta, TAMIL);
  writeFileSync(files.te, TELUGU);
  vi.stubEnv('MEDSCRIBE_HOME', home);
  vi.stubEnv('MEDSCRIBE_PASSPHRASE', PASSPHRASE);
  vi.stubEnv('MEDSCRIBE_DOCTOR_PASSWORD', PASSWORD);
});
afterAll(() => {
  vi.unstubAllEnvs();
  cleanup();
});

describe('medscribe note --save', () => {
  it('stores the note it prints under the signed-in doctor', async () => {
    const ta = await medscribe('note', '--transcript', files.ta ?? '', '--lang', 'ta', '--json', '--save', '--doctor', 'Dr A', '--patient', 'Kannan Pillai');
    expect(ta.code, ta.stderr).toBe(0);
    expect(JSON.parse(ta.stdout)).toMatchObject({ schemaVersion: 1, language: 'ta' });
    expect(ta.stderr).toMatch(/Saved consultation [0-9a-f-]{36} in the encrypted store/);
    const te = await medscribe('note', '--transcript', files.te ?? '', '--lang', 'te', '--save', '--doctor', 'dr a', '--patient', 'Sravani');
    expect(te.code, te.stderr).toBe(0);
  });

  it('saves nothing when the doctor’s password is wrong', async () => {
    vi.stubEnv('MEDSCRIBE_DOCTOR_PASSWORD', 'not-the-password');
    const r = await medscribe('note', '--transcript', files.ta ?? '', '--lang', 'ta', '--save', '--doctor', 'Dr A');
    vi.stubEnv('MEDSCRIBE_DOCTOR_PASSWORD', PASSWORD);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/doctor name and password do not match/);
    expect(JSON.parse((await medscribe('db', 'stats', '--json')).stdout)).toMatchObject({ consultations: 2 });
  });

  it.each([
    [['--save'], /--save needs --doctor/],
    [['--doctor', 'Dr A'], /go with --save/],
    [['--patient', 'X'], /go with --save/],
  ])('refuses %j with exit code 2', async (extra, message) => {
    const r = await medscribe('note', '--transcript', files.ta ?? '', '--lang', 'ta', ...extra);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('medscribe search', () => {
  it('finds Tamil and Telugu notes by their words, for their doctor only', async () => {
    const ta = await medscribe('search', 'காய்ச்சல்', '--doctor', 'Dr A');
    expect(ta.code, ta.stderr).toBe(0);
    expect(ta.stdout).toMatch(/^DATE +STATUS +PATIENT/);
    expect(ta.stdout).toContain('Kannan Pillai');
    expect(ta.stdout).not.toContain('Sravani');
    const te = JSON.parse((await medscribe('search', 'జ్వరం', '--doctor', 'Dr A', '--json')).stdout) as { patientName: string }[];
    expect(te.map((r) => r.patientName)).toEqual(['Sravani']);
    expect(JSON.parse((await medscribe('search', 'paracetamol', '--doctor', 'Dr A', '--json')).stdout)).toHaveLength(2);

    vi.stubEnv('MEDSCRIBE_DOCTOR_PASSWORD', 'b-password-2');
    const b = await medscribe('search', 'காய்ச்சல்', '--doctor', 'Dr B');
    vi.stubEnv('MEDSCRIBE_DOCTOR_PASSWORD', PASSWORD);
    expect(b).toMatchObject({ code: 0, stdout: '', stderr: 'No consultations match.\n' });
  });

  it('filters by date and status', async () => {
    const today = new Date();
    const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const tomorrow = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
    const count = async (...extra: string[]) => (JSON.parse((await medscribe('search', 'paracetamol', '--doctor', 'Dr A', '--json', ...extra)).stdout) as unknown[]).length;
    expect(await count('--from', ymd(today), '--to', ymd(today))).toBe(2);
    expect(await count('--from', ymd(tomorrow))).toBe(0);
    expect(await count('--status', 'ready')).toBe(2);
    expect(await count('--status', 'signed')).toBe(0);
  });

  it.each([
    [['fever'], /--doctor NAME is required/],
    [['--doctor', 'Dr A'], /give the words/],
    [['fever', '--doctor', 'Dr A', '--from', '2026-02-30'], /--from must be a date/],
    [['fever', '--doctor', 'Dr A', '--status', 'done'], /--status must be one of/],
    [['fever', '--doctor', 'Dr A', '--limit', '0'], /--limit must be/],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const r = await medscribe('search', ...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('turns calendar dates into local-midnight instants', () => {
    expect(localDate('2026-03-01', '--from')).toBe(new Date(2026, 2, 1).toISOString());
    expect(localDate('2026-02-28', '--to', true)).toBe(new Date(2026, 2, 1).toISOString());
  });
});

describe('medscribe audit verify', () => {
  it('says the log is intact, then finds and names an edited entry', async () => {
    const ok = await medscribe('audit', 'verify');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/intact: \d+ entries/);
    const sql = await rawSql(home);
    sql.exec('DROP TRIGGER audit_log_no_update');
    sql.prepare("UPDATE audit_log SET action = 'read' WHERE seq = 4").run();
    closeRawSql();
    const broken = await medscribe('audit', 'verify');
    expect(broken).toMatchObject({ code: 1, stdout: '' });
    expect(broken.stderr).toMatch(/entry 4 was changed .*first broken entry: 4/);
    expect(JSON.parse((await medscribe('audit', 'verify', '--json')).stdout)).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('refuses anything but verify', async () => {
    expect((await medscribe('audit')).code).toBe(2);
    expect((await medscribe('audit', 'fix')).stderr).toMatch(/there is no "audit fix"/);
  });
});
