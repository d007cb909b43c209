/**
 * Offline speech-to-text with whisper.cpp (@napi-rs/whisper where it has an AVX2 build, else
 * @fugood/whisper.node; both prebuilt N-API, see worker-client.ts) behind the
 * SpeechEngine interface. The audio is cut at pauses into ≤30 s chunks (long silences left
 * out), each chunk is one whisper window, run in a child process; the language is forced
 * (never detected, never translated), the clinic's drug names go in the prompt, timestamps
 * are mapped back to the recording, and made-up or wrong-script text is dropped or flagged.
 */
import { cpus } from 'node:os';
import type { Language } from '../../../shared/schemas/common';
import type { Transcript } from '../../../shared/schemas/domain';
import { analyzeSpeechFile } from '../../audio/prepare';
import { speechCoverage, type SpeechChunk } from '../../audio/vad';
import { readWavLayout } from '../../audio/wav-header';
import { inspectGgml } from '../models/ggml-file';
import type { ModelStore } from '../models/store';
import { cleanSegments, type DropCounts, type RawSegment } from '../postprocess';
import { buildPrompt, DEFAULT_DRUG_NAMES, latinAllowlist } from '../prompt';
import type { SpeechEngine, SpeechInput, TranscribeOptions } from '../speech-engine';
import { resolveBackends, WhisperWorker } from './worker-client';
import type { WhisperBackend, WorkerSegment } from './worker-protocol';

const JOIN_GAP_MS = 300;
const LANGUAGE_NAMES: Record<Language, string> = { ta: 'Tamil', te: 'Telugu', en: 'English' };

export interface WhisperEngineOptions {
  /** A model file; otherwise the store's default for the language. */
  modelPath?: string;
  store?: ModelStore;
  /** whisper.cpp threads (default: the cores, at most 4). */
  threads?: number;
  /** Names for the prompt (default: common Indian primary-care medicines). */
  drugNames?: readonly string[];
  /** For the script check: the drug lexicon's Latin names are allowed in Tamil/Telugu text. */
  resourcesDir?: string;
  /** At most 30 s: whisper's window. */
  maxChunkMs?: number;
  /** whisper's temperature fallback step (0 = none). */
  temperatureInc?: number;
  beamSize?: number;
  /** How long a cancelled chunk may take to stop before its process is killed. */
  graceMs?: number;
  progressIntervalMs?: number;
  /** A @fugood/whisper.node build to use (alone). */
  bindingPath?: string;
  /** Force a binding (default: MEDSCRIBE_WHISPER_BACKEND, else @napi-rs/whisper where it runs). */
  backend?: WhisperBackend;
}

export interface WhisperRunStats {
  modelPath: string;
  /** The binding that ran (undefined when there was no speech to run it on). */
  backend: WhisperBackend | undefined;
  modelLoadMs: number;
  analysisMs: number;
  transcribeMs: number;
  chunks: number;
  speechMs: number;
  dropped: DropCounts;
  flagged: number;
}

export class NoModelError extends Error {
  override name = 'NoModelError';
}

/** Maps a time in the joined chunk audio back to the recording. */
export function toSourceMs(chunk: SpeechChunk, packedMs: number): number {
  let t = 0;
  for (const [i, p] of chunk.pieces.entries()) {
    const len = p.endMs - p.startMs;
    if (packedMs <= t + len || i === chunk.pieces.length - 1) return Math.min(p.endMs, p.startMs + Math.max(0, packedMs - t));
    t += len;
    if (packedMs < t + JOIN_GAP_MS) return p.endMs;
    t += JOIN_GAP_MS;
  }
  return chunk.endMs;
}

export class WhisperSpeechEngine implements SpeechEngine {
  readonly name = 'whisper-local' as const;
  lastRun: WhisperRunStats | undefined;
  private worker: WhisperWorker | undefined;

  constructor(private readonly o: WhisperEngineOptions = {}) {}

  async available(): Promise<boolean> {
    const b = this.backends();
    if (typeof b === 'string' ? !b : !b.fugood && !b.napi) return false;
    if (this.o.modelPath) return inspectGgml(this.o.modelPath, { deep: false }).then(() => true, () => false);
    return (this.o.store?.installed().length ?? 0) > 0;
  }

  /** The model file for a language, or a NoModelError that says what to do. */
  modelFor(language: Language): string {
    if (this.o.modelPath) return this.o.modelPath;
    const m = this.o.store?.defaultFor(language);
    if (m) return m.path;
    const rec = this.o.store?.catalog.recommended[language] ?? 'small-q5_1';
    throw new NoModelError(`No offline speech model for ${LANGUAGE_NAMES[language]} is installed. Run \`medscribe models download ${rec}\` (or import a ${LANGUAGE_NAMES[language]} model).`);
  }

