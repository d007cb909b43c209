import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../config/cloud-config';
import { MemoryLedger } from '../cost/ledger';
import { ManualClock } from '../resilience/clock';
import { ReverieSpeechEngine } from './reverie-engine';
import { createCloudServices } from './services';
import { speechLike, quietBefore, RATE, writeWavFile } from './testing/audio';
import { formOf } from './testing/http-stub';
import { type ReverieStub, startReverieStub } from './testing/reverie-stub';
import { readWav } from './wav';

const KEY = 'rev-key-0123456789';
const APP = 'rev-app-42';
let stub: ReverieStub;
let long: { path: string; durationMs: number };
let samples: Int16Array;

beforeAll(() => {
  samples = speechLike(700);
  long = writeWavFile(samples);
});
afterEach(async () => stub?.close());

async function setup(opts: { key?: string; retry?: object } = {}) {
  stub = await startReverieStub({ apiKey: KEY, appId: APP, hear: (audio, i) => [`muunu naal kaaychal ${i}`, `3 நாள் காய்ச்சல் ${i} (${audio.length} bytes)`] });
  const config = loadCloudConfig({ REVERIE_API_KEY: opts.key ?? KEY, REVERIE_APP_ID: APP, MEDSCRIBE_REVERIE_URL: stub.url }, { home: '/nonexistent' });
  const clock = new ManualClock();
  const ledger = new MemoryLedger();
  const services = createCloudServices(config, { clock, random: () => 0.5, ledger, retry: { timeoutMs: 2_000, ...opts.retry } });
  return { engine: new ReverieSpeechEngine(services), clock, ledger };
}

const short = () => writeWavFile(speechLike(20));

describe('Reverie file API', () => {
  it('sends the documented headers and form field, cuts ≤ 300 s pieces at silences, prefers display_text', async () => {
    const { engine, ledger } = await setup();
    const progress: number[] = [];
    const t = await engine.transcribe({ wavPath: long.path, durationMs: long.durationMs }, { language: 'ta', onProgress: (f) => progress.push(f) });
    expect(stub.requests.length).toBe(3);
    for (const rec of stub.requests) {
      expect(rec.headers).toMatchObject({ 'rev-api-key': KEY, 'rev-app-id': APP, 'rev-appname': 'stt_file', src_lang: 'ta', domain: 'generic', format: '16k_int16', logging: 'false' });
      const form = await formOf(rec);
      expect([...form.keys()]).toEqual(['audio_file']);
      const wav = readWav(new Uint8Array(await (form.get('audio_file') as File).arrayBuffer()));
      expect(wav.samples.length / RATE).toBeLessThanOrEqual(300);
    }
    expect(t.engine).toBe('reverie');
    expect(t.segments.map((s) => s.text.split(' (')[0])).toEqual(['3 நாள் காய்ச்சல் 0', '3 நாள் காய்ச்சல் 1', '3 நாள் காய்ச்சல் 2']);
    const [a, b, c] = t.segments;
    expect(a!.startMs).toBe(0);
    expect(b!.startMs).toBe(a!.endMs);
    expect(c!.startMs).toBe(b!.endMs);
    expect(c!.endMs).toBe(700_000);
    for (const cut of [a!.endMs, b!.endMs]) {
      expect(cut).toBeLessThanOrEqual(cut === a!.endMs ? 300_000 : a!.endMs + 300_000);
      expect(quietBefore(samples, (cut * RATE) / 1000), `cut at ${cut} ms is inside a burst`).toBe(true);
    }
    expect(t.text).toContain('3 நாள் காய்ச்சல் 0');
    expect(progress).toEqual([1 / 3, 2 / 3, 1]);
    // Billed per started minute: 5 + 5 + 2 minutes at ₹0.50 (pieces of ~298 s, ~298 s, ~104 s).
    expect(ledger.all.map((e) => e.units.minutes)).toEqual([5, 5, 2]);
    expect(ledger.all.reduce((s, e) => s + e.inr, 0)).toBe(6);
  });

  it('retries a 429 after its retry-after and a 5xx after backoff', async () => {
    const { engine, clock } = await setup();
    stub.file.push({ status: 429, headers: { 'retry-after': '3' } }, { status: 503 });
    const w = short();
    const t = await engine.transcribe({ wavPath: w.path, durationMs: w.durationMs }, { language: 'te' });
    expect(t.segments).toHaveLength(1);
    expect(stub.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([3_000, 750]);
  });

  it('does not retry a refused key (403) and says so as an auth failure', async () => {
    const { engine } = await setup({ key: 'wrong-key' });
    const w = short();
    await expect(engine.transcribe({ wavPath: w.path, durationMs: w.durationMs }, { language: 'ta' })).rejects.toMatchObject({ kind: 'auth', status: 403 });
    expect(stub.requests).toHaveLength(1);
  });

  it('treats malformed JSON as a bad answer (retried) and a timeout as a timeout', async () => {
    const { engine } = await setup({ retry: { timeoutMs: 150, maxAttempts: 2 } });
    stub.file.push('malformed', 'malformed');
    const w = short();
    await expect(engine.transcribe({ wavPath: w.path, durationMs: w.durationMs }, { language: 'ta' })).rejects.toMatchObject({ kind: 'bad-response' });
    stub.file.push('hang', 'hang');
    await expect(engine.transcribe({ wavPath: w.path, durationMs: w.durationMs }, { language: 'ta' })).rejects.toMatchObject({ kind: 'timeout' });
    expect(stub.requests).toHaveLength(4);
  });

  it('says it is unavailable without keys, and with the circuit open', async () => {
    const { engine } = await setup({ retry: { maxAttempts: 1 } });
    expect(await engine.available()).toBe(true);
    const w = short();
    for (let i = 0; i < 4; i++) {
      stub.file.push({ status: 500 });
      await expect(engine.transcribe({ wavPath: w.path, durationMs: w.durationMs }, { language: 'ta' })).rejects.toMatchObject({ kind: 'server' });
    }
    expect(await engine.available()).toBe(false);
    await expect(engine.transcribe({ wavPath: w.path, durationMs: w.durationMs }, { language: 'ta' })).rejects.toMatchObject({ kind: 'circuit-open' });
    expect(stub.requests).toHaveLength(4);
    const none = new ReverieSpeechEngine(createCloudServices(loadCloudConfig({}, { home: '/nonexistent' }), { ledger: new MemoryLedger() }));
    expect(await none.available()).toBe(false);
  });
});
