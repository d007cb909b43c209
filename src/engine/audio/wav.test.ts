import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioError } from './errors';
import { openAudio } from './source';
import { readAll, rms, toneAmplitude } from './testing/signal';
import { testWavHeader, tone, writeTestWav, type TestWavSpec } from './testing/fixtures';
import { repairWav, WavWriter } from './wav-file';
import { readWavLayout } from './wav-header';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'medscribe-wav-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const f = (name: string) => join(dir, name);

async function expectAudioError(p: Promise<unknown>, code: string, message?: RegExp) {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AudioError);
  expect((err as AudioError).code).toBe(code);
  if (message) expect((err as AudioError).message).toMatch(message);
}

describe('WAV in any common layout → 16 kHz mono', () => {
  const layouts: [string, Partial<TestWavSpec>][] = [
    ['8-bit PCM', { bits: 8 }],
    ['16-bit PCM', { bits: 16 }],
    ['24-bit PCM', { bits: 24 }],
    ['32-bit PCM', { bits: 32 }],
    ['32-bit float', { bits: 32, float: true }],
    ['64-bit float', { bits: 64, float: true }],
    ['EXTENSIBLE 24-bit stereo', { bits: 24, channels: 2, extensible: true }],
    ['EXTENSIBLE float stereo', { bits: 32, float: true, channels: 2, extensible: true }],
    ['6 channels with a LIST chunk first', { channels: 6, extraChunkBefore: true }],
  ];
  for (const [label, spec] of layouts) {
    for (const rate of [48_000, 44_100, 22_050, 8_000]) {
      it(`${label} at ${rate} Hz`, async () => {
        const path = f(`${label.replace(/\W+/g, '-')}-${rate}.wav`);
        await writeTestWav(path, { sampleRate: rate, durationMs: 500, signal: tone(1000, 0.5), ...spec });
        const src = await openAudio(path, { ffmpegPath: null });
        expect(src.info).toMatchObject({ container: 'wav', sampleRate: rate, channels: spec.channels ?? 1 });
        const x = await readAll(path, { ffmpegPath: null });
        expect(Math.abs(x.length - 8000)).toBeLessThanOrEqual(1);
        const mid = x.subarray(1000, 7000);
        expect(toneAmplitude(mid, 1000, 16_000)).toBeCloseTo(0.5, 1);
        expect(rms(mid)).toBeCloseTo(0.5 / Math.SQRT2, 1);
      });
    }
  }

  it('averages the channels (left tone, right silent → half the level)', async () => {
    const path = f('left-only.wav');
    await writeTestWav(path, { sampleRate: 16_000, channels: 2, durationMs: 300, signal: (t, ch) => (ch === 0 ? tone(500, 0.8)(t) : 0) });
    const x = await readAll(path, { ffmpegPath: null });
    expect(toneAmplitude(x, 500, 16_000)).toBeCloseTo(0.4, 2);
  });
});