  async transcribe(input: SpeechInput, opts: TranscribeOptions): Promise<Transcript> {
    const modelPath = this.modelFor(opts.language);
    await inspectGgml(modelPath);
    const t0 = performance.now();
    const layout = await readWavLayout(input.wavPath);
    if (layout.sampleRate !== 16_000 || layout.channels !== 1 || layout.bitsPerSample !== 16 || layout.encoding !== 'pcm') {
      throw new Error('The whisper engine needs the 16 kHz mono 16-bit WAV made by prepareSpeech.');
    }
    const analysis = await analyzeSpeechFile(input.wavPath, { signal: opts.signal, ffmpegPath: null, vad: { maxChunkMs: Math.min(30_000, this.o.maxChunkMs ?? 30_000), joinGapMs: JOIN_GAP_MS } });
    const analysisMs = performance.now() - t0;
    // No speech, no whisper: nothing to make text up from.
    const worker = analysis.chunks.length ? await this.ensureWorker() : undefined;
    let modelLoadMs = 0;
    if (worker && worker.modelPath !== modelPath) modelLoadMs = await worker.load(modelPath);
    const progress = this.progress(opts.onProgress, analysis.chunks);
    const raw: RawSegment[] = [];
    const t1 = performance.now();
    // The caller's words (TranscribeOptions.prompt) first, then the clinic's drug names.
    const words = [...(opts.prompt ? [opts.prompt] : []), ...(this.o.drugNames ?? DEFAULT_DRUG_NAMES)];
    const options = {
      language: opts.language,
      translate: false as const,
      maxThreads: this.o.threads ?? Math.max(1, Math.min(4, cpus().length)),
      prompt: buildPrompt(opts.language, words),
      temperatureInc: this.o.temperatureInc ?? 0.2,
      ...(this.o.beamSize ? { beamSize: this.o.beamSize } : {}),
    };
    if (worker) {
      for (const chunk of analysis.chunks) {
        const pieces = chunk.pieces.map((p) => {
          const s = Math.round((p.startMs * 16_000) / 1000);
          const e = Math.min(layout.dataBytes / 2, Math.round((p.endMs * 16_000) / 1000));
          return { byteStart: s * 2, byteLength: Math.max(0, e - s) * 2 };
        });
        const request = { wavPath: input.wavPath, dataOffset: layout.dataOffset, pieces, gapBytes: JOIN_GAP_MS * 16 * 2, options };
        const { segments } = await worker.transcribe(request, { signal: opts.signal, graceMs: this.o.graceMs, onProgress: (pct) => progress.chunk(chunk, pct / 100) }).catch((err: unknown) => {
          if (!worker.alive) this.worker = undefined;
          throw err;
        });
        raw.push(...segments.map((s: WorkerSegment) => ({ text: s.text, startMs: toSourceMs(chunk, s.t0), endMs: Math.max(toSourceMs(chunk, s.t0), toSourceMs(chunk, s.t1)) })));
        progress.chunk(chunk, 1);
      }
    }
    const { segments, dropped } = cleanSegments(raw, {
      language: opts.language,
      engine: this.name,
      coverage: (s, e) => speechCoverage(analysis, s, e),
      latinAllowed: latinAllowlist(words, this.o.resourcesDir),
    });
    progress.done();
    this.lastRun = {
      modelPath, backend: worker?.backend, modelLoadMs, analysisMs, transcribeMs: performance.now() - t1, chunks: analysis.chunks.length,
      speechMs: analysis.speechMs, dropped, flagged: segments.filter((s) => s.flagged).length,
    };
    return { language: opts.language, engine: this.name, segments, text: segments.map((s) => s.text.trim()).join(' ') };
  }

  /** Stops the whisper.cpp process (the engine starts a new one when needed). */
  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.close();
  }

  /** The worker's process id (tests kill it to check crash handling). */
  get workerPid(): number | undefined {
    return this.worker?.pid;
  }

  private async ensureWorker(): Promise<WhisperWorker> {
    if (this.worker?.alive) return this.worker;
    this.worker = await WhisperWorker.start(this.backends());
    return this.worker;
  }

  private backends() {
    if (this.o.bindingPath) return this.o.bindingPath;
    return resolveBackends(this.o.backend ? { ...process.env, MEDSCRIBE_WHISPER_BACKEND: this.o.backend } : process.env);
  }

  /** Overall 0..1 from per-chunk progress, monotonic and at most every progressIntervalMs. */
  private progress(on: ((f: number) => void) | undefined, chunks: SpeechChunk[]) {
    const total = chunks.reduce((a, c) => a + c.packedMs, 0) || 1;
    const before = new Map<number, number>();
    let acc = 0;
    for (const c of chunks) {
      before.set(c.index, acc);
      acc += c.packedMs;
    }
    let last = -1;
    let lastAt = 0;
    const interval = this.o.progressIntervalMs ?? 250;
    const emit = (f: number, force: boolean) => {
      const now = Date.now();
      if (!on || f <= last || (!force && now - lastAt < interval)) return;
      last = f;
      lastAt = now;
      on(Math.min(1, f));
    };
    return {
      chunk: (c: SpeechChunk, frac: number) => emit(((before.get(c.index) ?? 0) + frac * c.packedMs) / total, false),
      done: () => emit(1, true),
    };
  }
}
