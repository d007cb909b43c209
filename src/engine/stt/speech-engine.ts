import type { EngineName, Language } from '../../shared/schemas/common';
import type { Transcript } from '../../shared/schemas/domain';

/** Audio prepared by src/engine/audio: a 16 kHz, mono, signed 16-bit PCM WAV file on disk. */
export interface SpeechInput {
  wavPath: string;
  durationMs: number;
}

export interface TranscribeOptions {
  /** Forced: Tamil audio is transcribed as Tamil, never translated or auto-detected. */
  language: Language;
  signal?: AbortSignal;
  /** 0..1, reported at a limited rate. */
  onProgress?: (fraction: number) => void;
  /** Words to help recognition (the clinic's common drug names). */
  prompt?: string;
}

/** One speech-to-text engine (Reverie, Groq Whisper, local whisper.cpp), chosen by the pipeline's fallback order. */
export interface SpeechEngine {
  readonly name: EngineName;
  /** Cheap check: keys configured, model present, circuit closed. */
  available(): Promise<boolean>;
  transcribe(input: SpeechInput, opts: TranscribeOptions): Promise<Transcript>;
  /** Releases what the engine holds (a child process, a loaded model). Optional; safe to call twice. */
  dispose?(): Promise<void>;
}