describe('bad and damaged recordings', () => {
  it('a 0-byte file', async () => {
    writeFileSync(f('empty.wav'), '');
    await expectAudioError(openAudio(f('empty.wav'), { ffmpegPath: null }), 'empty', /"empty\.wav" is empty \(0 bytes\)/);
  });

  it('a file that does not exist', async () => {
    await expectAudioError(openAudio(f('nope.wav')), 'not-found', /does not exist/);
  });

  it('a WAV cut inside its header', async () => {
    await writeTestWav(f('whole.wav'), { sampleRate: 16_000, durationMs: 100, signal: tone(300) });
    writeFileSync(f('cut-header.wav'), readFileSync(f('whole.wav')).subarray(0, 30));
    await expectAudioError(openAudio(f('cut-header.wav'), { ffmpegPath: null }), 'truncated-header', /cut short/);
    writeFileSync(f('cut-riff.wav'), 'RIF');
    await expectAudioError(openAudio(f('cut-riff.wav'), { ffmpegPath: null }), 'truncated-header');
  });

  it('a WAV cut inside its data is read up to where it stops, and says so', async () => {
    await writeTestWav(f('cut-data.wav'), { sampleRate: 16_000, durationMs: 1000, signal: tone(300) });
    truncateSync(f('cut-data.wav'), 44 + 16_000 + 1); // 0.5 s and half a sample
    const layout = await readWavLayout(f('cut-data.wav'));
    expect(layout).toMatchObject({ truncated: true, sizeFromFileLength: true, dataBytes: 16_000 });
    expect(layout.durationMs).toBe(500);
    expect((await readAll(f('cut-data.wav'), { ffmpegPath: null })).length).toBe(8000);
  });

  it('a header that lies: data size 0 (recorder died) or far beyond the file', async () => {
    for (const lie of [0, 0xffffffff, 10_000_000]) {
      const path = f(`lie-${lie}.wav`);
      await writeTestWav(path, { sampleRate: 16_000, durationMs: 250, signal: tone(300) });
      const fd = openSync(path, 'r+');
      const b = Buffer.alloc(4);
      b.writeUInt32LE(lie, 0);
      writeSync(fd, b, 0, 4, 40);
      closeSync(fd);
      const layout = await readWavLayout(path);
      expect(layout.sizeFromFileLength).toBe(true);
      expect(layout.truncated).toBe(lie === 10_000_000);
      expect(layout.durationMs).toBe(250);
    }
  });

  it('a non-audio file renamed .wav', async () => {
    writeFileSync(f('notes.wav'), '{"patient": "not audio at all"}\n'.repeat(20));
    await expectAudioError(openAudio(f('notes.wav'), { ffmpegPath: null }), 'not-wav', /"notes\.wav" is not a WAV recording/);
  });

  it('an .mp3 (or any other format) without ffmpeg', async () => {
    writeFileSync(f('visit.mp3'), Buffer.from([0xff, 0xfb, 0x90, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    await expectAudioError(
      openAudio(f('visit.mp3'), { ffmpegPath: null }),
      'ffmpeg-missing',
      /^MedScribe cannot read \.mp3 files on this PC without ffmpeg; record in the app or convert to WAV\.$/,
    );
  });

  it('a compressed WAV (MP3 inside RIFF) without ffmpeg', async () => {
    const h = testWavHeader({ sampleRate: 16_000 }, 100);
    h.writeUInt16LE(0x55, 20);
    writeFileSync(f('mp3-in-wav.wav'), Buffer.concat([h, Buffer.alloc(100)]));
    await expectAudioError(openAudio(f('mp3-in-wav.wav'), { ffmpegPath: null }), 'unsupported-codec', /MP3 compression/);
  });

  it('a header with nonsense channel count or sample rate', async () => {
    const h = testWavHeader({ sampleRate: 16_000 }, 100);
    h.writeUInt32LE(7, 24);
    writeFileSync(f('rate7.wav'), Buffer.concat([h, Buffer.alloc(100)]));
    await expectAudioError(openAudio(f('rate7.wav'), { ffmpegPath: null }), 'bad-format', /sample rate of 7 Hz/);
  });

  it('a header with no samples after it', async () => {
    writeFileSync(f('header-only.wav'), testWavHeader({ sampleRate: 16_000 }, 0));
    await expectAudioError(openAudio(f('header-only.wav'), { ffmpegPath: null }), 'no-audio');
  });
});

describe('crash-safe recording and repair', () => {
  it('WavWriter keeps the header sizes current while recording', async () => {
    const path = f('rec.wav');
    const w = await WavWriter.create(path, { sampleRate: 16_000, headerEveryBytes: 16_000 });
    await w.write(new Float32Array(12_000).fill(0.25));
    // Not closed yet (the app could die now): the header already covers what was written.
    const layout = await readWavLayout(path);
    expect(layout.declaredDataBytes).toBe(24_000);
    expect(layout.sizeFromFileLength).toBe(false);
    await w.close();
    expect(w.durationMs).toBe(750);
  });

  it('repairs a recording whose header sizes are 0 from the file length, in place', async () => {
    const path = f('crashed.wav');
    writeFileSync(path, Buffer.concat([testWavHeader({ sampleRate: 16_000 }, 0), Buffer.alloc(32_001, 1)]));
    const before = readFileSync(path);
    before.writeUInt32LE(0, 4);
    writeFileSync(path, before);
    const report = await repairWav(path);
    expect(report).toMatchObject({ repaired: true, before: { riffBytes: 0, dataBytes: 0 }, after: { dataBytes: 32_000, riffBytes: 44 + 32_001 - 8 }, partialFrameBytes: 1 });
    expect(report.durationMs).toBe(1000);
    const fixed = await readWavLayout(path);
    expect(fixed).toMatchObject({ declaredDataBytes: 32_000, sizeFromFileLength: false });
    expect(readFileSync(path).subarray(44)).toEqual(before.subarray(44));
    expect((await repairWav(path)).repaired).toBe(false);
  });

  it('repairs a header that claims more than the file holds, and a dry run changes nothing', async () => {
    const path = f('claims-more.wav');
    writeFileSync(path, Buffer.concat([testWavHeader({ sampleRate: 8000, channels: 2 }, 999_996), Buffer.alloc(8000)]));
    const dry = await repairWav(path, { dryRun: true });
    expect(dry).toMatchObject({ repaired: true, after: { dataBytes: 8000 } });
    expect((await readWavLayout(path)).declaredDataBytes).toBe(999_996);
    await repairWav(path);
    expect((await readWavLayout(path)).declaredDataBytes).toBe(8000);
  });

  it('refuses to "repair" a file that is not a WAV', async () => {
    writeFileSync(f('text.wav'), 'hello');
    await expectAudioError(repairWav(f('text.wav')), 'not-wav');
  });
});
