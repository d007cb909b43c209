import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/index';
import type { Io } from '../../cli/io';
import { ClinicalNote } from '../../shared/schemas/note';
import { type GroqStub, startGroqStub } from '../cloud/testing/groq-stub';
import { fakeScribe } from './testing/fake-scribe';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => void out.push(t), err: (t) => void err.push(t), readStdin: async () => '' };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

const KEY = 'gsk_cli_test_key_123456';
let dir: string;
let transcript: string;
let groq: GroqStub;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medscribe-cli-cloud-'));
  transcript = join(dir, 'visit.txt');
  writeFileSync(transcript, 'Fever for 3 days. BP 120/80. Dolo 650 1-0-1 after food for 5 days. Review after 5 days.\n');
  groq = await startGroqStub({ apiKey: KEY, write: fakeScribe() });
});
afterAll(async () => {
  await groq.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  for (const k of ['GROQ_API_KEY', 'HF_TOKEN', 'REVERIE_API_KEY', 'REVERIE_APP_ID', 'MEDSCRIBE_LOG', 'MEDSCRIBE_BUDGET_HARD_STOP']) vi.stubEnv(k, '');
  vi.stubEnv('MEDSCRIBE_HOME', join(dir, 'home'));
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('medscribe note --engine', () => {
  it('refuses --engine groq without a key in one sentence naming GROQ_API_KEY (exit 2)', async () => {
    const t = fakeIo();
    expect(await main(['note', '--transcript', transcript, '--lang', 'en', '--engine', 'groq'], t.io)).toBe(2);
    expect(t.stderr().split('\n')[0]).toBe('medscribe note: Groq needs an API key: set GROQ_API_KEY (or choose --engine auto or offline).');
    expect(t.stdout()).toBe('');
  });

  it('refuses an unknown engine', async () => {
    const t = fakeIo();
    expect(await main(['note', '--transcript', transcript, '--lang', 'en', '--engine', 'gpt'], t.io)).toBe(2);
    expect(t.stderr()).toContain('--engine must be one of offline, auto, groq');
  });

  it('--engine auto without keys quietly writes the offline note with an info flag', async () => {
    const t = fakeIo();
    expect(await main(['note', '--transcript', transcript, '--lang', 'en', '--engine', 'auto', '--json'], t.io), t.stderr()).toBe(0);
    const note = ClinicalNote.parse(JSON.parse(t.stdout()));
    expect(note.engines).toEqual({ entities: 'offline-rules', soap: 'offline-rules' });
    expect(note.flags).toContainEqual(expect.objectContaining({ severity: 'info', code: 'cloud-not-configured' }));
    expect(t.stderr()).toBe('');
  });

  it('--engine groq writes the note with Groq and records the cost in MEDSCRIBE_HOME', async () => {
    vi.stubEnv('GROQ_API_KEY', KEY);
    vi.stubEnv('GROQ_BASE_URL', groq.url);
    const t = fakeIo();
    expect(await main(['note', '--transcript', transcript, '--lang', 'en', '--engine', 'groq', '--json'], t.io), t.stderr()).toBe(0);
    const note = ClinicalNote.parse(JSON.parse(t.stdout()));
    expect(note.engines.soap).toBe('groq');
    expect(note.soap.plan.medications[0]).toMatchObject({ name: 'paracetamol', strength: '650 mg', frequency: '1-0-1', durationDays: 5 });
    expect(note.flags.filter((f) => f.severity === 'danger')).toEqual([]);
    const ledger = JSON.parse(readFileSync(join(dir, 'home', 'cost-ledger.json'), 'utf8')) as { entries: { engine: string }[] };
    expect(ledger.entries.map((e) => e.engine)).toEqual(['groq']);
    expect(t.stderr()).toBe('');
  });
});
