/**
 * Energy-based voice activity detection and chunking at pauses, streaming.
 *
 * Frames of 30 ms are compared with a noise floor (the quietest frame within 5 s before and
 * 1 s after, so a recording that starts with speech still gets a floor); a frame is speech
 * when it is `thresholdDb` above the floor and above an absolute minimum, with hysteresis and
 * a hangover so word gaps do not cut speech. Speech pieces (short pauses kept inside) are
 * packed into chunks of at most `maxChunkMs` (30 s for whisper, 300 s for Reverie): a chunk
 * ends in a pause, and the long silences between pieces are left out (the engine joins the
 * pieces with a short gap and maps times back). A piece longer than a chunk is cut at its
 * quietest frame.
 */
export interface VadOptions {
  sampleRate?: number;
  frameMs?: number;
  thresholdDb?: number;
  /** Nothing quieter than this (dBFS) is speech, whatever the floor. */
  minSpeechDb?: number;
  hangoverMs?: number;
  preRollMs?: number;
  /** Bursts with less speech than this are ignored (clicks, a cough). */
  minSpeechMs?: number;
  /** Pauses shorter than this stay inside one piece. */
  mergeGapMs?: number;
  floorWindowMs?: number;
  lookaheadMs?: number;
}

export interface ChunkOptions {
  maxChunkMs?: number;
  /** Silence put between joined pieces (counted in maxChunkMs). */
  joinGapMs?: number;
}

export interface SpeechPiece {
  startMs: number;
  endMs: number;
}

export interface SpeechChunk {
  index: number;
  startMs: number;
  endMs: number;
  pieces: SpeechPiece[];
  speechMs: number;
  /** Length once the pieces are joined with joinGapMs between them. */
  packedMs: number;
}

export interface SpeechAnalysis {
  durationMs: number;
  frameMs: number;
  /** 1 per frame judged speech (after hangover), else 0. */
  activity: Uint8Array;
  chunks: SpeechChunk[];
  speechMs: number;
}

