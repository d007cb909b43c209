/** Messages between the engine and the whisper.cpp child process (tagged JSON, one per line). */

/** A byte range of the 16 kHz s16 WAV's data, relative to the data chunk. */
export interface PcmPiece {
  byteStart: number;
  byteLength: number;
}

/** Options passed to whisper.cpp as they are (@fugood/whisper.node 1.1 TranscribeOptions). */
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
  | { type: 'loaded'; ms: number }
  | { type: 'progress'; id: number; percent: number }
  | { type: 'result'; id: number; aborted: boolean; ms: number; segments: WorkerSegment[] }
  | { type: 'error'; id?: number; stage: WorkerRequest['type']; message: string };
