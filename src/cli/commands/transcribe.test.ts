import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transcript } from '../../shared/schemas/domain';
import { espeakRecording, hasCommand, writeTestWav } from '../../engine/audio/testing/fixtures';
import { speechLike } from '../../engine/audio/testing/signal';
import { createSpeechRegistry, SpeechEngineRegistry, whisperRegistration } from '../../engine/stt/registry';
import { writeGgmlModel, type GeneratedModel } from '../../engine/stt/testing/ggml-model';
import { UsageError } from '../io';
import { createModelsCommand } from './models';
import { createTranscribeCommand, type TranscribeCommandDeps } from './transcribe';
import { fakeIo } from '../testing/fake-io';


const resourcesDir = fileURLToPath(new URL('../../../resources/', import.meta.url));
let dir: string;
let model: GeneratedModel;
let wav: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medscribe-cli-tr-'));
  model = await writeGgmlModel(join(dir, 'ggml-test.bin'), { text: ' வணக்கம்' });
  wav = join(dir, 'visit.wav');
  const voice = speechLike(0.3);
  await writeTestWav(wav, { sampleRate: 44_100, channels: 2, durationMs: 6000, signal: (t) => (t > 1 && t < 5 ? voice(t) : 0) });
  env = { MEDSCRIBE_HOME: join(dir, 'home') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (args: string[], deps: TranscribeCommandDeps = {}) => {
  const t = fakeIo();
  const code = await createTranscribeCommand({ env, resourcesDir, ffmpegPath: null, ...deps }).run(args, t.io);
  return { code, ...t };
};

interface JsonResult {
  language: string;
  engine: string;
  model: string;
  durationMs: number;
  segments: { startMs: number; endMs: number; text: string; flagged?: string }[];
  timings: { audioMs: number; modelLoadMs: number; transcribeMs: number; totalMs: number; realTimeFactor: number; chunks: number };
}

describe('medscribe transcribe', () => {
  it('--json: language, engine, model, segments (ms), duration, timings; only JSON on stdout', async () => {
    const r = await run([wav, '--lang', 'ta', '--engine', 'whisper', '--model', model.path, '--json', '--threads', '2']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout()) as JsonResult;
    expect(j).toMatchObject({ language: 'ta', engine: 'whisper-local', model: 'ggml-test.bin', durationMs: 6000 });
    expect(j.segments).toHaveLength(1);
    expect(j.segments[0]!.text).toBe('வணக்கம்');
    expect(j.segments[0]!.startMs).toBeGreaterThanOrEqual(700);
    expect(j.segments[0]!.endMs).toBeLessThanOrEqual(6000);
    expect(j.timings.chunks).toBe(1);
    expect(j.timings.totalMs).toBeGreaterThanOrEqual(j.timings.transcribeMs);
    expect(j.timings.realTimeFactor).toBeGreaterThan(0);
    expect(r.stderr()).toMatch(/Transcribing: 100%/);
    expect(r.stderr()).not.toContain('வணக்கம்'); // no transcript text in the messages
  });

  it('text output; --engine auto falls back to whisper and the installed default model', async () => {
    await createModelsCommand({ env, resourcesDir }).run(['import', model.path, '--name', 'clinic-ta'], fakeIo().io);
    const r = await run([wav, '--lang', 'ta']);
    expect(r.code).toBe(0);
    expect(r.stdout()).toMatch(/^\[00:0\d\.\d – 00:0\d\.\d\] வணக்கம்\n$/);
    expect(r.stderr()).toMatch(/Transcribed 00:06\.0 of audio in .* \(whisper-local, clinic-ta\)/);
    const byName = JSON.parse((await run([wav, '--lang', 'ta', '--model', 'clinic-ta', '--json'])).stdout()) as JsonResult;
    expect(byName.model).toBe('clinic-ta');
  });

  it.skipIf(!hasCommand('espeak-ng') || !hasCommand('sox'))('Telugu espeak-ng speech with a Tamil-script model: flagged for review', async () => {
    const te = espeakRecording(mkdtempSync(join(dir, 'te-')), 'te');
    const r = await run([te, '--lang', 'te', '--model', model.path, '--json']);
    const j = JSON.parse(r.stdout()) as JsonResult;
    expect(j.segments[0]!.flagged).toMatch(/expected Telugu script, got Tamil/);
    expect(r.stderr()).toMatch(/1 segment\(s\) flagged/);
  });

  it('auto picks the first available engine in order (a cloud engine registered later)', async () => {
    const fake = (available: boolean, text: string) => ({
      name: 'reverie' as const,
      available: async () => available,
      transcribe: async (): Promise<Transcript> => ({ language: 'ta', engine: 'reverie', text, segments: [{ startMs: 0, endMs: 1000, text, language: 'ta', engine: 'reverie' }] }),
    });
    const registry = new SpeechEngineRegistry().register(whisperRegistration).register({ id: 'reverie', engineName: 'reverie', autoOrder: 10, summary: 'test', create: () => fake(true, 'cloud') });
    expect(registry.ids()).toEqual(['reverie', 'whisper']);
    const j = JSON.parse((await run([wav, '--lang', 'ta', '--json'], { registry })).stdout()) as JsonResult;
    expect(j.engine).toBe('reverie');
    const offline = new SpeechEngineRegistry().register(whisperRegistration).register({ id: 'groq', engineName: 'groq-whisper', autoOrder: 20, summary: 'test', create: () => fake(false, 'x') });
    const k = JSON.parse((await run([wav, '--lang', 'ta', '--json', '--model', model.path], { registry: offline })).stdout()) as JsonResult;
    expect(k.engine).toBe('whisper-local');
  });

  it('mistakes on the command line and unreadable recordings', async () => {
    await expect(run([wav])).rejects.toThrow(/--lang must be one of ta, te, en/);
    await expect(run([])).rejects.toThrow(UsageError);
    await expect(run([wav, '--lang', 'ta', '--engine', 'reverie'], { env: {} })).rejects.toThrow(/set REVERIE_API_KEY and REVERIE_APP_ID/);
    await expect(run([wav, '--lang', 'ta', '--engine', 'magic'])).rejects.toThrow(/--engine must be one of auto, reverie, groq, whisper/);
    await expect(run([join(dir, 'missing.wav'), '--lang', 'ta'])).rejects.toThrow(/does not exist/);
    await expect(run([wav, '--lang', 'ta', '--model', 'nope'])).rejects.toThrow(/neither a model file nor an installed model/);
    await expect(run([wav, '--lang', 'ta', '--threads', '0'])).rejects.toThrow(/--threads/);
    const mp3 = join(dir, 'visit.mp3');
    writeFileSync(mp3, 'ID3...');
    await expect(run([mp3, '--lang', 'ta', '--model', model.path])).rejects.toThrow('MedScribe cannot read .mp3 files on this PC without ffmpeg; record in the app or convert to WAV.');
    const empty = join(dir, 'empty.wav');
    writeFileSync(empty, '');
    await expect(run([empty, '--lang', 'ta', '--model', model.path])).rejects.toThrow(/is empty \(0 bytes\)/);
  });

  it('no model installed: says which model to download', async () => {
    await expect(run([wav, '--lang', 'te'], { env: { MEDSCRIBE_HOME: join(dir, 'empty-home') } })).rejects.toThrow(/No offline speech model for Telugu is installed\. Run `medscribe models download small-q5_1`/);
  });

  it('the default registry has whisper, last in the auto order', () => {
    expect(createSpeechRegistry().ids().at(-1)).toBe('whisper');
  });
});