class Growable<T extends Float32Array | Uint8Array> {
  length = 0;
  constructor(public data: T) {}
  push(v: number) {
    if (this.length === this.data.length) {
      const next = new (this.data.constructor as new (n: number) => T)(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export class SpeechAnalyzer {
  private readonly o: Required<VadOptions> & Required<ChunkOptions>;
  private readonly frameLen: number;
  private readonly energies = new Growable(new Float32Array(1024));
  private readonly activity = new Growable(new Uint8Array(1024));
  private carry = new Float32Array(0);
  private samples = 0;
  private decided = 0;
  private inSpeech = false;
  private hang = 0;
  private piece: { start: number; lastSpeech: number; active: number } | undefined;
  private prevPieceEnd = 0;
  private pending: SpeechPiece[] = [];
  private pendingMs = 0;
  private readonly chunks: SpeechChunk[] = [];

  constructor(
    opts: VadOptions & ChunkOptions = {},
    private readonly onChunk?: (c: SpeechChunk) => void,
  ) {
    this.o = {
      sampleRate: 16_000, frameMs: 30, thresholdDb: 10, minSpeechDb: -55, hangoverMs: 300, preRollMs: 150,
      minSpeechMs: 120, mergeGapMs: 500, floorWindowMs: 5000, lookaheadMs: 1000, maxChunkMs: 30_000, joinGapMs: 300,
      ...opts,
    };
    this.frameLen = Math.round((this.o.sampleRate * this.o.frameMs) / 1000);
  }

  push(block: Float32Array): void {
    this.samples += block.length;
    let data = block;
    if (this.carry.length) {
      data = new Float32Array(this.carry.length + block.length);
      data.set(this.carry);
      data.set(block, this.carry.length);
    }
    let p = 0;
    for (; p + this.frameLen <= data.length; p += this.frameLen) {
      let sum = 0;
      for (let i = p; i < p + this.frameLen; i++) sum += data[i]! * data[i]!;
      this.energies.push(10 * Math.log10(sum / this.frameLen + 1e-12));
    }
    this.carry = data.slice(p);
    this.decide(false);
  }

  /**
   * Emits the speech gathered so far as a chunk now, unless someone is speaking (while
   * recording: transcribe during a pause rather than wait for 30 s of speech). True if it did.
   */
  flushPending(): boolean {
    if (this.piece || !this.pending.length) return false;
    this.flushChunk();
    return true;
  }

  finish(): SpeechAnalysis {
    if (this.carry.length) {
      let sum = 0;
      for (const v of this.carry) sum += v * v;
      this.energies.push(10 * Math.log10(sum / this.carry.length + 1e-12));
      this.carry = new Float32Array(0);
    }
    this.decide(true);
    this.closePiece(this.energies.length);
    this.flushChunk();
    const activity = this.activity.data.slice(0, this.activity.length);
    const speechMs = this.chunks.reduce((a, c) => a + c.speechMs, 0);
    return { durationMs: (this.samples / this.o.sampleRate) * 1000, frameMs: this.o.frameMs, activity, chunks: this.chunks, speechMs };
  }

  private frames(ms: number): number {
    return Math.max(1, Math.round(ms / this.o.frameMs));
  }

  private decide(final: boolean) {
    const e = this.energies.data;
    const n = this.energies.length;
    const back = this.frames(this.o.floorWindowMs);
    const ahead = this.frames(this.o.lookaheadMs);
    for (; this.decided < n && (final || this.decided + ahead < n); this.decided++) {
      const i = this.decided;
      let floor = Number.POSITIVE_INFINITY;
      for (let j = Math.max(0, i - back); j <= Math.min(n - 1, i + ahead); j++) if (e[j]! < floor) floor = e[j]!;
      const threshold = Math.max(floor + this.o.thresholdDb - (this.inSpeech ? 3 : 0), this.o.minSpeechDb);
      const active = e[i]! > threshold;
      if (active) this.hang = this.frames(this.o.hangoverMs);
      else if (this.hang > 0) this.hang--;
      this.inSpeech = active || this.hang > 0;
      this.activity.push(this.inSpeech ? 1 : 0);
      this.track(i, active);
    }
  }

  private track(i: number, active: boolean) {
    if (active) {
      if (!this.piece) this.piece = { start: Math.max(this.prevPieceEnd, i - this.frames(this.o.preRollMs)), lastSpeech: i, active: 0 };
      this.piece.lastSpeech = i;
      this.piece.active++;
    } else if (this.piece && !this.inSpeech && i - this.piece.lastSpeech > this.frames(this.o.mergeGapMs)) {
      this.closePiece(i);
    }
    const maxFrames = this.frames(this.o.maxChunkMs);
    if (this.piece && i + 1 - this.piece.start >= maxFrames) {
      // Too long without a pause: cut in its last 40 %, at the latest frame within 3 dB of the
      // quietest one (a word gap, as late as possible so chunks stay long).
      const e = this.energies.data;
      const from = this.piece.start + Math.floor(maxFrames * 0.6);
      let min = Number.POSITIVE_INFINITY;
      for (let j = from; j < i; j++) min = Math.min(min, e[j]!);
      let cut = from;
      for (let j = from; j < i; j++) if (e[j]! <= min + 3) cut = j;
      this.emitPiece(this.piece.start, cut + 1);
      this.piece = { start: cut + 1, lastSpeech: i, active: 1 };
    }
  }

  private closePiece(endFrame: number) {
    const p = this.piece;
    if (!p) return;
    this.piece = undefined;
    const end = Math.min(endFrame, p.lastSpeech + 1 + this.frames(this.o.hangoverMs));
    if (p.active * this.o.frameMs >= this.o.minSpeechMs) this.emitPiece(p.start, end);
  }

  private emitPiece(startFrame: number, endFrame: number) {
    const durationMs = (this.samples / this.o.sampleRate) * 1000;
    const piece = { startMs: startFrame * this.o.frameMs, endMs: Math.min(endFrame * this.o.frameMs, durationMs) };
    if (piece.endMs <= piece.startMs) return;
    this.prevPieceEnd = endFrame;
    const len = piece.endMs - piece.startMs;
    const added = this.pending.length ? this.o.joinGapMs + len : len;
    if (this.pending.length && this.pendingMs + added > this.o.maxChunkMs) this.flushChunk();
    this.pendingMs += this.pending.length ? this.o.joinGapMs + len : len;
    this.pending.push(piece);
  }

  private flushChunk() {
    if (!this.pending.length) return;
    const pieces = this.pending;
    const chunk: SpeechChunk = {
      index: this.chunks.length,
      startMs: pieces[0]!.startMs,
      endMs: pieces[pieces.length - 1]!.endMs,
      pieces,
      speechMs: pieces.reduce((a, p) => a + p.endMs - p.startMs, 0),
      packedMs: this.pendingMs,
    };
    this.pending = [];
    this.pendingMs = 0;
    this.chunks.push(chunk);
    this.onChunk?.(chunk);
  }
}

/** Fraction of frames judged speech between two times (for dropping text whisper made up over silence). */
export function speechCoverage(a: Pick<SpeechAnalysis, 'activity' | 'frameMs'>, startMs: number, endMs: number): number {
  const from = Math.max(0, Math.floor(startMs / a.frameMs));
  const to = Math.min(a.activity.length, Math.ceil(endMs / a.frameMs));
  if (to <= from) return 0;
  let speech = 0;
  for (let i = from; i < to; i++) speech += a.activity[i]!;
  return speech / (to - from);
}
