/**
 * The whisper.cpp path end to end with generated models (random weights: the words are
 * nonsense by design, so these tests check loading, running, segments, timings and errors),
 * with each binding this machine can run (@napi-rs/whisper needs linux-x64/macOS and AVX2).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSpeech } from '../../audio/prepare';
import { espeakRecording, hasCommand, writeTestWav } from '../../audio/testing/fixtures';
import { speechLike } from '../../audio/testing/signal';
import { ModelFileError } from '../models/ggml-file';
import { writeGgmlModel, type GeneratedModel } from '../testing/ggml-model';
import { NoModelError, WhisperSpeechEngine } from './whisper-engine';
import { resolveBackends, resolveBinding, resolveNapi, WhisperWorker, WhisperWorkerError } from './worker-client';
import type { WhisperBackend } from './worker-protocol';

const HAS_ESPEAK = hasCommand('espeak-ng') && hasCommand('sox');
const BACKENDS: WhisperBackend[] = resolveNapi({}) ? ['napi', 'fugood'] : ['fugood'];
let dir: string;
let tamil: GeneratedModel;
let latin: GeneratedModel;
let filler: GeneratedModel;
const engines: WhisperSpeechEngine[] = [];

function engine(model: GeneratedModel | string, o: Partial<ConstructorParameters<typeof WhisperSpeechEngine>[0]> = {}) {
  const e = new WhisperSpeechEngine({ modelPath: typeof model === 'string' ? model : model.path, threads: 2, progressIntervalMs: 0, ...o });
  engines.push(e);
  return e;
}

/** Speech-like audio with pauses, as the 16 kHz WAV the engine takes. */
async function syntheticWav(name: string, parts: [number, boolean][]): Promise<{ wavPath: string; durationMs: number }> {
  const voice = speechLike(0.3);
  const edges: [number, number, boolean][] = [];
  let t = 0;
  for (const [ms, speech] of parts) edges.push([t, (t += ms), speech]);
  const path = join(dir, name);
  await writeTestWav(path, { sampleRate: 16_000, durationMs: t, signal: (s) => (edges.find(([a, b]) => s * 1000 >= a && s * 1000 < b)?.[2] ? voice(s) : 0) });
  return { wavPath: path, durationMs: t };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medscribe-whisper-'));
  tamil = await writeGgmlModel(join(dir, 'ta.bin'), { text: ' காய்ச்சல் இருக்கு' });
  latin = await writeGgmlModel(join(dir, 'latin.bin'), { text: ' kaaichal irukku' });
  filler = await writeGgmlModel(join(dir, 'filler.bin'), { text: ' Thanks for watching!' });
});
afterAll(async () => {
  await Promise.all(engines.map((e) => e.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAS_ESPEAK).each(BACKENDS)('transcribing espeak-ng speech with a generated model (%s)', (backend) => {
  it('Tamil: loads, runs, segments with timestamps inside the recording, progress to 1', async () => {
    const src = espeakRecording(dir, 'ta', { pauseMs: 700 });
    const prepared = await prepareSpeech(src, { outDir: mkdtempSync(join(dir, 'ta-')), ffmpegPath: null });
    const e = engine(tamil, { backend });
    const progress: number[] = [];
    const t = await e.transcribe(prepared.input, { language: 'ta', onProgress: (f) => progress.push(f) });
    expect(t).toMatchObject({ language: 'ta', engine: 'whisper-local' });
    expect(t.segments.length).toBeGreaterThanOrEqual(1);
    for (const s of t.segments) {
      expect(s.startMs).toBeGreaterThanOrEqual(0);
      expect(s.endMs).toBeGreaterThan(s.startMs);
      expect(s.endMs).toBeLessThanOrEqual(prepared.input.durationMs);
      expect(s.flagged).toBeUndefined();
    }
    expect(t.text).toBe('காய்ச்சல் இருக்கு');
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(e.lastRun).toMatchObject({ chunks: 1, modelPath: tamil.path, backend });
    expect(e.lastRun!.modelLoadMs).toBeGreaterThan(0);
    expect(e.lastRun!.transcribeMs).toBeLessThan(10_000);
  });

  it('Telugu audio with a model that answers in Latin script: the segment is flagged', async () => {
    const src = espeakRecording(dir, 'te', { pauseMs: 700 });
    const prepared = await prepareSpeech(src, { outDir: mkdtempSync(join(dir, 'te-')), ffmpegPath: null });
    const t = await engine(latin, { backend }).transcribe(prepared.input, { language: 'te' });
    expect(t.segments).toHaveLength(1);
    expect(t.segments[0]!.flagged).toMatch(/expected Telugu script, got Latin/);
  });
});

describe.each(BACKENDS)('the whisper engine (%s)', (backend) => {
  const synthetic = (name: string, parts: [number, boolean][]) => syntheticWav(`${backend}-${name}`, parts);

  it('maps each ≤30 s chunk back to the recording (two chunks, 15 s apart)', async () => {
    const input = await synthetic('two.wav', [[1000, false], [25_000, true], [15_000, false], [20_000, true], [1000, false]]);
    const e = engine(tamil, { backend });
    const t = await e.transcribe(input, { language: 'ta' });
    expect(e.lastRun).toMatchObject({ chunks: 2, backend });
    expect(t.segments).toHaveLength(2);
    expect(t.segments[0]!.startMs).toBeGreaterThanOrEqual(700);
    expect(t.segments[0]!.endMs).toBeLessThanOrEqual(26_500);
    expect(t.segments[1]!.startMs).toBeGreaterThanOrEqual(40_500);
    expect(t.segments[1]!.endMs).toBeLessThanOrEqual(62_000);
    // The model is loaded once per engine.
    await e.transcribe(input, { language: 'ta' });
    expect(e.lastRun!.modelLoadMs).toBe(0);
  });

  it('drops made-up filler ("Thanks for watching!")', async () => {
    const input = await synthetic('filler.wav', [[500, false], [5000, true], [500, false]]);
    const e = engine(filler, { backend });
    const t = await e.transcribe(input, { language: 'en' });
    expect(t.segments).toEqual([]);
    expect(e.lastRun!.dropped.filler).toBe(1);
  });

  it('silence: no chunks, no whisper, no text', async () => {
    const input = await synthetic('silence.wav', [[5000, false]]);
    const e = engine(tamil, { backend });
    expect((await e.transcribe(input, { language: 'ta' })).segments).toEqual([]);
    expect(e.workerPid).toBeUndefined();
  });

  it('cancels: the AbortSignal stops whisper and the engine still works afterwards', async () => {
    const input = await synthetic('long.wav', [[90_000, true]]);
    const e = engine(tamil, { backend, graceMs: 200 });
    const ac = new AbortController();
    const started = Date.now();
    const run = e.transcribe(input, { language: 'ta', signal: ac.signal, onProgress: (f) => f > 0 && ac.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await e.transcribe(await synthetic('short.wav', [[3000, true]]), { language: 'ta' })).segments).toHaveLength(1);
  });

  it('a crash of the native process is an error, not the end of the engine', async () => {
    const input = await synthetic('crash.wav', [[60_000, true]]);
    const e = engine(tamil, { backend });
    const run = e.transcribe(input, { language: 'ta', onProgress: () => e.workerPid && process.kill(e.workerPid, 'SIGKILL') });
    const err = await run.catch((x: unknown) => x);
    expect(err).toBeInstanceOf(WhisperWorkerError);
    expect((err as WhisperWorkerError).message).toMatch(/stopped unexpectedly \(SIGKILL\)/);
    expect((await e.transcribe(await synthetic('after.wav', [[3000, true]]), { language: 'ta' })).segments).toHaveLength(1);
  });

  it('runs an 8-bit (q8_0) model, and a native build loaded directly (MEDSCRIBE_WHISPER_NATIVE)', async () => {
    const q8 = await writeGgmlModel(join(dir, 'q8.bin'), { text: ' காய்ச்சல்', quantization: 'q8_0' });
    const input = await synthetic('q8.wav', [[500, false], [4000, true], [500, false]]);
    const e = engine(q8, { backend });
    expect((await e.transcribe(input, { language: 'ta' })).text).toBe('காய்ச்சல்');
    expect(e.lastRun!.backend).toBe(backend);
    let native: string | undefined;
    try {
      native = createRequire(import.meta.url).resolve(`@fugood/node-whisper-${process.platform}-${process.arch}`);
    } catch {
      native = undefined;
    }
    if (native && backend === 'fugood') expect((await engine(q8, { bindingPath: native }).transcribe(input, { language: 'ta' })).text).toBe('காய்ச்சல்');
  });
});

describe('the whisper bindings', () => {
  it('finds the binding: MEDSCRIBE_WHISPER_NATIVE, then the installer copy in MEDSCRIBE_RESOURCES, then the package', () => {
    const res = join(dir, 'res');
    mkdirSync(join(res, 'whisper-native'), { recursive: true });
    expect(resolveBinding({})).toMatch(/@fugood[/\\]whisper\.node[/\\]lib[/\\]index\.js$/);
    expect(resolveBinding({ MEDSCRIBE_RESOURCES: res })).toMatch(/@fugood[/\\]whisper\.node/);
    copyFileSync(tamil.path, join(res, 'whisper-native', 'index.node'));
    expect(resolveBinding({ MEDSCRIBE_RESOURCES: res })).toBe(join(res, 'whisper-native', 'index.node'));
    expect(resolveBinding({ MEDSCRIBE_WHISPER_NATIVE: tamil.path, MEDSCRIBE_RESOURCES: res })).toBe(tamil.path);
    expect(resolveBinding({ MEDSCRIBE_WHISPER_NATIVE: join(dir, 'missing.node') })).toBeUndefined();
  });

  it('prefers @napi-rs/whisper where it runs; MEDSCRIBE_WHISPER_BACKEND and MEDSCRIBE_WHISPER_NATIVE choose @fugood/whisper.node', () => {
    const avx2 = process.platform === 'linux' && /^flags\s*:.*\bavx2\b.*$/m.test(readFileSync('/proc/cpuinfo', 'utf8'));
    if (process.platform === 'linux' && process.arch === 'x64' && avx2) expect(resolveNapi({})).toMatch(/@napi-rs[/\\]whisper/);
    if (resolveNapi({})) {
      const res = join(dir, 'res-napi');
      mkdirSync(join(res, 'whisper-napi'), { recursive: true });
      copyFileSync(tamil.path, join(res, 'whisper-napi', 'whisper.linux-x64-gnu.node'));
      expect(resolveNapi({ MEDSCRIBE_RESOURCES: res })).toBe(join(res, 'whisper-napi', 'whisper.linux-x64-gnu.node'));
    }
    if (process.platform === 'win32') expect(resolveNapi({})).toBeUndefined();
    expect(resolveNapi({ MEDSCRIBE_WHISPER_BACKEND: 'fugood' })).toBeUndefined();
    expect(resolveNapi({ MEDSCRIBE_WHISPER_NATIVE: tamil.path })).toBeUndefined();
    expect(resolveBackends({ MEDSCRIBE_WHISPER_BACKEND: 'fugood' })).toMatchObject({ napi: undefined, forced: 'fugood' });
    expect(resolveBackends({ MEDSCRIBE_WHISPER_BACKEND: 'napi' })).toMatchObject({ fugood: undefined, forced: 'napi' });
    expect(resolveBackends({}).fugood).toBe(resolveBinding({}));
  });

  it.each([...BACKENDS, 'auto' as const])('a model whisper.cpp refuses to load is an error that says why, and the same process loads the next one (%s)', async (b) => {
    const bad = join(dir, 'not-a-model.bin');
    writeFileSync(bad, Buffer.alloc(64, 1));
    const w = await WhisperWorker.start(resolveBackends(b === 'auto' ? {} : { MEDSCRIBE_WHISPER_BACKEND: b }));
    try {
      const err = await w.load(bad).catch((x: unknown) => x);
      expect(err).toBeInstanceOf(WhisperWorkerError);
      // @napi-rs/whisper says only that it failed; by default @fugood/whisper.node then says why.
      expect((err as WhisperWorkerError).message).toMatch(b === 'napi' ? /could not load the model \(Failed to initialize Whisper model/ : /whisper\.cpp could not load the model \(.*bad magic/);
      expect(w.alive).toBe(true);
      expect(await w.load(tamil.path)).toBeGreaterThan(0);
      expect(w.backend).toBe(b === 'auto' ? BACKENDS[0] : b);
    } finally {
      await w.close();
    }
  });

  it('clear errors for a bad model, a missing model and a wrong input', async () => {
    const bad = join(dir, 'bad-magic.bin');
    writeFileSync(bad, Buffer.alloc(100, 7));
    const input = await syntheticWav('x.wav', [[2000, true]]);
    await expect(engine(bad).transcribe(input, { language: 'ta' })).rejects.toBeInstanceOf(ModelFileError);
    await expect(new WhisperSpeechEngine().transcribe(input, { language: 'ta' })).rejects.toThrow(NoModelError);
    await expect(new WhisperSpeechEngine().transcribe(input, { language: 'ta' })).rejects.toThrow(/No offline speech model for Tamil.*models download small-q5_1/);
    const stereo = join(dir, 'stereo.wav');
    await writeTestWav(stereo, { sampleRate: 44_100, channels: 2, durationMs: 500, signal: () => 0 });
    await expect(engine(tamil).transcribe({ wavPath: stereo, durationMs: 500 }, { language: 'ta' })).rejects.toThrow(/16 kHz mono/);
    expect(await engine(tamil).available()).toBe(true);
    expect(await engine(bad).available()).toBe(false);
    expect(await new WhisperSpeechEngine().available()).toBe(false);
  });
});
