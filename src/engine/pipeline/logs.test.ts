import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCloudConfig } from '../config/cloud-config';
import { GroqWhisperEngine } from '../cloud/groq-whisper';
import { ReverieSpeechEngine } from '../cloud/reverie-engine';
import { ReverieLiveSession } from '../cloud/reverie-stream';
import { createCloudServices } from '../cloud/services';
import { speechLike, writeWavFile } from '../cloud/testing/audio';
import { type GroqStub, startGroqStub } from '../cloud/testing/groq-stub';
import { type HfStub, startHfStub, tagWords } from '../cloud/testing/hf-stub';
import { type ReverieStub, startReverieStub } from '../cloud/testing/reverie-stub';
import { pcmBytes } from '../cloud/wav';
import { MemoryLedger } from '../cost/ledger';
import { ManualClock } from '../resilience/clock';
import { writeNote } from './note-pipeline';
import { fakeScribe } from './testing/fake-scribe';
import { fixtureResources } from './testing/lexicon-fixture';
import { transcribeWithFallback } from './transcribe';

const SECRETS = { groq: 'gsk_LOGTEST_a1b2c3d4e5', hf: 'hf_LOGTEST_f6g7h8i9', reverieKey: 'rev_LOGTEST_j0k1l2', reverieApp: 'app_LOGTEST_m3n4' };
const PATIENT = 'Meenakshi Sundaram';
const PHRASE = 'Dolo 650 1-0-1 after food';
const TRANSCRIPT = `${PATIENT}, phone 98450 12345, fever for 3 days. BP 120/80. ${PHRASE} for 5 days. Review after 5 days.`;

let groq: GroqStub;
let hf: HfStub;
let reverie: ReverieStub;
let resourcesDir: string;
beforeAll(async () => {
  resourcesDir = fixtureResources();
  groq = await startGroqStub({ apiKey: SECRETS.groq, write: fakeScribe(), hear: () => [{ start: 0, end: 2, text: `${PATIENT} ${PHRASE}` }] });
  hf = await startHfStub({ token: SECRETS.hf, model: 'blaze999/Medical-NER', tag: tagWords({ fever: 'SIGN_SYMPTOM' }) });
  reverie = await startReverieStub({ apiKey: SECRETS.reverieKey, appId: SECRETS.reverieApp, hear: () => [PHRASE, `${PATIENT}: ${PHRASE}`] });
});
afterAll(async () => {
  await Promise.all([groq.close(), hf.close(), reverie.close()]);
});

describe('logs', () => {
  it('hold no key, transcript text or patient name through a full run with failures and fallbacks', async () => {
    const printed: string[] = [];
    const capture = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    const lines: string[] = [];
    const env = {
      GROQ_API_KEY: SECRETS.groq,
      GROQ_BASE_URL: groq.url,
      HF_TOKEN: SECRETS.hf,
      MEDSCRIBE_HF_URL: hf.url,
      REVERIE_API_KEY: SECRETS.reverieKey,
      REVERIE_APP_ID: SECRETS.reverieApp,
      MEDSCRIBE_REVERIE_URL: reverie.url,
    };
    const clock = new ManualClock();
    const services = createCloudServices(loadCloudConfig(env, { home: '/nonexistent' }), {
      clock,
      random: () => 0.5,
      ledger: new MemoryLedger(),
      sink: (level, line) => lines.push(`${level}: ${line}`),
      retry: { timeoutMs: 300, maxAttempts: 2 },
    });

    // Speech: Reverie refuses, then fails twice; Groq Whisper answers.
    const wav = writeWavFile(speechLike(4));
    reverie.file.push({ status: 429, headers: { 'retry-after': '1' } }, { status: 500 });
    const speech = await transcribeWithFallback([new ReverieSpeechEngine(services), new GroqWhisperEngine(services)], { wavPath: wav.path, durationMs: wav.durationMs }, { language: 'en' }, services.logger);
    expect(speech.transcript.engine).toBe('groq-whisper');
    // Live: a dropped stream, reconnected; then a refused handshake with a wrong key.
    reverie.stream.push({ dropAfterBytes: 8_000 });
    const live = new ReverieLiveSession(services, { language: 'en' });
    live.start();
    live.write(pcmBytes(speechLike(1)));
    await live.finish();
    const badLive = new ReverieLiveSession({ ...services, config: { ...services.config, reverie: { ...services.config.reverie, apiKey: `${SECRETS.reverieKey}x` } } }, { language: 'en', maxAttempts: 1 });
    badLive.start();
    badLive.write(pcmBytes(speechLike(0.2)));
    await expect(badLive.finish()).rejects.toMatchObject({ kind: 'network' });

    // Note: Groq 429, then json_validate_failed (whose failed_generation holds the patient's note), then a timeout → offline.
    groq.chat.push({ status: 429, headers: { 'retry-after': '1' }, json: { error: { message: `Rate limit for ${PATIENT}`, type: 'tokens' } } }, 'json_validate_failed');
    hf.script.push('loading');
    const first = await writeNote({ transcript: TRANSCRIPT, language: 'en', engine: 'auto', names: [PATIENT] }, services, { resourcesDir });
    expect(first.note.engines.soap).toBe('offline-rules');
    groq.chat.push('hang', 'hang');
    hf.script.push('malformed', 'malformed');
    const second = await writeNote({ transcript: TRANSCRIPT, language: 'en', engine: 'groq', names: [PATIENT] }, services, { resourcesDir });
    expect(second.note.flags.map((f) => f.code)).toContain('engine-fallback');
    // Four Groq failures opened its circuit; a minute later one probe goes through.
    clock.advance(60_000);
    const third = await writeNote({ transcript: TRANSCRIPT, language: 'en', engine: 'auto', names: [PATIENT] }, services, { resourcesDir });
    expect(third.note.engines.soap).toBe('groq');

    stderr.mockRestore();
    if (process.env.MEDSCRIBE_SHOW_LOGS) process.stdout.write(`${lines.join('\n')}\n`);
    const everything = [...lines, ...printed].join('\n');
    // The test has teeth: failures were logged, with their causes.
    expect(lines.length).toBeGreaterThan(8);
    expect(everything).toContain('groq soap: try 1 failed: groq rate-limited (HTTP 429)');
    expect(everything).toContain('[json_validate_failed]');
    expect(everything).toMatch(/reverie stream: try 1 failed: reverie network/);
    for (const secret of [...Object.values(SECRETS), PATIENT, 'Meenakshi', 'Sundaram', '98450', PHRASE, 'fever for 3 days', 'Dolo']) {
      expect(everything, secret).not.toContain(secret);
    }
  });
});
