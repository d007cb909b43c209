/**
 * Input level for the recording UI: RMS and peak per frame, both linear in 0..1 of full
 * scale (a full-scale sine has RMS 0.707), plus a helper that maps a level to a meter
 * position on a dB scale.
 */
export interface Level {
  rms: number;
  peak: number;
}

export class LevelMeter {
  private sumSq = 0;
  private peak = 0;
  private count = 0;

  /** frameSize: samples per reported level (e.g. 800 = 50 ms at 16 kHz). */
  constructor(
    private readonly frameSize: number,
    private readonly onLevel?: (l: Level) => void,
  ) {
    if (!Number.isInteger(frameSize) || frameSize < 1) throw new Error('frameSize must be a positive whole number');
  }

  /** Float samples in [-1, 1], or signed 16-bit samples. Returns the levels of the frames completed. */
  push(samples: Float32Array | Int16Array): Level[] {
    const scale = samples instanceof Int16Array ? 1 / 32768 : 1;
    const done: Level[] = [];
    for (let i = 0; i < samples.length; i++) {
      const v = samples[i]! * scale;
      const a = Math.abs(v);
      this.sumSq += v * v;
      if (a > this.peak) this.peak = a;
      if (++this.count === this.frameSize) done.push(this.take());
    }
    for (const l of done) this.onLevel?.(l);
    return done;
  }

  /** The level of a partly filled last frame, if any. */
  flush(): Level | undefined {
    if (!this.count) return undefined;
    const l = this.take();
    this.onLevel?.(l);
    return l;
  }

  private take(): Level {
    const l = { rms: Math.min(1, Math.sqrt(this.sumSq / this.count)), peak: Math.min(1, this.peak) };
    this.sumSq = 0;
    this.peak = 0;
    this.count = 0;
    return l;
  }
}

/** Levels of a whole buffer, one per frame (the last frame may be shorter). */
export function measureLevels(samples: Float32Array | Int16Array, frameSize: number): Level[] {
  const m = new LevelMeter(frameSize);
  const out = m.push(samples);
  const last = m.flush();
  if (last) out.push(last);
  return out;
}

/** Meter position 0..1 for a linear level: floorDb (default −60 dBFS) → 0, 0 dBFS → 1. */
export function meterPosition(level: number, floorDb = -60): number {
  if (level <= 0) return 0;
  const db = 20 * Math.log10(level);
  return Math.max(0, Math.min(1, 1 - db / floorDb));
}
