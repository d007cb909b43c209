/** Messages between the engine and the whisper.cpp child process (tagged JSON, one per line). */

/** A byte range of the 16 kHz s16 WAV's data, relative to the data chunk. */
export interface PcmPiece {
  byteStart: number;
  byteLength: number;
}

/**
 * Which binding runs whisper.cpp in the worker: @napi-rs/whisper (AVX2/FMA build, linux-x64 and
 * macOS) or @fugood/whisper.node (every platform; its linux-x64 build has no AVX).
 */
export type WhisperBackend = 'napi' | 'fugood';

/** What the worker may load: a path per backend (undefined: not available here). */
export interface WorkerBackends {
  fugood?: string;
  napi?: string;
  /** Only this backend (MEDSCRIBE_WHISPER_BACKEND): no fallback to the other one. */
  forced?: WhisperBackend;
}

/**
 * Options for whisper.cpp (@fugood/whisper.node 1.1 TranscribeOptions, passed as they are).
 * @napi-rs/whisper 0.0.4 maps language, translate, maxThreads, prompt, temperature and
 * maxContext; it has no setter for temperatureInc (whisper.cpp's default 0.2 applies), beamSize
 * (> 1 selects beam search with whisper.cpp's default of 5 beams) or bestOf.
 */
export interface NativeTranscribeOptions {
  language: string;
  translate: false;
  maxThreads: number;
  prompt?: string;
  temperature?: number;
  temperatureInc?: number;
  beamSize?: number;
  bestOf?: number;
  maxContext?: number;
}

export type WorkerRequest =
  | { type: 'load'; modelPath: string }
  | { type: 'transcribe'; id: number; wavPath: string; dataOffset: number; pieces: PcmPiece[]; gapBytes: number; options: NativeTranscribeOptions }
  | { type: 'stop'; id: number }
  | { type: 'exit' };

export interface WorkerSegment {
  text: string;
  /** Milliseconds from the start of the audio that was sent. */
  t0: number;
  t1: number;
}

export type WorkerEvent =
  | { type: 'ready'; pid: number }
  | { type: 'loaded'; ms: number; backend: WhisperBackend }
  | { type: 'progress'; id: number; percent: number }
  | { type: 'result'; id: number; aborted: boolean; ms: number; segments: WorkerSegment[] }
  | { type: 'error'; id?: number; stage: WorkerRequest['type']; message: string };
