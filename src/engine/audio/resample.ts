/**
 * Streaming band-limited resampler (windowed sinc, Kaiser window, polyphase). Downsampling
 * low-passes below the new Nyquist frequency first, so a 12 kHz tone in a 44.1 kHz file is
 * removed rather than folded down to 4 kHz as sample dropping would do.
 *
 * Any rate pair works: the phases are exact when out/in reduces to L/M with L ≤ 4096
 * (every common rate to 16 kHz), otherwise the fractional position is rounded to 1/4096 of
 * a sample.
 */
const MAX_PHASES = 4096;

export interface ResamplerOptions {
  /** Zero crossings of the sinc on each side (quality vs speed). */
  zeroCrossings?: number;
  /** Passband edge as a fraction of the lower Nyquist frequency. */
  rolloff?: number;
  kaiserBeta?: number;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

export class Resampler {
  readonly passthrough: boolean;
  private readonly L: number;
  private readonly M: number;
  private readonly exact: boolean;
  private readonly phases: number;
  private readonly half: number;
  private readonly fc: number;
  private readonly beta: number;
  private readonly filters: (Float32Array | undefined)[];
  private buf = new Float32Array(0);
  private bufStart = 0;
  private inCount = 0;
  private n = 0;

  constructor(
    readonly inRate: number,
    readonly outRate = 16_000,
    opts: ResamplerOptions = {},
  ) {
    this.passthrough = inRate === outRate;
    const g = gcd(inRate, outRate);
    this.L = outRate / g;
    this.M = inRate / g;
    this.exact = this.L <= MAX_PHASES;
    this.phases = this.exact ? this.L : MAX_PHASES;
    this.fc = 0.5 * Math.min(1, outRate / inRate) * (opts.rolloff ?? 0.94);
    this.half = Math.ceil((opts.zeroCrossings ?? 16) / (2 * this.fc));
    this.beta = opts.kaiserBeta ?? 8.6;
    this.filters = new Array<Float32Array | undefined>(this.phases);
  }

  /** Resamples the next block; returns whatever output is ready (may be empty). */
  process(input: Float32Array): Float32Array {
    if (this.passthrough) return input;
    const next = new Float32Array(this.buf.length + input.length);
    next.set(this.buf, 0);
    next.set(input, this.buf.length);
    this.buf = next;
    this.inCount += input.length;
    return this.run(false);
  }

  /** The tail once the input has ended. */
  flush(): Float32Array {
    if (this.passthrough) return new Float32Array(0);
    return this.run(true);
  }

  private locate(n: number): [number, number] {
    if (this.exact) {
      const pos = n * this.M;
      return [Math.floor(pos / this.L), pos % this.L];
    }
    const pos = (n * this.inRate) / this.outRate;
    let base = Math.floor(pos);
    let phase = Math.round((pos - base) * MAX_PHASES);
    if (phase === MAX_PHASES) {
      base += 1;
      phase = 0;
    }
    return [base, phase];
  }

  private filter(phase: number): Float32Array {
    const cached = this.filters[phase];
    if (cached) return cached;
    const taps = 2 * this.half;
    const frac = phase / this.phases;
    const h = new Float32Array(taps);
    let sum = 0;
    const i0b = besselI0(this.beta);
    for (let k = 0; k < taps; k++) {
      const t = k - this.half + 1 - frac;
      const x = 2 * this.fc * t;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const r = t / this.half;
      const w = Math.abs(r) >= 1 ? 0 : besselI0(this.beta * Math.sqrt(1 - r * r)) / i0b;
      h[k] = sinc * w;
      sum += h[k]!;
    }
    for (let k = 0; k < taps; k++) h[k]! /= sum;
    this.filters[phase] = h;
    return h;
  }

  private run(final: boolean): Float32Array {
    const total = final ? Math.ceil((this.inCount * this.L) / this.M) : Number.POSITIVE_INFINITY;
    const [firstBase] = this.locate(this.n);
    const out = new Float32Array(Math.max(0, Math.ceil(((this.inCount - firstBase + this.half) * this.L) / this.M) + 2));
    let produced = 0;
    const buf = this.buf;
    const taps = 2 * this.half;
    while (produced < out.length) {
      if (this.n >= total) break;
      const [base, phase] = this.locate(this.n);
      if (!final && base + this.half >= this.inCount) break;
      const h = this.filter(phase);
      const start = base - this.half + 1 - this.bufStart;
      let acc = 0;
      if (start >= 0 && start + taps <= buf.length) {
        for (let k = 0; k < taps; k++) acc += buf[start + k]! * h[k]!;
      } else {
        for (let k = 0; k < taps; k++) {
          const i = start + k;
          if (i >= 0 && i < buf.length) acc += buf[i]! * h[k]!;
        }
      }
      out[produced++] = acc;
      this.n++;
    }
    const [nextBase] = this.locate(this.n);
    const keepFrom = nextBase - this.half + 1;
    if (keepFrom > this.bufStart) {
      const drop = Math.min(this.buf.length, keepFrom - this.bufStart);
      this.buf = this.buf.slice(drop);
      this.bufStart += drop;
    }
    return out.subarray(0, produced);
  }
}
