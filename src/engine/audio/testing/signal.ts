/** Small signal measurements for the audio tests. */
import { openAudio, type OpenAudioOptions } from '../source';

export function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, to - from));
}

/** Amplitude of one frequency (Goertzel), for a full-scale comparison with rms·√2. */
export function toneAmplitude(x: Float32Array, freq: number, rate: number): number {
  const w = (2 * Math.PI * freq) / rate;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    const s0 = v + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - c * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / x.length;
}

/** All 16 kHz mono samples of a file, concatenated (tests only: small files). */
export async function readAll(path: string, opts?: OpenAudioOptions): Promise<Float32Array> {
  const src = await openAudio(path, opts);
  const parts: Float32Array[] = [];
  for await (const b of src.blocks()) parts.push(b);
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Syllable-like bursts: a 200 Hz + 700 Hz voice-ish tone, amplitude-modulated at 4 Hz. */
export function speechLike(amp = 0.3): (t: number) => number {
  return (t) => amp * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) * (Math.sin(2 * Math.PI * 200 * t) + 0.5 * Math.sin(2 * Math.PI * 700 * t));
}

/** Deterministic low-level noise. */
export function noise(amp: number, seed = 7): () => number {
  let a = seed;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return (a / 0xffffffff - 0.5) * 2 * amp;
  };
}
