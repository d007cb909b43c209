/**
 * Where to cut a long recording for an API with a length limit: at the quietest moment near the
 * end of each allowed piece, so no word is cut in half. A small energy-based stand-in for the VAD
 * being built in src/engine/audio; anything with the CutFinder shape can replace it.
 */

/** Sample indices where pieces end (the last is the recording's length); each piece ≤ maxSamples. */
export type CutFinder = (samples: Int16Array, sampleRate: number, maxSamples: number) => number[];

const FRAME_MS = 20;
/** The quietest stretch is looked for in the last third of each allowed piece. */
const SEARCH_FRACTION = 1 / 3;
/** Energy is averaged over this many frames, so one quiet frame inside a word does not win. */
const SMOOTH_FRAMES = 10;

export const energyCuts: CutFinder = (samples, sampleRate, maxSamples) => {
  const cuts: number[] = [];
  const frame = Math.max(1, Math.round((sampleRate * FRAME_MS) / 1000));
  let start = 0;
  while (samples.length - start > maxSamples) {
    const hardEnd = start + maxSamples;
    const from = Math.max(start + frame, Math.floor(hardEnd - maxSamples * SEARCH_FRACTION));
    // Mean square energy per frame, from a little before the search window to the hard end.
    const base = Math.max(start, from - (SMOOTH_FRAMES / 2) * frame);
    const energies: number[] = [];
    for (let at = base; at + frame <= hardEnd; at += frame) {
      let sum = 0;
      for (let i = at; i < at + frame; i++) sum += samples[i]! * samples[i]!;
      energies.push(sum / frame);
    }
    // The candidate boundary whose surrounding SMOOTH_FRAMES frames are quietest.
    let best = hardEnd;
    let bestEnergy = Infinity;
    for (let k = Math.round((from - base) / frame); k < energies.length; k++) {
      const lo = Math.max(0, k - SMOOTH_FRAMES / 2);
      const hi = Math.min(energies.length, k + SMOOTH_FRAMES / 2);
      let sum = 0;
      for (let j = lo; j < hi; j++) sum += energies[j]!;
      const energy = sum / (hi - lo);
      // Among equally quiet places the latest wins: longer pieces, fewer requests and billed minutes.
      if (energy <= bestEnergy) {
        bestEnergy = energy;
        best = base + k * frame;
      }
    }
    cuts.push(best);
    start = best;
  }
  cuts.push(samples.length);
  return cuts;
};

/** Cut points given in milliseconds (from a VAD) as a CutFinder; pieces still longer than allowed are split by energy. */
export function cutsAtMs(pointsMs: readonly number[]): CutFinder {
  return (samples, sampleRate, maxSamples) => {
    const points = [...pointsMs].map((ms) => Math.round((ms * sampleRate) / 1000)).filter((p) => p > 0 && p < samples.length).sort((a, b) => a - b);
    const out: number[] = [];
    let start = 0;
    for (const end of [...points, samples.length]) {
      for (const c of energyCuts(samples.subarray(start, end), sampleRate, maxSamples)) out.push(start + c);
      start = end;
    }
    return out;
  };
}

export interface Piece {
  startSample: number;
  endSample: number;
}

export function piecesOf(samples: Int16Array, sampleRate: number, maxMs: number, finder: CutFinder = energyCuts): Piece[] {
  const maxSamples = Math.floor((maxMs * sampleRate) / 1000);
  const pieces: Piece[] = [];
  let start = 0;
  for (const end of finder(samples, sampleRate, maxSamples)) {
    if (end <= start) continue;
    pieces.push({ startSample: start, endSample: end });
    start = end;
  }
  return pieces;
}
