import { afterEach, describe, expect, it } from 'vitest';
import type { Transcript } from '../../shared/schemas/domain';
import { loadCloudConfig } from '../config/cloud-config';
import { MemoryLedger } from '../cost/ledger';
import { speechEnginesFor, transcribeWithFallback } from '../pipeline/transcribe';
import { ManualClock } from '../resilience/clock';
import type { SpeechEngine } from '../stt/speech-engine';
import { createCloudServices } from './services';
import { SpeechEngineRegistry } from '../stt/registry';
import { cloudSpeechEngines } from './speech-engines';
import { cloudSpeechRegistrations, speechKeyProblem } from './speech-registrations';
import { speechLike, writeWavFile } from './testing/audio';
import { type GroqStub, startGroqStub } from './testing/groq-stub';
import { type ReverieStub, startReverieStub } from './testing/reverie-stub';

let reverie: ReverieStub | undefined;
let groq: GroqStub | undefined;
afterEach(async () => {
  await reverie?.close();
  await groq?.close();
});

/** Stands in for the local whisper.cpp engine of src/engine/stt. */
const localWhisper: SpeechEngine = {
  name: 'whisper-local',
  available: async () => true,
  transcribe: async (_input, opts): Promise<Transcript> => ({ language: opts.language, text: 'local', segments: [], engine: 'whisper-local' }),
};

describe('cloud speech engines', () => {
  it('are Reverie then Groq Whisper, and fall back in that order to the local engine', async () => {
    reverie = await startReverieStub({ apiKey: 'rk-123456', appId: 'ra-1', hear: () => ['x', 'y'] });
    groq = await startGroqStub({ apiKey: 'gk-123456', write: () => ({}), hear: () => [{ start: 0, end: 1, text: ' groq heard it' }] });
    const config = loadCloudConfig({ REVERIE_API_KEY: 'rk-123456', REVERIE_APP_ID: 'ra-1', MEDSCRIBE_REVERIE_URL: reverie.url, GROQ_API_KEY: 'gk-123456', GROQ_BASE_URL: groq.url }, { home: '/nonexistent' });
    const services = createCloudServices(config, { clock: new ManualClock(), ledger: new MemoryLedger(), retry: { maxAttempts: 1 } });
    const engines = [...cloudSpeechEngines(config, { services }), localWhisper];
    expect(engines.map((e) => e.name)).toEqual(['reverie', 'groq-whisper', 'whisper-local']);
    const w = writeWavFile(speechLike(3));
    reverie.file.push({ status: 503 });
    const r = await transcribeWithFallback(engines, { wavPath: w.path, durationMs: w.durationMs }, { language: 'te' }, services.logger);
    expect(r.transcript.engine).toBe('groq-whisper');
    expect(r.flags.map((f) => f.message)).toEqual(['Reverie had a server error; the transcript was made by Groq Whisper.']);
    groq.audio.push({ status: 500 });
    reverie.file.push({ status: 500 });
    const local = await transcribeWithFallback(engines, { wavPath: w.path, durationMs: w.durationMs }, { language: 'te' }, services.logger);
    expect(local.transcript.engine).toBe('whisper-local');
    expect(local.flags).toHaveLength(2);
  });

  it('without keys: auto goes straight to the local engine; an explicit cloud engine names its variable', async () => {
    const config = loadCloudConfig({}, { home: '/nonexistent' });
    const all = [...cloudSpeechEngines(config, { ledger: new MemoryLedger() }), localWhisper];
    const w = writeWavFile(speechLike(1));
    const auto = speechEnginesFor('auto', all, config);
    const r = await transcribeWithFallback(auto.engines, { wavPath: w.path, durationMs: w.durationMs }, { language: 'ta' }, createCloudServices(config, { ledger: new MemoryLedger() }).logger);
    expect(r.transcript.engine).toBe('whisper-local');
    expect(r.flags.map((f) => f.code)).toEqual(['cloud-not-configured', 'cloud-not-configured']);
    expect(speechEnginesFor('reverie', all, config).problem).toBe('Reverie needs its API key and app id: set REVERIE_API_KEY and REVERIE_APP_ID (or choose --engine auto to use the offline engine).');
    expect(speechEnginesFor('groq', all, config).problem).toContain('GROQ_API_KEY');
    expect(speechEnginesFor('whisper', all, config)).toEqual({ engines: [localWhisper], problem: null });
  });
});

describe('registrations for the speech engine registry', () => {
  it('put Reverie, then Groq, before the offline engine in auto, and pick the first with keys', async () => {
    const registry = new SpeechEngineRegistry();
    for (const r of cloudSpeechRegistrations({ ledger: new MemoryLedger() })) registry.register(r);
    registry.register({ id: 'whisper', engineName: 'whisper-local', autoOrder: 1000, summary: 'local', create: () => localWhisper });
    expect(registry.ids()).toEqual(['reverie', 'groq', 'whisper']);
    const none = await registry.pick('auto', { language: 'ta', env: {} });
    expect(none.engine.name).toBe('whisper-local');
    const fresh = new SpeechEngineRegistry();
    for (const r of cloudSpeechRegistrations({ ledger: new MemoryLedger() })) fresh.register(r);
    const withGroq = await fresh.pick('auto', { language: 'ta', env: { GROQ_API_KEY: 'gk-1', MEDSCRIBE_HOME: '/nonexistent' } });
    expect(withGroq.engine.name).toBe('groq-whisper');
    expect(speechKeyProblem('reverie', {})).toContain('REVERIE_API_KEY');
    expect(speechKeyProblem('groq', { GROQ_API_KEY: 'gk-1' })).toBeNull();
    expect(speechKeyProblem('whisper', {})).toBeNull();
  });
});
