import { describe, expect, it } from 'vitest';
import { LevelMeter, measureLevels, meterPosition } from './level-meter';
import { Resampler } from './resample';
import { rms, toneAmplitude } from './testing/signal';

function sine(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return x;
}

function resampleAll(x: Float32Array, inRate: number, outRate = 16_000, block = x.length): Float32Array {
  const r = new Resampler(inRate, outRate);
  const parts: Float32Array[] = [];
  for (let i = 0; i < x.length; i += block) parts.push(r.process(x.subarray(i, i + block)));
  parts.push(r.flush());
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** What sample dropping (nearest input sample) gives: the baseline a real resampler must beat. */
function dropSamples(x: Float32Array, inRate: number, outRate: number): Float32Array {
  const n = Math.ceil((x.length * outRate) / inRate);
  return Float32Array.from({ length: n }, (_, i) => x[Math.min(x.length - 1, Math.round((i * inRate) / outRate))]!);
}

describe('resampling to 16 kHz', () => {
  it('keeps a 1 kHz tone (level and frequency) from 44.1 kHz', () => {
    const y = resampleAll(sine(1000, 44_100, 1), 44_100);
    expect(y.length).toBe(16_000);
    const mid = y.subarray(800, 15_200);
    expect(toneAmplitude(mid, 1000, 16_000)).toBeCloseTo(0.5, 2);
    expect(toneAmplitude(mid, 1100, 16_000)).toBeLessThan(0.01);
  });

  it('removes a 12 kHz tone instead of folding it to 4 kHz (anti-aliasing)', () => {
    const x = sine(12_000, 44_100, 1);
    const y = resampleAll(x, 44_100);
    expect(rms(y.subarray(800, 15_200))).toBeLessThan(0.005);
    // Sample dropping aliases it to 16 000 − 12 000 = 4 kHz at nearly full level.
    expect(toneAmplitude(dropSamples(x, 44_100, 16_000).subarray(800, 15_200), 4000, 16_000)).toBeGreaterThan(0.3);
  });

  it('attenuates just above the new Nyquist frequency and passes speech frequencies', () => {
    expect(rms(resampleAll(sine(9000, 48_000, 0.5), 48_000).subarray(400, 7600))).toBeLessThan(0.01);
    expect(toneAmplitude(resampleAll(sine(3400, 48_000, 0.5), 48_000).subarray(400, 7600), 3400, 16_000)).toBeGreaterThan(0.48);
  });

  it('gives the same output whatever the block sizes (streaming)', () => {
    const x = sine(440, 44_100, 0.7);
    const whole = resampleAll(x, 44_100);
    for (const block of [1, 7, 441, 1024, 4097]) {
      const y = resampleAll(x, 44_100, 16_000, block);
      expect(y.length).toBe(whole.length);
      let maxDiff = 0;
      for (let i = 0; i < y.length; i++) maxDiff = Math.max(maxDiff, Math.abs(y[i]! - whole[i]!));
      expect(maxDiff).toBeLessThan(1e-6);
    }
  });

  it('handles every common rate, odd rates and upsampling, with the right length', () => {
    for (const rate of [8000, 11_025, 12_000, 22_050, 24_000, 32_000, 44_056, 48_000, 88_200, 96_000, 192_000]) {
      const x = sine(700, rate, 0.5);
      const y = resampleAll(x, rate);
      expect(y.length).toBe(Math.ceil((x.length * 16_000) / rate));
      expect(toneAmplitude(y.subarray(500, 7500), 700, 16_000)).toBeCloseTo(0.5, 2);
    }
  });

  it('passes 16 kHz through untouched', () => {
    const x = sine(700, 16_000, 0.1);
    const r = new Resampler(16_000);
    expect(r.process(x)).toBe(x);
    expect(r.flush().length).toBe(0);
  });
});

describe('level meter', () => {
  it('RMS and peak per frame in 0..1', () => {
    const x = sine(1000, 16_000, 0.1, 1);
    const levels = measureLevels(x, 800);
    expect(levels).toHaveLength(2);
    for (const l of levels) {
      expect(l.rms).toBeCloseTo(Math.SQRT1_2, 2);
      expect(l.peak).toBeCloseTo(1, 2);
    }
    expect(measureLevels(new Float32Array(1000), 800)).toEqual([{ rms: 0, peak: 0 }, { rms: 0, peak: 0 }]);
  });

  it('reads 16-bit samples, clamps, streams across pushes and reports through a callback', () => {
    const seen: number[] = [];
    const m = new LevelMeter(4, (l) => seen.push(l.peak));
    expect(m.push(new Int16Array([16384, -16384]))).toEqual([]);
    expect(m.push(new Int16Array([16384, -32768, 100]))).toEqual([{ rms: expect.closeTo(Math.sqrt((3 * 0.25 + 1) / 4), 5), peak: 1 }]);
    expect(m.push(new Float32Array([3, 0, 0]))).toEqual([{ rms: 1, peak: 1 }]);
    expect(seen).toEqual([1, 1]);
    expect(m.flush()).toBeUndefined();
    expect(() => new LevelMeter(0)).toThrow();
  });

  it('maps a level to a dB meter position', () => {
    expect(meterPosition(1)).toBe(1);
    expect(meterPosition(0)).toBe(0);
    expect(meterPosition(0.001)).toBe(0);
    expect(meterPosition(0.1)).toBeCloseTo(2 / 3, 5);
  });
});
