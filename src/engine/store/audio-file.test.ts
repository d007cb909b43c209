import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createAudioDecryptor, createAudioEncryptor, type DecryptOptions } from './audio-file';

const KEY = randomBytes(32);

/** Feeds `data` in chunks of varying sizes, as a recorder or a file read would. */
function chunks(data: Buffer, max = 5000): Readable {
  const parts: Buffer[] = [];
  for (let i = 0, n = 1; i < data.length; i += n, n = 1 + ((n * 7919) % max)) parts.push(data.subarray(i, i + n));
  return Readable.from(parts);
}

async function collect(source: Readable, ...rest: NodeJS.ReadWriteStream[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    source,
    ...(rest as [NodeJS.ReadWriteStream]),
    new Writable({
      write(c: Buffer, _e, cb) {
        out.push(c);
        cb();
      },
    }),
  );
  return Buffer.concat(out);
}

const encrypt = (plain: Buffer, frame = 4096) => collect(chunks(plain), createAudioEncryptor(KEY, frame));
const decrypt = (file: Buffer, key = KEY, opts: DecryptOptions = {}) => collect(chunks(file, 3000), createAudioDecryptor(key, opts));

describe('encrypted audio files', () => {
  it.each([0, 1, 4095, 4096, 4097, 100_000])('round-trips %i bytes through chunked frames', async (n) => {
    const plain = randomBytes(n);
    const file = await encrypt(plain);
    expect(file.length).toBe(32 + Math.max(1, Math.ceil(n / 4096)) * 20 + n);
    expect(await decrypt(file)).toEqual(plain);
  });

  it('streams a long recording: output starts long before the input ends, and buffers stay small', async () => {
    // 60 MB of "audio" generated on the fly (an hour of 16 kHz mono PCM is 115 MB).
    const total = 60 * 1024 * 1024;
    let made = 0;
    const source = new Readable({
      read() {
        if (made >= total) return void this.push(null);
        const c = Buffer.alloc(64 * 1024, made / 65536);
        made += c.length;
        this.push(c);
      },
    });
    const enc = createAudioEncryptor(KEY);
    const dec = createAudioDecryptor(KEY);
    let seen = 0;
    let madeAtFirstOutput = -1;
    let maxBuffered = 0;
    await pipeline(
      source,
      enc,
      dec,
      new Writable({
        write(c: Buffer, _e, cb) {
          if (madeAtFirstOutput < 0) madeAtFirstOutput = made;
          seen += c.length;
          maxBuffered = Math.max(maxBuffered, enc.readableLength + enc.writableLength + dec.readableLength + dec.writableLength);
          cb();
        },
      }),
    );
    expect(seen).toBe(total);
    expect(madeAtFirstOutput).toBeLessThan(2 * 1024 * 1024);
    expect(maxBuffered).toBeLessThan(1024 * 1024);
  });

  it('never holds the plaintext in the file', async () => {
    const plain = Buffer.from('Patient Lakshmi Narayanan காய்ச்சல் paracetamol '.repeat(200));
    const file = await encrypt(plain);
    for (const s of ['Lakshmi', 'காய்ச்சல்', 'paracetamol']) expect(file.includes(Buffer.from(s))).toBe(false);
  });

  it.each([
    ['inside the header', 0],
    ['inside the first frame', 32 + 4 + 10],
    ['inside a tag', 32 + 4 + 4096 + 3],
    ['inside the last frame', -10],
  ])('detects a changed byte %s', async (_where, at) => {
    const file = await encrypt(randomBytes(10_000));
    const i = at < 0 ? file.length + at : at;
    file[i] = (file[i] ?? 0) ^ 1;
    await expect(decrypt(file)).rejects.toMatchObject({ code: expect.stringMatching(/audio-(tampered|damaged)/) });
  });

  it.each([
    ['mid-frame', (n: number) => n - 100],
    ['at a frame boundary (the last frame dropped)', () => 32 + 4100 * 2],
    ['inside the header', () => 20],
    ['to nothing', () => 0],
  ])('detects a file cut short %s', async (_where, cut) => {
    const file = await encrypt(randomBytes(10_000));
    await expect(decrypt(file.subarray(0, cut(file.length)))).rejects.toMatchObject({ code: expect.stringMatching(/audio-truncated|audio-damaged/) });
  });

  it('detects swapped frames, bytes after the end and the wrong key', async () => {
    const file = await encrypt(randomBytes(4096 * 3));
    const f = 4 + 4096 + 16;
    const swapped = Buffer.concat([file.subarray(0, 32), file.subarray(32 + f, 32 + 2 * f), file.subarray(32, 32 + f), file.subarray(32 + 2 * f)]);
    await expect(decrypt(swapped)).rejects.toMatchObject({ code: 'audio-tampered' });
    await expect(decrypt(Buffer.concat([file, Buffer.from([0, 0, 0, 0, 1])]))).rejects.toMatchObject({ code: 'audio-tampered' });
    await expect(decrypt(file, randomBytes(32))).rejects.toMatchObject({ code: 'audio-tampered' });
    // A frame marked "last" early (the flag is covered by the tag).
    const early = Buffer.from(file);
    early[32] = (early[32] ?? 0) | 0x80;
    await expect(decrypt(early)).rejects.toMatchObject({ code: 'audio-tampered' });
  });

  it('recovers the complete frames of a recording that never finished, when asked', async () => {
    const plain = randomBytes(4096 * 3 + 500);
    const file = await encrypt(plain);
    const cut = file.subarray(0, 32 + 2 * (4 + 4096 + 16) + 1000);
    let truncated = false;
    const recovered = await decrypt(cut, KEY, { allowTruncated: true, onTruncated: () => (truncated = true) });
    expect(truncated).toBe(true);
    expect(recovered).toEqual(plain.subarray(0, 2 * 4096));
  });

  it('refuses a file that is not a MedScribe recording', async () => {
    await expect(decrypt(Buffer.from('RIFF....WAVEfmt '.repeat(10)))).rejects.toMatchObject({ code: 'audio-damaged' });
  });
});
