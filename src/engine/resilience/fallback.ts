import type { EngineName } from '../../shared/schemas/common';
import type { ReviewFlag } from '../../shared/schemas/note';
import { CloudError, type FailureKind } from './errors';
import type { Logger } from './log';

export type Stage = 'speech' | 'entities' | 'soap';

/** Fallback order per stage: the first engine that answers wins. */
export const FALLBACK_ORDER: Record<Stage, readonly EngineName[]> = {
  speech: ['reverie', 'groq-whisper', 'whisper-local'],
  entities: ['huggingface', 'offline-rules'],
  soap: ['groq', 'offline-rules'],
};

export interface Skipped {
  engine: EngineName;
  kind: FailureKind;
}

export interface Candidate<T> {
  engine: EngineName;
  run: () => Promise<T>;
}

export interface FallbackResult<T> {
  value: T;
  engine: EngineName;
  skipped: Skipped[];
}

export const ENGINE_LABEL: Record<EngineName, string> = {
  'offline-rules': 'the offline engine',
  groq: 'Groq',
  huggingface: 'Hugging Face',
  reverie: 'Reverie',
  'groq-whisper': 'Groq Whisper',
  'whisper-local': 'the on-device Whisper engine',
  doctor: 'the doctor',
};

const REASON: Record<FailureKind, string> = {
  'not-configured': 'has no API key set',
  budget: "was not used because this month's cloud budget is spent",
  'circuit-open': 'is paused after repeated failures',
  auth: 'refused the API key',
  'bad-request': 'refused the request',
  'rate-limited': 'was busy (rate limit)',
  server: 'had a server error',
  timeout: 'did not answer in time',
  network: 'was unreachable',
  'bad-response': 'returned an unusable answer',
  aborted: 'was cancelled',
  failed: 'failed',
  unavailable: 'is not available',
};

const PRODUCT: Record<Stage, string> = {
  speech: 'the transcript was made by',
  entities: 'the medical terms were found by',
  soap: 'the note was written by',
};

/** "Groq was unreachable; the note was written by the offline engine." */
export function fallbackSentence(stage: Stage, skipped: Skipped, used: EngineName): string {
  const who = ENGINE_LABEL[skipped.engine];
  return `${who.charAt(0).toUpperCase()}${who.slice(1)} ${REASON[skipped.kind]}; ${PRODUCT[stage]} ${ENGINE_LABEL[used]}.`;
}

/** One info flag per engine that was passed over. */
export function fallbackFlags(stage: Stage, result: { engine: EngineName; skipped: readonly Skipped[] }): ReviewFlag[] {
  return result.skipped.map((s) => ({
    severity: 'info' as const,
    code: s.kind === 'not-configured' ? 'cloud-not-configured' : s.kind === 'budget' ? 'cloud-budget' : 'engine-fallback',
    message: fallbackSentence(stage, s, result.engine),
    evidence: [],
  }));
}

/**
 * Tries each candidate in order and returns the first answer with the engines passed over and
 * why. The last candidate's failure is thrown: there is nothing left to fall back to.
 */
export async function withFallback<T>(stage: Stage, candidates: readonly Candidate<T>[], logger: Logger): Promise<FallbackResult<T>> {
  const skipped: Skipped[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    try {
      return { value: await c.run(), engine: c.engine, skipped };
    } catch (e) {
      const err = e instanceof CloudError ? e : new CloudError(c.engine, 'failed', `${c.engine}: failed`);
      if (err.kind === 'aborted' || i === candidates.length - 1) throw e;
      // No key is a choice, not a fault.
      (err.kind === 'not-configured' ? logger.info : logger.warn)(`${stage}: ${err.describe()}; falling back to ${candidates[i + 1]!.engine}`);
      skipped.push({ engine: c.engine, kind: err.kind });
    }
  }
  throw new Error(`${stage}: no engine to run`);
}
