/** A recording MedScribe cannot use, with a sentence the user can act on (never audio or transcript content). */
export type AudioErrorCode =
  | 'not-found'
  | 'not-a-file'
  | 'empty'
  | 'not-wav'
  | 'truncated-header'
  | 'bad-format'
  | 'unsupported-codec'
  | 'no-audio'
  | 'ffmpeg-missing'
  | 'ffmpeg-failed'
  | 'cancelled';

export class AudioError extends Error {
  constructor(
    readonly code: AudioErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AudioError';
  }
}

export function abortError(what = 'The operation'): Error {
  const err = new Error(`${what} was cancelled.`);
  err.name = 'AbortError';
  return err;
}

export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw abortError(what);
}
