/**
 * A Hugging Face Inference stand-in on loopback: POST /hf-inference/models/{model} with a Bearer
 * token and {"inputs": "...", "parameters": {...}}, answering token-classification arrays
 * ({entity_group, score, word, start, end}) or the service's errors, including the 503
 * {"error":"Model X is currently loading","estimated_time":20}.
 */
import { jsonOf, type Reply, Script, startStub, type Stub } from './http-stub';

export type HfBehaviour = 'ok' | 'loading' | 'hang' | 'destroy' | 'malformed' | { status: number; headers?: Record<string, string>; json?: unknown };

export interface HfStub extends Stub {
  script: Script<HfBehaviour>;
}

export interface NerItem {
  entity_group: string;
  score: number;
  word: string;
  start: number;
  end: number;
}

export async function startHfStub(opts: { token: string; model: string; tag: (inputs: string) => NerItem[] }): Promise<HfStub> {
  const script = new Script<HfBehaviour>('ok');
  const stub = await startStub((rec): Reply => {
    if (rec.method !== 'POST' || rec.url !== `/hf-inference/models/${opts.model}`) return { status: 404, json: { error: `Model ${rec.url} does not exist` } };
    if (rec.headers.authorization !== `Bearer ${opts.token}`) return { status: 401, json: { error: 'Invalid credentials in Authorization header' } };
    if (!rec.headers['content-type']?.startsWith('application/json')) return { status: 400, json: { error: 'Content type must be application/json' } };
    const body = jsonOf(rec) as { inputs?: unknown; parameters?: Record<string, unknown> };
    if (typeof body.inputs !== 'string') return { status: 400, json: { error: 'inputs must be a string' } };
    const strategy = body.parameters?.aggregation_strategy;
    if (strategy !== undefined && !['none', 'simple', 'first', 'average', 'max'].includes(String(strategy))) {
      return { status: 400, json: { error: `aggregation_strategy ${String(strategy)} is not supported` } };
    }
    const b = script.next();
    if (b === 'hang') return { hang: true };
    if (b === 'destroy') return { destroy: true };
    if (b === 'loading') return { status: 503, json: { error: `Model ${opts.model} is currently loading`, estimated_time: 20.0 } };
    if (b === 'malformed') return { status: 200, headers: { 'content-type': 'application/json' }, text: '[{"entity_group": "SIGN_SYMPTOM", "score": 0.9' };
    if (typeof b === 'object') return { status: b.status, headers: b.headers, json: b.json ?? { error: `status ${b.status}` } };
    return { status: 200, json: opts.tag(body.inputs) };
  });
  return { ...stub, script };
}

/** A tiny "model": tags the given words wherever they occur. */
export function tagWords(words: Record<string, string>): (inputs: string) => NerItem[] {
  return (inputs) => {
    const out: NerItem[] = [];
    for (const [word, group] of Object.entries(words)) {
      const re = new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi');
      for (const m of inputs.matchAll(re)) out.push({ entity_group: group, score: 0.93, word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
    }
    return out.sort((a, b) => a.start - b.start);
  };
}
