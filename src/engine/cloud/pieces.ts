import { readFile } from 'node:fs/promises';
import type { EngineName, Language } from '../../shared/schemas/common';
import type { Transcript, TranscriptSegment } from '../../shared/schemas/domain';
import type { SpeechInput, TranscribeOptions } from '../stt/speech-engine';
import { type CutFinder, energyCuts, piecesOf } from './silence';
import { encodeWav, readWav } from './wav';

export interface PieceSegment {
  startMs: number;
  endMs: number;
  text: string;
  confidence?: number;
}

export interface PieceJob {
  index: number;
  count: number;
  startMs: number;
  endMs: number;
  wav: Uint8Array;
}

const INDIC = /[\p{Script=Tamil}\p{Script=Telugu}]/u;
const LATIN_LETTERS = /[A-Za-z]/g;

/**
 * Whisper sometimes answers Tamil or Telugu speech in Latin script; code-mixed English words are
 * normal, a whole segment without a single Tamil/Telugu letter is suspicious.
 */
export function scriptFlag(text: string, language: Language): string | undefined {
  if (language === 'en' || INDIC.test(text)) return undefined;
  return (text.match(LATIN_LETTERS)?.length ?? 0) >= 20 ? `No ${language === 'ta' ? 'Tamil' : 'Telugu'} script in this part; the speech engine may have transliterated or translated it. Check.` : undefined;
}

/**
 * Cuts the WAV into pieces the API accepts, transcribes them in order and joins the text with
 * each segment's time in the whole recording.
 */
export async function transcribeInPieces(
  engine: EngineName,
  input: SpeechInput,
  opts: TranscribeOptions,
  maxPieceMs: number,
  run: (job: PieceJob) => Promise<PieceSegment[]>,
  finder: CutFinder = energyCuts,
): Promise<Transcript> {
  const pcm = readWav(await readFile(input.wavPath));
  const pieces = piecesOf(pcm.samples, pcm.sampleRate, maxPieceMs, finder);
  const toMs = (sample: number) => Math.round((sample * 1000) / pcm.sampleRate);
  const segments: TranscriptSegment[] = [];
  for (const [index, p] of pieces.entries()) {
    const startMs = toMs(p.startSample);
    const endMs = toMs(p.endSample);
    const wav = encodeWav(pcm.samples.subarray(p.startSample, p.endSample), pcm.sampleRate);
    for (const s of await run({ index, count: pieces.length, startMs, endMs, wav })) {
      const text = s.text.trim();
      if (!text) continue;
      const flagged = scriptFlag(text, opts.language);
      segments.push({
        startMs: startMs + s.startMs,
        endMs: Math.min(endMs, startMs + s.endMs),
        text,
        ...(s.confidence !== undefined ? { confidence: Math.min(1, Math.max(0, s.confidence)) } : {}),
        language: opts.language,
        engine,
        ...(flagged ? { flagged } : {}),
      });
    }
    opts.onProgress?.((index + 1) / pieces.length);
  }
  return { language: opts.language, text: segments.map((s) => s.text).join(' '), segments, engine };
}
