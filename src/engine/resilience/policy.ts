import type { EngineName } from '../../shared/schemas/common';
import { type BreakerOptions, CircuitBreaker, DEFAULT_BREAKER } from './circuit-breaker';
import { type Clock, systemClock } from './clock';
import { CloudError, toCloudError } from './errors';
import { type Logger, silentLogger } from './log';

export interface RetryOptions {
  /** Tries in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Each try is aborted after this long. */
  timeoutMs: number;
  /** A server asking to wait longer than this is not waited for: the next engine is faster. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8_000, timeoutMs: 30_000, maxRetryAfterMs: 10_000 };

export interface PolicyDeps {
  clock?: Clock;
  /** 0..1; injectable so the jitter is testable. */
  random?: () => number;
  logger?: Logger;
  breaker?: Partial<BreakerOptions>;
  retry?: Partial<RetryOptions>;
}

export interface CallOptions extends Partial<RetryOptions> {
  signal?: AbortSignal;
}

/** Rejects when the signal aborts, so a client that ignores its signal still cannot hang a try. */
function abortion(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let onAbort = () => undefined as void;
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * The one resilience policy every cloud engine goes through: a timeout per try, retries with
 * exponential backoff and jitter that honour the server's retry-after, and a circuit breaker
 * per engine. Fallback to the next engine is the caller's (see fallback.ts).
 */
export class ResiliencePolicy {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly retry: RetryOptions;
  private readonly random: () => number;
  private readonly breakerOptions: BreakerOptions;
  private readonly breakers = new Map<EngineName, CircuitBreaker>();

  constructor(deps: PolicyDeps = {}) {
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentLogger;
    this.random = deps.random ?? Math.random;
    this.retry = { ...DEFAULT_RETRY, ...deps.retry };
    this.breakerOptions = { ...DEFAULT_BREAKER, ...deps.breaker };
  }

  breaker(engine: EngineName): CircuitBreaker {
    let b = this.breakers.get(engine);
    if (!b) {
      b = new CircuitBreaker(this.clock, this.breakerOptions);
      this.breakers.set(engine, b);
    }
    return b;
  }

  /** The wait before try `attempt + 1`: base·2^(attempt−1), capped, with "equal jitter" (half fixed, half random). */
  backoffMs(attempt: number, opts: RetryOptions = this.retry): number {
    const d = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(d / 2 + this.random() * (d / 2));
  }

  async call<T>(engine: EngineName, operation: string, fn: (signal: AbortSignal, attempt: number) => Promise<T>, options: CallOptions = {}): Promise<T> {
    const { signal: outer, ...overrides } = options;
    const opts: RetryOptions = { ...this.retry, ...overrides };
    const breaker = this.breaker(engine);
    for (let attempt = 1; ; attempt++) {
      if (outer?.aborted) throw new CloudError(engine, 'aborted', `${engine}: cancelled`);
      if (!breaker.tryAcquire()) {
        this.logger.info(`${engine} ${operation}: circuit open, not called`);
        throw new CloudError(engine, 'circuit-open', `${engine}: paused after repeated failures`);
      }
      const timeout = AbortSignal.timeout(opts.timeoutMs);
      const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
      const guard = abortion(signal);
      let err: CloudError;
      try {
        const value = await Promise.race([fn(signal, attempt), guard.promise]);
        breaker.onSuccess();
        if (attempt > 1) this.logger.info(`${engine} ${operation}: succeeded on try ${attempt}`);
        return value;
      } catch (e) {
        err = toCloudError(e, engine, timeout, outer);
      } finally {
        guard.dispose();
      }
      if (err.countsAgainstCircuit) breaker.onFailure();
      else breaker.release();
      const last = attempt >= opts.maxAttempts || !err.retryable;
      if (last) {
        this.logger.warn(`${engine} ${operation}: try ${attempt} failed: ${err.describe()}; giving up`);
        throw err;
      }
      if (err.retryAfterMs !== undefined && err.retryAfterMs > opts.maxRetryAfterMs) {
        this.logger.warn(`${engine} ${operation}: try ${attempt} failed: ${err.describe()}; server asks to wait ${err.retryAfterMs} ms, not waiting`);
        throw err;
      }
      const wait = err.retryAfterMs ?? this.backoffMs(attempt, opts);
      this.logger.info(`${engine} ${operation}: try ${attempt} failed: ${err.describe()}; retrying in ${wait} ms`);
      try {
        await this.clock.sleep(wait, outer);
      } catch {
        throw new CloudError(engine, 'aborted', `${engine}: cancelled`);
      }
    }
  }
}
