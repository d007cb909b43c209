import { afterEach, describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../config/cloud-config';
import { MemoryLedger } from '../cost/ledger';
import { ManualClock } from '../resilience/clock';
import { hfEndpoint, hfTokenClassification } from './hf-ner';
import { createCloudServices } from './services';
import { jsonOf } from './testing/http-stub';
import { type HfStub, startHfStub, tagWords } from './testing/hf-stub';

const TOKEN = 'hf_test_token_0123456789';
const MODEL = 'blaze999/Medical-NER';
let stub: HfStub;
afterEach(async () => stub?.close());

async function setup(retry: object = {}) {
  stub = await startHfStub({ token: TOKEN, model: MODEL, tag: tagWords({ fever: 'SIGN_SYMPTOM', paracetamol: 'MEDICATION', '650 mg': 'DOSAGE' }) });
  const config = loadCloudConfig({ HF_TOKEN: TOKEN, MEDSCRIBE_HF_URL: stub.url }, { home: '/nonexistent' });
  const clock = new ManualClock();
  const services = createCloudServices(config, { clock, random: () => 0.5, ledger: new MemoryLedger(), retry: { timeoutMs: 2_000, ...retry } });
  const ner = (text: string) => services.policy.call('huggingface', 'ner', (signal) => hfTokenClassification(config.hf, text, signal));
  return { ner, clock, config };
}

describe('Hugging Face NER', () => {
  it('posts inputs with aggregation_strategy "simple" straight to the model endpoint, with the token', async () => {
    const { ner, config } = await setup();
    const spans = await ner('Fever for 3 days. Paracetamol 650 mg twice a day.');
    expect(hfEndpoint(config.hf)).toBe(`${stub.url}/hf-inference/models/blaze999/Medical-NER`);
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(jsonOf(stub.requests[0]!)).toEqual({ inputs: 'Fever for 3 days. Paracetamol 650 mg twice a day.', parameters: { aggregation_strategy: 'simple' } });
    expect(spans.map((s) => [s.group, s.word, s.start, s.end])).toEqual([
      ['SIGN_SYMPTOM', 'fever', 0, 5],
      ['MEDICATION', 'paracetamol', 18, 29],
      ['DOSAGE', '650 mg', 30, 36],
    ]);
  });

  it('waits estimated_time on a 503 "currently loading" when the policy allows it, once per try (no endless client retry)', async () => {
    const { ner, clock } = await setup({ maxRetryAfterMs: 30_000 });
    stub.script.push('loading');
    const spans = await ner('fever');
    expect(spans).toHaveLength(1);
    expect(stub.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([20_000]);
  });

  it('does not wait 20 s by default: the offline engine is faster', async () => {
    const { ner, clock } = await setup();
    stub.script.push('loading', 'loading', 'loading');
    await expect(ner('fever')).rejects.toMatchObject({ engine: 'huggingface', kind: 'server', status: 503, retryAfterMs: 20_000, code: 'model-loading' });
    expect(stub.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('honours retry-after on 429', async () => {
    const { ner, clock } = await setup();
    stub.script.push({ status: 429, headers: { 'retry-after': '4' }, json: { error: 'Rate limit reached' } });
    await ner('fever');
    expect(clock.sleeps).toEqual([4_000]);
  });

  it('classifies malformed answers, timeouts, dropped connections and bad tokens', async () => {
    for (const [behaviour, kind] of [
      ['malformed', 'bad-response'],
      ['hang', 'timeout'],
      ['destroy', 'network'],
    ] as const) {
      await stub?.close();
      const { ner } = await setup({ maxAttempts: 2, timeoutMs: 150 });
      stub.script.push(behaviour, behaviour);
      await expect(ner('fever'), behaviour).rejects.toMatchObject({ engine: 'huggingface', kind });
      expect(stub.requests).toHaveLength(2);
    }
    const wrong = loadCloudConfig({ HF_TOKEN: 'hf_wrong', MEDSCRIBE_HF_URL: stub.url });
    await expect(hfTokenClassification(wrong.hf, 'fever', AbortSignal.timeout(1_000))).rejects.toMatchObject({ kind: 'auth', status: 401 });
  });
});
