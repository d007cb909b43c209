/** Loopback Groq and Hugging Face stand-ins wired into CloudServices, for the pipeline tests. */
import { type CloudSettings, loadCloudConfig } from '../../config/cloud-config';
import { type CloudServices, createCloudServices } from '../../cloud/services';
import { type GroqStub, startGroqStub } from '../../cloud/testing/groq-stub';
import { type HfStub, startHfStub, tagWords } from '../../cloud/testing/hf-stub';
import { MemoryLedger } from '../../cost/ledger';
import { ManualClock } from '../../resilience/clock';
import { fakeScribe, type ScribeOptions } from './fake-scribe';
import { afterEach } from 'vitest';

export const GROQ_KEY = 'gsk_live_5ecret_key_for_tests';
export const HF_TOKEN = 'hf_5ecret_token_for_tests';

export interface CloudWorld {
  groq: GroqStub;
  hf: HfStub;
  services: CloudServices;
  clock: ManualClock;
  ledger: MemoryLedger;
  lines: string[];
  close(): Promise<void>;
}

export async function cloudWorld(opts: { scribe?: ScribeOptions; settings?: CloudSettings; ledger?: MemoryLedger; retry?: object } = {}): Promise<CloudWorld> {
  const groq = await startGroqStub({ apiKey: GROQ_KEY, write: fakeScribe(opts.scribe) });
  const hf = await startHfStub({ token: HF_TOKEN, model: 'blaze999/Medical-NER', tag: tagWords({ fever: 'SIGN_SYMPTOM', chills: 'SIGN_SYMPTOM', paracetamol: 'MEDICATION', 'dolo 650': 'MEDICATION' }) });
  const config = loadCloudConfig({ GROQ_API_KEY: GROQ_KEY, GROQ_BASE_URL: groq.url, HF_TOKEN, MEDSCRIBE_HF_URL: hf.url }, { home: '/nonexistent', ...opts.settings });
  const clock = new ManualClock(new Date(2026, 10, 24, 10).getTime());
  const ledger = opts.ledger ?? new MemoryLedger();
  const lines: string[] = [];
  const services = createCloudServices(config, { clock, random: () => 0.5, ledger, sink: (level, line) => lines.push(`${level} ${line}`), retry: { timeoutMs: 1_000, ...opts.retry } });
  return {
    groq,
    hf,
    services,
    clock,
    ledger,
    lines,
    close: async () => {
      await groq.close();
      await hf.close();
    },
  };
}

/** Opens stub cloud worlds for the tests of one file; each is closed after its test. */
export function cloudWorlds(): typeof cloudWorld {
  const open: CloudWorld[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((w) => w.close()));
  });
  return async (opts) => {
    const w = await cloudWorld(opts);
    open.push(w);
    return w;
  };
}
