import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSpeechFile } from './prepare';
import { espeakRecording, hasCommand } from './testing/fixtures';
import { noise, speechLike } from './testing/signal';
import { SpeechAnalyzer, speechCoverage, type SpeechAnalysis, type SpeechChunk, type VadOptions, type ChunkOptions } from './vad';

const RATE = 16_000;

/** A 16 kHz signal from [milliseconds, kind] parts; silence carries faint noise (−70 dBFS). */
function compose(parts: [number, 'speech' | 'silence' | 'loud-noise'][]): Float32Array {
  const total = parts.reduce((a, [ms]) => a + ms, 0);
  const x = new Float32Array((total / 1000) * RATE);
  const hiss = noise(0.0005);
  const fan = noise(0.03, 3);
  const voice = speechLike(0.3);
  let i = 0;
  for (const [ms, kind] of parts) {
    const end = i + (ms / 1000) * RATE;
    for (; i < end; i++) x[i] = kind === 'speech' ? voice(i / RATE) + hiss() : kind === 'loud-noise' ? fan() : hiss();
  }
  return x;
}

function analyze(x: Float32Array, opts: VadOptions & ChunkOptions = {}, block = 4096): SpeechAnalysis {
  const a = new SpeechAnalyzer(opts);
  for (let i = 0; i < x.length; i += block) a.push(x.subarray(i, i + block));
  return a.finish();
}

describe('energy VAD with hangover', () => {
  it('finds the two utterances, with pre-roll and hangover, in one chunk', () => {
    const a = analyze(compose([[2000, 'silence'], [3000, 'speech'], [4000, 'silence'], [2000, 'speech'], [1000, 'silence']]));
    expect(a.durationMs).toBe(12_000);
    expect(a.chunks).toHaveLength(1);
    const [p1, p2] = a.chunks[0]!.pieces;
    expect(p1!.startMs).toBeGreaterThanOrEqual(1800);
    expect(p1!.startMs).toBeLessThanOrEqual(2000);
    expect(p1!.endMs).toBeGreaterThanOrEqual(5000);
    expect(p1!.endMs).toBeLessThanOrEqual(5400);
    expect(p2!.startMs).toBeGreaterThanOrEqual(8800);
    expect(p2!.endMs).toBeGreaterThanOrEqual(11_000);
    // The 4 s pause is left out of the chunk: pieces are joined with a 300 ms gap.
    expect(a.chunks[0]!.packedMs).toBeCloseTo(p1!.endMs - p1!.startMs + 300 + p2!.endMs - p2!.startMs, 5);
    expect(speechCoverage(a, 500, 1500)).toBe(0);
    expect(speechCoverage(a, 2500, 4500)).toBe(1);
  });

  it('keeps short pauses inside a piece and ignores a click', () => {
    const x = compose([[1000, 'silence'], [1500, 'speech'], [250, 'silence'], [1500, 'speech'], [1000, 'silence']]);
    for (let i = 0; i < 480; i++) x[16_000 * 4.8 + i] = 0.9; // a 30 ms click near the end
    const a = analyze(x);
    expect(a.chunks.flatMap((c) => c.pieces)).toHaveLength(1);
  });

  it('starts at 0 when the recording starts with speech', () => {
    const a = analyze(compose([[2000, 'speech'], [2000, 'silence']]));
    expect(a.chunks[0]!.pieces[0]!.startMs).toBe(0);
  });

  it('finds nothing in silence (faint hiss or digital zero)', () => {
    expect(analyze(compose([[5000, 'silence']])).chunks).toEqual([]);
    expect(analyze(new Float32Array(RATE * 3)).chunks).toEqual([]);
  });

  it('adapts to a noisy room: steady fan noise is not speech, speech over it is', () => {
    const fan = noise(0.03, 11);
    const x = compose([[3000, 'loud-noise'], [2000, 'speech'], [3000, 'loud-noise']]);
    for (let i = 3 * RATE; i < 5 * RATE; i++) x[i]! += fan();
    const a = analyze(x);
    const pieces = a.chunks.flatMap((c) => c.pieces);
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.startMs).toBeGreaterThanOrEqual(2700);
    expect(pieces[0]!.endMs).toBeLessThanOrEqual(5500);
  });
});

describe('chunks of at most 30 s, cut at pauses', () => {
  it('packs 10 s utterances separated by 2 s pauses into ≤ 30 s chunks', () => {
    const parts: [number, 'speech' | 'silence'][] = [];
    for (let i = 0; i < 8; i++) parts.push([10_000, 'speech'], [2000, 'silence']);
    const chunks: SpeechChunk[] = [];
    const s = new SpeechAnalyzer({}, (c) => chunks.push(c));
    const x = compose(parts);
    for (let i = 0; i < x.length; i += 8000) s.push(x.subarray(i, i + 8000));
    const a = s.finish();
    expect(chunks).toEqual(a.chunks);
    expect(a.chunks.length).toBeGreaterThanOrEqual(3);
    expect(a.chunks.length).toBeLessThanOrEqual(4);
    for (const c of a.chunks) {
      expect(c.packedMs).toBeLessThanOrEqual(30_000);
      // Each chunk ends in a pause: the audio just after its end is silent.
      expect(speechCoverage(a, c.endMs + 100, c.endMs + 1000)).toBeLessThan(0.5);
    }
    expect(a.speechMs).toBeGreaterThan(78_000);
  });

  it('can hand over what it has during a pause (live transcription while recording)', () => {
    const chunks: SpeechChunk[] = [];
    const s = new SpeechAnalyzer({}, (c) => chunks.push(c));
    s.push(compose([[500, 'silence'], [3000, 'speech']]));
    expect(s.flushPending()).toBe(false); // still speaking
    s.push(compose([[3000, 'silence']]));
    expect(s.flushPending()).toBe(true);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.endMs).toBeLessThanOrEqual(4000);
    s.push(compose([[2000, 'speech'], [1500, 'silence']]));
    expect(s.finish().chunks).toHaveLength(2);
  });

  it('cuts speech with no pause at all into pieces no longer than a chunk', () => {
    const a = analyze(compose([[70_000, 'speech']]));
    expect(a.chunks.length).toBe(3);
    for (const c of a.chunks) expect(c.packedMs).toBeLessThanOrEqual(30_000);
    expect(a.chunks.flatMap((c) => c.pieces).reduce((t, p) => t + p.endMs - p.startMs, 0)).toBe(70_000);
  });

  it('makes 300 s chunks for engines that take them (Reverie)', () => {
    const parts: [number, 'speech' | 'silence'][] = [];
    for (let i = 0; i < 20; i++) parts.push([25_000, 'speech'], [3000, 'silence']);
    const a = analyze(compose(parts), { maxChunkMs: 300_000 });
    expect(a.chunks).toHaveLength(2);
    for (const c of a.chunks) expect(c.packedMs).toBeLessThanOrEqual(300_000);
  });
});

describe.skipIf(!hasCommand('espeak-ng') || !hasCommand('sox'))('VAD on speech from espeak-ng', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'medscribe-vad-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('Tamil and Telugu sentences with pauses: speech found, pauses not', async () => {
    for (const lang of ['ta', 'te'] as const) {
      const wav = espeakRecording(dir, lang, { pauseMs: 1200 });
      const a = await analyzeSpeechFile(wav, { ffmpegPath: null });
      expect(a.chunks).toHaveLength(1);
      expect(a.chunks[0]!.pieces.length).toBeGreaterThanOrEqual(3);
      expect(a.speechMs / a.durationMs).toBeGreaterThan(0.4);
      expect(a.speechMs / a.durationMs).toBeLessThan(0.95);
    }
  });
});
