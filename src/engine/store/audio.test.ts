import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { initStore, makeNote, PASSWORD, tempHomes } from './test-helpers';

const { home, closeFirst } = tempHomes();

async function setup() {
  const store = await initStore(home());
  closeFirst(() => store.close());
  await store.addDoctor({ name: 'Dr A', password: PASSWORD });
  const s = await store.signIn('Dr A', PASSWORD);
  const c = store.create(s, { patient: { name: 'P' }, language: 'ta', note: makeNote({ complaint: 'x' }) });
  return { store, s, id: c.id };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

describe("a consultation's recording", () => {
  it('is stored encrypted inside the data folder and read back decrypted', async () => {
    const { store, s, id } = await setup();
    const pcm = randomBytes(300_000);
    const stored = await store.saveAudio(s, id, Readable.from([pcm.subarray(0, 1000), pcm.subarray(1000)]));
    expect(stored).toMatch(/^audio\/[0-9a-f-]{36}\.msa$/);
    expect(store.get(s, id).audioPath).toBe(stored);
    const file = join(store.layout.home, stored);
    expect(readFileSync(file).includes(pcm.subarray(5000, 5100))).toBe(false);
    expect(await readAll(store.openAudio(s, id))).toEqual(pcm);
  });

  it('replaces an earlier recording and removes its file', async () => {
    const { store, s, id } = await setup();
    const first = await store.saveAudio(s, id, Readable.from([Buffer.from('one')]));
    await store.saveAudio(s, id, Readable.from([Buffer.from('two')]));
    expect(existsSync(join(store.layout.home, first))).toBe(false);
    expect((await readAll(store.openAudio(s, id))).toString()).toBe('two');
  });

  it('fails the stream when the file was cut short', async () => {
    const { store, s, id } = await setup();
    const stored = await store.saveAudio(s, id, Readable.from([randomBytes(200_000)]));
    const file = join(store.layout.home, stored);
    truncateSync(file, readFileSync(file).length - 50_000);
    await expect(readAll(store.openAudio(s, id))).rejects.toMatchObject({ code: 'audio-truncated' });
  });

  it('is frozen once the consultation is signed, and a failed save leaves no file', async () => {
    const { store, s, id } = await setup();
    store.sign(s, id);
    await expect(store.saveAudio(s, id, Readable.from([Buffer.from('x')]))).rejects.toThrow(/signed/);
    expect(existsSync(store.layout.audioDir)).toBe(false);
    expect(() => store.openAudio(s, id)).toThrow(/no recording/);
  });
});
