/**
 * Writing WAV files that survive a crash, and repairing the ones that did not.
 *
 * WavWriter writes the header with sizes 0, appends samples and rewrites the sizes every few
 * seconds and on close, so a recording cut short by a crash loses at most those seconds.
 * repairWav fixes a WAV whose header sizes are 0 or wrong (the app died mid-recording) from
 * the file length, in place, touching only the two size fields.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { floatToS16 } from './pcm';
import { readWavLayout, wavHeader } from './wav-header';

export interface WavWriterOptions {
  sampleRate: number;
  channels?: number;
  /** Rewrite the header sizes after this many data bytes (default: about 5 s of audio). */
  headerEveryBytes?: number;
}

export class WavWriter {
  private dataBytes = 0;
  private sinceHeader = 0;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    private readonly o: Required<WavWriterOptions>,
  ) {}

  static async create(path: string, opts: WavWriterOptions): Promise<WavWriter> {
    const o = { channels: 1, headerEveryBytes: opts.sampleRate * 2 * (opts.channels ?? 1) * 5, ...opts };
    const fh = await open(path, 'w');
    await fh.write(wavHeader({ sampleRate: o.sampleRate, channels: o.channels, bitsPerSample: 16, dataBytes: 0 }), 0, 44, 0);
    return new WavWriter(path, fh, o);
  }

  get bytesWritten(): number {
    return this.dataBytes;
  }

  get durationMs(): number {
    return (this.dataBytes / (2 * this.o.channels) / this.o.sampleRate) * 1000;
  }

  /** Float samples in [-1, 1] (interleaved when several channels) or s16 samples. */
  write(samples: Float32Array | Int16Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The WAV file is already closed.'));
    // A copy: the caller may reuse its buffer before the queued write runs.
    const bytes = samples instanceof Int16Array ? Buffer.from(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength)) : floatToS16(samples);
    this.queue = this.queue.then(async () => {
      await this.fh.write(bytes, 0, bytes.length, 44 + this.dataBytes);
      this.dataBytes += bytes.length;
      this.sinceHeader += bytes.length;
      if (this.sinceHeader >= this.o.headerEveryBytes) await this.writeSizes();
    });
    return this.queue;
  }

  async close(): Promise<void> {
    if (this.closed) return this.queue;
    this.closed = true;
    await this.queue;
    await this.writeSizes();
    await this.fh.sync();
    await this.fh.close();
  }

  private async writeSizes() {
    this.sinceHeader = 0;
    const b = Buffer.alloc(4);
    b.writeUInt32LE(Math.min(0xffffffff, 36 + this.dataBytes), 0);
    await this.fh.write(b, 0, 4, 4);
    const d = Buffer.alloc(4);
    d.writeUInt32LE(Math.min(0xffffffff, this.dataBytes), 0);
    await this.fh.write(d, 0, 4, 40);
  }
}

export interface RepairReport {
  repaired: boolean;
  before: { riffBytes: number; dataBytes: number };
  after: { riffBytes: number; dataBytes: number };
  durationMs: number;
  /** Bytes of an incomplete last sample frame, left in the file but outside the data size. */
  partialFrameBytes: number;
}

/**
 * Repairs the header sizes of a WAV from its length (in place unless dryRun). A file whose
 * sizes are already right is left untouched; a file that is not a usable WAV throws AudioError.
 */
export async function repairWav(path: string, opts: { dryRun?: boolean } = {}): Promise<RepairReport> {
  const layout = await readWavLayout(path);
  const before = { riffBytes: layout.declaredRiffBytes, dataBytes: layout.declaredDataBytes };
  const dataEnd = layout.dataOffset + layout.dataBytes;
  const riffBytes = layout.chunkAfterData ? Math.max(layout.declaredRiffBytes, dataEnd - 8) : layout.fileBytes - 8;
  const after = { riffBytes: Math.min(0xffffffff, riffBytes), dataBytes: layout.dataBytes };
  const partialFrameBytes = layout.chunkAfterData ? 0 : layout.fileBytes - dataEnd;
  const repaired = before.riffBytes !== after.riffBytes || before.dataBytes !== after.dataBytes;
  if (repaired && !opts.dryRun) {
    const fh = await open(path, 'r+');
    try {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(after.riffBytes, 0);
      await fh.write(b, 0, 4, 4);
      b.writeUInt32LE(after.dataBytes, 0);
      await fh.write(b, 0, 4, layout.dataSizeOffset);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
  return { repaired, before, after, durationMs: layout.durationMs, partialFrameBytes };
}
