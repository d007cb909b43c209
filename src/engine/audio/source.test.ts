import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioError } from './errors';
import { prepareSpeech } from './prepare';
import { findFfmpeg, openAudio } from './source';
import { hasCommand, tone, writeTestWav } from './testing/fixtures';
import { readAll, speechLike, toneAmplitude } from './testing/signal';
import { readWavLayout } from './wav-header';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'medscribe-src-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasCommand('sox'))('other formats through ffmpeg', () => {
  // ffmpeg is not installed on the test machines: a stand-in with ffmpeg's command line that
  // decodes with sox exercises the same code (spawn, s16le on stdout, exit status, stderr).
  let fakeFfmpeg: string;
  beforeAll(() => {
    fakeFfmpeg = join(dir, 'bin', 'ffmpeg');
    mkdirSync(join(dir, 'bin'));
    writeFileSync(fakeFfmpeg, '#!/bin/sh\nin=""\nwhile [ $# -gt 0 ]; do if [ "$1" = "-i" ]; then in="$2"; shift; fi; shift; done\nexec sox "$in" -t raw -e signed -b 16 -c 1 -r 16000 -\n');
    chmodSync(fakeFfmpeg, 0o755);
  });

  it('decodes a FLAC file to 16 kHz mono', async () => {
    await writeTestWav(join(dir, 'src.wav'), { sampleRate: 44_100, channels: 2, durationMs: 1000, signal: tone(1000, 0.5) });
    execFileSync('sox', [join(dir, 'src.wav'), join(dir, 'visit.flac')]);
    const src = await openAudio(join(dir, 'visit.flac'), { ffmpegPath: fakeFfmpeg });
    expect(src.info.container).toBe('ffmpeg');
    expect(src.info.durationMs).toBeNaN();
    const x = await readAll(join(dir, 'visit.flac'), { ffmpegPath: fakeFfmpeg });
    expect(x.length).toBe(16_000);
    expect(toneAmplitude(x.subarray(1000, 15_000), 1000, 16_000)).toBeCloseTo(0.5, 1);
  });

  it('says clearly when ffmpeg cannot read the file, without printing its folder', async () => {
    writeFileSync(join(dir, 'junk.mp3'), 'not audio');
    const err = await readAll(join(dir, 'junk.mp3'), { ffmpegPath: fakeFfmpeg }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AudioError);
    expect((err as AudioError).code).toBe('ffmpeg-failed');
    expect((err as AudioError).message).toMatch(/^ffmpeg could not read "junk\.mp3" as audio/);
    expect((err as AudioError).message).not.toContain(dir);
  });

  it('a non-audio .wav goes to ffmpeg when it is installed (it may be a renamed MP3)', async () => {
    writeFileSync(join(dir, 'renamed.wav'), 'definitely not audio');
    const err = await readAll(join(dir, 'renamed.wav'), { ffmpegPath: fakeFfmpeg }).catch((e: unknown) => e);
    expect((err as AudioError).code).toBe('ffmpeg-failed');
  });

  it('an ffmpeg that cannot be started', async () => {
    writeFileSync(join(dir, 'a.ogg'), 'x');
    const err = await readAll(join(dir, 'a.ogg'), { ffmpegPath: join(dir, 'no-such-ffmpeg') }).catch((e: unknown) => e);
    expect((err as AudioError).message).toMatch(/ffmpeg could not be started/);
  });

  it('finds ffmpeg from MEDSCRIBE_FFMPEG or PATH', () => {
    expect(findFfmpeg({ MEDSCRIBE_FFMPEG: '/opt/ffmpeg' })).toBe('/opt/ffmpeg');
    expect(findFfmpeg({ PATH: `/nonexistent:${join(dir, 'bin')}` })).toBe(fakeFfmpeg);
    expect(findFfmpeg({ PATH: '/nonexistent' })).toBeUndefined();
  });
});

describe('prepareSpeech: any recording → 16 kHz mono WAV + speech chunks, one pass', () => {
  it('converts 44.1 kHz stereo and analyses it', async () => {
    const src = join(dir, 'stereo.wav');
    const voice = speechLike(0.3);
    await writeTestWav(src, { sampleRate: 44_100, channels: 2, durationMs: 4000, signal: (t) => (t > 1 && t < 3 ? voice(t) : 0) });
    const out = mkdtempSync(join(dir, 'prep-'));
    const progress: number[] = [];
    const p = await prepareSpeech(src, { outDir: out, ffmpegPath: null, onProgress: (f) => progress.push(f) });
    expect(p.reusedSource).toBe(false);
    expect(p.input.wavPath).toBe(join(out, 'speech-16k.wav'));
    expect(p.input.durationMs).toBe(4000);
    const layout = await readWavLayout(p.input.wavPath);
    expect(layout).toMatchObject({ sampleRate: 16_000, channels: 1, bitsPerSample: 16, dataBytes: 128_000, sizeFromFileLength: false });
    expect(p.analysis.chunks).toHaveLength(1);
    expect(p.analysis.chunks[0]!.startMs).toBeGreaterThan(700);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('uses a 16 kHz mono 16-bit WAV as it is, but converts one with a broken header', async () => {
    const src = join(dir, 'mono16k.wav');
    await writeTestWav(src, { sampleRate: 16_000, durationMs: 1000, signal: tone(300, 0.3) });
    const p = await prepareSpeech(src, { outDir: dir, ffmpegPath: null });
    expect(p).toMatchObject({ reusedSource: true, input: { wavPath: src, durationMs: 1000 } });
    const broken = readFileSync(src);
    broken.writeUInt32LE(0, 40);
    writeFileSync(join(dir, 'broken16k.wav'), broken);
    const out = mkdtempSync(join(dir, 'prep-'));
    const q = await prepareSpeech(join(dir, 'broken16k.wav'), { outDir: out, ffmpegPath: null });
    expect(q).toMatchObject({ reusedSource: false, input: { durationMs: 1000 } });
  });

  it('stops when cancelled', async () => {
    const src = join(dir, 'long.wav');
    await writeTestWav(src, { sampleRate: 48_000, durationMs: 20_000, signal: tone(300, 0.3) });
    const ac = new AbortController();
    const out = mkdtempSync(join(dir, 'prep-'));
    const run = prepareSpeech(src, { outDir: out, ffmpegPath: null, signal: ac.signal, blockBytes: 4096, onProgress: (f) => f > 0.1 && ac.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
