import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from '../wav';

export const RATE = 16_000;

/**
 * "Speech": 220 Hz bursts of `burstMs` separated by `gapMs` of near-silence, so the right cut
 * points are known. Returns the samples.
 */
export function speechLike(seconds: number, burstMs = 3_700, gapMs = 500): Int16Array {
  const out = new Int16Array(Math.round(seconds * RATE));
  const period = ((burstMs + gapMs) * RATE) / 1000;
  const burst = (burstMs * RATE) / 1000;
  for (let i = 0; i < out.length; i++) {
    const inBurst = i % period < burst;
    out[i] = inBurst ? Math.round(8_000 * Math.sin((2 * Math.PI * 220 * i) / RATE)) : (i % 7) - 3;
  }
  return out;
}

/** True when the 40 ms before `sample` are quiet (a cut made in a gap, not inside a word). */
export function quietBefore(samples: Int16Array, sample: number): boolean {
  const from = Math.max(0, sample - (40 * RATE) / 1000);
  let peak = 0;
  for (let i = from; i < sample; i++) peak = Math.max(peak, Math.abs(samples[i]!));
  return peak < 100;
}

export function writeWavFile(samples: Int16Array): { path: string; durationMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'medscribe-wav-'));
  const path = join(dir, 'consultation.wav');
  writeFileSync(path, encodeWav(samples, RATE));
  return { path, durationMs: Math.round((samples.length * 1000) / RATE) };
}
