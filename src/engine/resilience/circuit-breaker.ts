import type { Clock } from './clock';

export interface BreakerOptions {
  /** Only calls in the last `windowMs` count. */
  windowMs: number;
  /** At most this many recent calls are kept (the "N calls" of the window). */
  windowCalls: number;
  /** Fewer calls than this never open the circuit (one failure out of one is not a pattern). */
  minCalls: number;
  /** Opens when failures / calls in the window is above this. */
  failureRatio: number;
  /** How long it stays open before one probe is let through. */
  openMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { windowMs: 60_000, windowCalls: 10, minCalls: 4, failureRatio: 0.5, openMs: 60_000 };

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * A circuit breaker per engine: opens after more than half of the recent calls failed, stays
 * open for a minute (calls fail at once and the next engine is used), then lets exactly one
 * probe through; the probe's result closes or re-opens it.
 */
export class CircuitBreaker {
  private outcomes: { at: number; ok: boolean }[] = [];
  private openedAt: number | null = null;
  private probeInFlight = false;

  constructor(
    private readonly clock: Clock,
    readonly options: BreakerOptions = DEFAULT_BREAKER,
  ) {}

  state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.clock.now() - this.openedAt >= this.options.openMs ? 'half-open' : 'open';
  }

  /** True when a call may go out now; in half-open, only the first caller gets true until it reports. */
  tryAcquire(): boolean {
    const s = this.state();
    if (s === 'closed') return true;
    if (s === 'open' || this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  /** True when a call would be let through (for `available()` checks); takes nothing. */
  wouldAllow(): boolean {
    const s = this.state();
    return s === 'closed' || (s === 'half-open' && !this.probeInFlight);
  }

  onSuccess(): void {
    if (this.openedAt !== null) {
      // The probe succeeded: start afresh.
      this.openedAt = null;
      this.probeInFlight = false;
      this.outcomes = [];
    }
    this.record(true);
  }

  onFailure(): void {
    if (this.openedAt !== null) {
      this.openedAt = this.clock.now();
      this.probeInFlight = false;
      return;
    }
    this.record(false);
    const { minCalls, failureRatio } = this.options;
    const failures = this.outcomes.filter((o) => !o.ok).length;
    if (this.outcomes.length >= minCalls && failures / this.outcomes.length > failureRatio) {
      this.openedAt = this.clock.now();
      this.outcomes = [];
    }
  }

  /** A call that ended without saying anything about the service (cancelled, refused locally). */
  release(): void {
    this.probeInFlight = false;
  }

  private record(ok: boolean): void {
    const now = this.clock.now();
    this.outcomes.push({ at: now, ok });
    this.outcomes = this.outcomes.filter((o) => now - o.at < this.options.windowMs).slice(-this.options.windowCalls);
  }
}
