import type { EngineName } from '../../shared/schemas/common';

/**
 * Why a cloud call failed. The kind decides retrying, whether the circuit counts it, and the
 * sentence the doctor sees; the message never holds patient data (server bodies are not copied).
 */
export type FailureKind =
  | 'not-configured'
  | 'budget'
  | 'circuit-open'
  | 'auth'
  | 'bad-request'
  | 'rate-limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad-response'
  | 'aborted'
  /** A local engine (or anything that is not a cloud call) failed. */
  | 'failed'
  /** An engine said it cannot run now (no model installed, …). */
  | 'unavailable';

const RETRYABLE: ReadonlySet<FailureKind> = new Set(['rate-limited', 'server', 'timeout', 'network', 'bad-response']);
/** Failures that say nothing about the service's health do not move the circuit. */
const NOT_COUNTED: ReadonlySet<FailureKind> = new Set(['not-configured', 'budget', 'circuit-open', 'aborted', 'bad-request', 'unavailable']);

export class CloudError extends Error {
  readonly engine: EngineName;
  readonly kind: FailureKind;
  readonly status?: number;
  /** The server's own wait (retry-after-ms / retry-after / estimated_time), in ms. */
  readonly retryAfterMs?: number;
  /** A provider code such as "json_validate_failed" (never a body). */
  readonly code?: string;

  constructor(
    engine: EngineName,
    kind: FailureKind,
    message: string,
    opts: { status?: number; retryAfterMs?: number; code?: string } = {},
  ) {
    super(message);
    this.name = 'CloudError';
    this.engine = engine;
    this.kind = kind;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
    this.code = opts.code;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }

  get countsAgainstCircuit(): boolean {
    return !NOT_COUNTED.has(this.kind);
  }

  /** Safe for a log line: engine, kind, status and code only. */
  describe(): string {
    return `${this.engine} ${this.kind}${this.status ? ` (HTTP ${this.status})` : ''}${this.code ? ` [${this.code}]` : ''}`;
  }
}

/** The kind for a plain HTTP status. */
export function kindForStatus(status: number): FailureKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'bad-request';
}

/** Seconds (or an HTTP date) in `retry-after`, or milliseconds in `retry-after-ms` → ms. */
export function parseRetryAfter(get: (name: string) => string | null | undefined, now = Date.now()): number | undefined {
  const ms = get('retry-after-ms');
  if (ms != null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const s = get('retry-after');
  if (s == null || s.trim() === '') return undefined;
  if (Number.isFinite(Number(s)) && Number(s) >= 0) return Number(s) * 1000;
  const date = Date.parse(s);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Any thrown value as a CloudError of `engine`, judged by the signal that bounded the attempt. */
export function toCloudError(err: unknown, engine: EngineName, attemptSignal?: AbortSignal, outerSignal?: AbortSignal): CloudError {
  if (err instanceof CloudError) return err;
  if (outerSignal?.aborted) return new CloudError(engine, 'aborted', `${engine}: cancelled`);
  if (attemptSignal?.aborted) return new CloudError(engine, 'timeout', `${engine}: no answer in time`);
  if (err instanceof SyntaxError) return new CloudError(engine, 'bad-response', `${engine}: the answer was not valid JSON`);
  return new CloudError(engine, 'network', `${engine}: could not be reached`);
}
