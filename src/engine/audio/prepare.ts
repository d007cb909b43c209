/**
 * A recording → what the speech engines take: a 16 kHz mono 16-bit WAV on disk (SpeechInput)
 * and its speech analysis (VAD chunks), in one streaming pass.
 */
import { join } from 'node:path';
import type { SpeechInput } from '../stt/speech-engine';
import { AudioError } from './errors';
import { openAudio, TARGET_RATE, type AudioSourceInfo, type OpenAudioOptions } from './source';
import { SpeechAnalyzer, type ChunkOptions, type SpeechAnalysis, type SpeechChunk, type VadOptions } from './vad';
import { WavWriter } from './wav-file';

export interface PrepareOptions extends OpenAudioOptions {
  /** Where the 16 kHz WAV goes (the caller removes it). */
  outDir: string;
  signal?: AbortSignal;
  /** 0..1 of the source read (WAV only: ffmpeg input has no known length up front). */
  onProgress?: (fraction: number) => void;
  vad?: VadOptions & ChunkOptions;
  /** Called as soon as a chunk is complete (transcribe while still decoding). */
  onChunk?: (chunk: SpeechChunk) => void;
}

export interface PreparedSpeech {
  input: SpeechInput;
  source: AudioSourceInfo;
  analysis: SpeechAnalysis;
  /** The source already was a 16 kHz mono 16-bit WAV with a sound header, and is used as it is. */
  reusedSource: boolean;
}

export async function prepareSpeech(path: string, opts: PrepareOptions): Promise<PreparedSpeech> {
  const source = await openAudio(path, opts);
  const w = source.info.wav;
  const reusable = !!w && w.encoding === 'pcm' && w.bitsPerSample === 16 && w.channels === 1 && w.sampleRate === TARGET_RATE && !w.sizeFromFileLength;
  const analyzer = new SpeechAnalyzer(opts.vad, opts.onChunk);
  const writer = reusable ? undefined : await WavWriter.create(join(opts.outDir, 'speech-16k.wav'), { sampleRate: TARGET_RATE });
  const expected = Number.isFinite(source.info.durationMs) ? (source.info.durationMs / 1000) * TARGET_RATE : 0;
  let done = 0;
  try {
    for await (const block of source.blocks(opts.signal)) {
      analyzer.push(block);
      if (writer) await writer.write(block);
      done += block.length;
      if (expected) opts.onProgress?.(Math.min(1, done / expected));
    }
  } finally {
    await writer?.close();
  }
  const analysis = analyzer.finish();
  if (done === 0) throw new AudioError('no-audio', 'The recording contains no audio samples.');
  return {
    input: { wavPath: writer ? writer.path : path, durationMs: analysis.durationMs },
    source: source.info,
    analysis,
    reusedSource: reusable,
  };
}

/** The speech analysis of a file (any format openAudio reads), streaming. */
export async function analyzeSpeechFile(path: string, opts: OpenAudioOptions & { signal?: AbortSignal; vad?: VadOptions & ChunkOptions } = {}): Promise<SpeechAnalysis> {
  const source = await openAudio(path, opts);
  const analyzer = new SpeechAnalyzer(opts.vad);
  for await (const block of source.blocks(opts.signal)) analyzer.push(block);
  return analyzer.finish();
}
