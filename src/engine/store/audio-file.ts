/**
 * Encrypted audio files, streamable both ways so an hour of audio never sits in memory.
 *
 * Layout: header (32 bytes) = "MSAUDIO1" | version | 3 reserved | frame size (u32) | salt (16),
 * then frames: word (u32: bit 31 = last frame, low bits = length) | AES-256-GCM ciphertext | tag.
 * Each file has its own key, HKDF(audio key, salt); frame i uses nonce = 0⁴ ‖ u64(i), and its
 * tag also covers the header and the frame's word. So a changed byte, swapped or dropped frames,
 * a file cut short (no last frame) and bytes after the last frame are all detected.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { UserError } from '../dispatch';

export const FRAME_BYTES = 64 * 1024;
const MAX_FRAME_BYTES = 16 * 1024 * 1024;
const MAGIC = Buffer.from('MSAUDIO1', 'latin1');
const VERSION = 1;
const HEADER_BYTES = 32;
const TAG = 16;
const LAST = 0x80000000;

export class AudioFileError extends UserError {
  constructor(code: 'audio-damaged' | 'audio-truncated' | 'audio-tampered', message: string) {
    super(code, message);
    this.name = 'AudioFileError';
  }
}

function fileKey(audioKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', audioKey, salt, 'medscribe audio frame key v1', 32));
}

function nonce(index: number): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function aad(header: Buffer, word: number, index: number): Buffer {
  const extra = Buffer.alloc(12);
  extra.writeUInt32BE(word, 0);
  extra.writeBigUInt64BE(BigInt(index), 4);
  return Buffer.concat([header, extra]);
}

/** Plain audio in, encrypted file bytes out. */
export function createAudioEncryptor(audioKey: Buffer, frameBytes = FRAME_BYTES): Transform {
  if (frameBytes < 1 || frameBytes > MAX_FRAME_BYTES) throw new RangeError('frame size out of range');
  const salt = randomBytes(16);
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header[8] = VERSION;
  header.writeUInt32BE(frameBytes, 12);
  salt.copy(header, 16);
  const key = fileKey(audioKey, salt);
  let index = 0;
  let pending: Buffer = Buffer.alloc(0);

  const frame = (plain: Buffer, last: boolean): Buffer => {
    const word = (plain.length | (last ? LAST : 0)) >>> 0;
    const cipher = createCipheriv('aes-256-gcm', key, nonce(index));
    cipher.setAAD(aad(header, word, index));
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    const w = Buffer.alloc(4);
    w.writeUInt32BE(word, 0);
    index++;
    return Buffer.concat([w, ct, cipher.getAuthTag()]);
  };

  return new Transform({
    construct(cb) {
      this.push(header);
      cb();
    },
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length > frameBytes) {
        this.push(frame(pending.subarray(0, frameBytes), false));
        pending = pending.subarray(frameBytes);
      }
      cb();
    },
    flush(cb) {
      // The last frame always exists (perhaps empty): its flag is what proves the file is whole.
      this.push(frame(pending, true));
      cb();
    },
  });
}

export interface DecryptOptions {
  /**
   * Crash recovery of a recording that never got its last frame: emit every complete,
   * authentic frame and stop, instead of failing. `onTruncated` says it happened.
   */
  allowTruncated?: boolean;
  onTruncated?: () => void;
}

/** Encrypted file bytes in, plain audio out; each frame is authenticated before it is emitted. */
export function createAudioDecryptor(audioKey: Buffer, opts: DecryptOptions = {}): Transform {
  let buf: Buffer = Buffer.alloc(0);
  let header: Buffer | undefined;
  let key: Buffer | undefined;
  let frameBytes = 0;
  let index = 0;
  let done = false;

  const damaged = () => new AudioFileError('audio-damaged', 'The audio file is damaged or is not a MedScribe recording.');
  const tampered = () => new AudioFileError('audio-tampered', 'The audio file was altered or damaged (a frame failed its check).');
  const truncated = () => new AudioFileError('audio-truncated', 'The audio file is cut short (the recording did not finish writing).');

  function drain(t: Transform): void {
    if (!header || !key) {
      if (buf.length < HEADER_BYTES) return;
      header = buf.subarray(0, HEADER_BYTES);
      frameBytes = header.readUInt32BE(12);
      if (!header.subarray(0, 8).equals(MAGIC) || header[8] !== VERSION || frameBytes < 1 || frameBytes > MAX_FRAME_BYTES) throw damaged();
      key = fileKey(audioKey, header.subarray(16, 32));
      buf = buf.subarray(HEADER_BYTES);
    }
    while (buf.length >= 4) {
      if (done) throw new AudioFileError('audio-tampered', 'The audio file has data after its last frame (altered).');
      const word = buf.readUInt32BE(0);
      const len = word & ~LAST;
      if (len > frameBytes) throw tampered();
      if (buf.length < 4 + len + TAG) return;
      const decipher = createDecipheriv('aes-256-gcm', key, nonce(index));
      decipher.setAAD(aad(header, word, index));
      decipher.setAuthTag(buf.subarray(4 + len, 4 + len + TAG));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(buf.subarray(4, 4 + len)), decipher.final()]);
      } catch {
        throw tampered();
      }
      buf = buf.subarray(4 + len + TAG);
      index++;
      if ((word & LAST) !== 0) done = true;
      if (plain.length) t.push(plain);
    }
  }

  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      try {
        drain(this);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(cb) {
      if (!header) return cb(buf.length === 0 ? truncated() : damaged());
      if (done && buf.length > 0) return cb(new AudioFileError('audio-tampered', 'The audio file has data after its last frame (altered).'));
      if (!done) {
        if (!opts.allowTruncated) return cb(truncated());
        opts.onTruncated?.();
      }
      cb();
    },
  });
}
