import { afterEach, describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../config/cloud-config';
import { MemoryLedger } from '../cost/ledger';
import { fakeScribe } from '../pipeline/testing/fake-scribe';
import { ManualClock } from '../resilience/clock';
import { createGroq } from './groq-client';
import { groqSoap, SYSTEM_PROMPT } from './groq-soap';
import { GROQ_PIECE_MS, GROQ_UPLOAD_MAX_BYTES, GroqWhisperEngine } from './groq-whisper';
import { createCloudServices } from './services';
import { llmNoteJsonSchema } from './soap-schema';
import { speechLike, writeWavFile } from './testing/audio';
import { type GroqStub, startGroqStub, strictProblems } from './testing/groq-stub';
import { formOf, jsonOf } from './testing/http-stub';

const KEY = 'gsk_test_0123456789abcdef';
const TRANSCRIPT = 'Fever for 3 days. BP 120/80. Dolo 650 1-0-1 after food for 5 days.';
let stub: GroqStub;
afterEach(async () => stub?.close());

async function setup(opts: { model?: string; retry?: object } = {}) {
  stub = await startGroqStub({ apiKey: KEY, write: fakeScribe(), hear: ({ index, seconds }) => [{ start: 0.5, end: Math.min(seconds, 4), text: ` பகுதி ${index} காய்ச்சல்` }] });
  const config = loadCloudConfig({ GROQ_API_KEY: KEY, GROQ_BASE_URL: stub.url, ...(opts.model ? { MEDSCRIBE_GROQ_MODEL: opts.model } : {}) }, { home: '/nonexistent' });
  const clock = new ManualClock();
  const ledger = new MemoryLedger();
  const services = createCloudServices(config, { clock, random: () => 0.5, ledger, retry: { timeoutMs: 2_000, ...opts.retry } });
  const soap = () =>
    services.policy.call('groq', 'soap', (signal) => groqSoap(createGroq(config.groq, 2_000), TRANSCRIPT, 'en', { model: config.groq.model, signal }));
  return { services, clock, ledger, soap, config };
}

describe('Groq SOAP', () => {
  it('asks for strict json_schema output on openai/gpt-oss-120b with the transcript fenced as data', async () => {
    const { soap } = await setup();
    const answer = await soap();
    expect(answer.note.medications[0]).toMatchObject({ name: 'paracetamol', strength: '650 mg', frequency: '1-0-1', durationDays: 5 });
    expect(answer.usage.inputTokens).toBeGreaterThan(0);
    const rec = stub.requests[0]!;
    expect(rec.url).toBe('/openai/v1/chat/completions');
    expect(rec.headers.authorization).toBe(`Bearer ${KEY}`);
    const body = jsonOf(rec) as { model: string; messages: { role: string; content: string }[]; response_format: { type: string; json_schema: { strict: boolean; schema: unknown } } };
    expect(body.model).toBe('openai/gpt-oss-120b');
    expect(body.messages[0]).toEqual({ role: 'system', content: SYSTEM_PROMPT });
    expect(body.messages[1]!.content).toContain(`<<<TRANSCRIPT\n${TRANSCRIPT}\nTRANSCRIPT>>>`);
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(strictProblems(body.response_format.json_schema.schema)).toEqual([]);
  });

  it('builds a schema Groq strict mode accepts: every property required, no extra properties, nullable not optional', () => {
    const schema = llmNoteJsonSchema() as { properties: Record<string, { type?: unknown; anyOf?: unknown }> };
    expect(strictProblems(schema)).toEqual([]);
    expect(schema.properties.followUpDays!.type).toEqual(['number', 'null']);
    expect(JSON.stringify(schema)).not.toContain('$schema');
    expect(strictProblems({ type: 'object', properties: { a: { type: 'string' } }, required: [] })).toHaveLength(2);
  });

  it('has the model configurable, and a model without strict support is refused as the real API does', async () => {
    const { soap } = await setup({ model: 'qwen/qwen3-32b' });
    await expect(soap()).rejects.toMatchObject({ kind: 'bad-request', status: 400 });
    expect(stub.requests).toHaveLength(1);
  });

  it('honours retry-after on 429, backs off on 5xx, and retries a json_validate_failed', async () => {
    const { soap, clock } = await setup({ retry: { maxAttempts: 4 } });
    stub.chat.push({ status: 429, headers: { 'retry-after': '2' }, json: { error: { message: 'Rate limit reached', type: 'tokens', code: 'rate_limit_exceeded' } } }, { status: 502 }, 'json_validate_failed');
    const answer = await soap();
    expect(answer.note.symptoms[0]).toMatchObject({ name: 'fever', durationDays: 3 });
    expect(stub.requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([2_000, 750, 1_500]);
  });

  it('gives up on repeated malformed JSON, a hanging server and dropped connections, with the right kind', async () => {
    for (const [behaviour, kind] of [
      ['malformed', 'bad-response'],
      ['hang', 'timeout'],
      ['destroy', 'network'],
    ] as const) {
      await stub?.close();
      const { soap } = await setup({ retry: { maxAttempts: 2, timeoutMs: 150 } });
      stub.chat.push(behaviour, behaviour);
      await expect(soap(), behaviour).rejects.toMatchObject({ engine: 'groq', kind });
      expect(stub.requests).toHaveLength(2);
    }
  });

  it('refuses a wrong key without retrying', async () => {
    const { services } = await setup();
    const bad = createGroq({ ...services.config.groq, apiKey: 'gsk_wrong' }, 1_000);
    await expect(services.policy.call('groq', 'soap', (signal) => groqSoap(bad, TRANSCRIPT, 'en', { model: 'openai/gpt-oss-120b', signal }))).rejects.toMatchObject({ kind: 'auth', status: 401 });
    expect(stub.requests).toHaveLength(1);
  });
});

describe('Groq Whisper', () => {
  it('uploads multipart with the language forced, verbose_json and segment timestamps, cut under 25 MB', async () => {
    const { services, ledger } = await setup();
    expect(GROQ_PIECE_MS * 32 + 44).toBeLessThan(GROQ_UPLOAD_MAX_BYTES);
    const w = writeWavFile(speechLike(130));
    const engine = new GroqWhisperEngine(services, { maxPieceMs: 60_000 });
    const t = await engine.transcribe({ wavPath: w.path, durationMs: w.durationMs }, { language: 'ta', prompt: 'Dolo, Pan 40' });
    expect(stub.requests).toHaveLength(3);
    for (const rec of stub.requests) {
      expect(rec.url).toBe('/openai/v1/audio/transcriptions');
      const form = await formOf(rec);
      expect(form.get('model')).toBe('whisper-large-v3');
      expect(form.get('language')).toBe('ta');
      expect(form.get('response_format')).toBe('verbose_json');
      expect(form.getAll('timestamp_granularities[]')).toEqual(['segment']);
      expect(form.get('prompt')).toBe('Dolo, Pan 40');
      expect(form.get('file')).toBeInstanceOf(File);
    }
    expect(t.engine).toBe('groq-whisper');
    expect(t.segments.map((s) => s.text)).toEqual(['பகுதி 0 காய்ச்சல்', 'பகுதி 1 காய்ச்சல்', 'பகுதி 2 காய்ச்சல்']);
    expect(t.segments[0]).toMatchObject({ startMs: 500, endMs: 4_000, language: 'ta', engine: 'groq-whisper' });
    expect(t.segments[1]!.startMs).toBeGreaterThan(50_000);
    expect(t.segments[0]!.confidence).toBeCloseTo(Math.exp(-0.25));
    expect(ledger.all.map((e) => e.engine)).toEqual(['groq-whisper', 'groq-whisper', 'groq-whisper']);
  });

  it('flags a Tamil part that came back in Latin script', async () => {
    const { services } = await setup();
    await stub.close();
    stub = await startGroqStub({ apiKey: KEY, write: fakeScribe(), hear: () => [{ start: 0, end: 3, text: 'naan moonu naala kaaichalaa irukken doctor' }] });
    const s2 = { ...services, config: { ...services.config, groq: { ...services.config.groq, baseUrl: stub.url } } };
    const w = writeWavFile(speechLike(5));
    const t = await new GroqWhisperEngine(s2).transcribe({ wavPath: w.path, durationMs: w.durationMs }, { language: 'ta' });
    expect(t.segments[0]!.flagged).toContain('No Tamil script');
  });

  it('retries a 503 and falls over on a 413 as a refused request', async () => {
    const { services, clock } = await setup();
    const w = writeWavFile(speechLike(5));
    stub.audio.push({ status: 503 });
    await new GroqWhisperEngine(services).transcribe({ wavPath: w.path, durationMs: w.durationMs }, { language: 'te' });
    expect(clock.sleeps).toEqual([375]);
    stub.audio.push({ status: 413, json: { error: { message: 'Request Entity Too Large', type: 'invalid_request_error' } } });
    await expect(new GroqWhisperEngine(services).transcribe({ wavPath: w.path, durationMs: w.durationMs }, { language: 'te' })).rejects.toMatchObject({ kind: 'bad-request', status: 413 });
  });
});
