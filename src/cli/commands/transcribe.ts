import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Language } from '../../shared/schemas/common';
import type { Transcript } from '../../shared/schemas/domain';
import { AudioError } from '../../engine/audio/errors';
import { prepareSpeech } from '../../engine/audio/prepare';
import { createSpeechRegistry, type SpeechEngineRegistry } from '../../engine/stt/registry';
import { WhisperSpeechEngine } from '../../engine/stt/whisper/whisper-engine';
import { speechKeyProblem } from '../../engine/cloud/speech-registrations';
import { oneOf, parseCommandArgs } from '../args';
import type { Command } from '../index';
import { type Io, UsageError } from '../io';
import { resourcesDir as defaultResourcesDir } from '../paths';
import { interruptSignal, openStore, type ModelsCommandDeps } from './models';

export interface TranscribeCommandDeps extends ModelsCommandDeps {
  registry?: SpeechEngineRegistry;
  /** Tests: behave as if ffmpeg were (not) installed. */
  ffmpegPath?: string | null;
}


function clock(ms: number): string {
  const s = ms / 1000;
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(1).padStart(4, '0')}`;
}

function progressPrinter(io: Io) {
  let last = -1;
  return (stage: string, f: number) => {
    const step = Math.floor(f * 10);
    if (step === last) return;
    last = step;
    io.err(`${stage}: ${Math.round(f * 100)}%\n`);
  };
}

function humanTranscript(t: Transcript): string {
  if (!t.segments.length) return 'No speech was recognised in this recording.\n';
  return `${t.segments.map((s) => `[${clock(s.startMs)} – ${clock(s.endMs)}] ${s.text.trim()}${s.flagged ? `\n    ⚑ ${s.flagged}` : ''}`).join('\n')}\n`;
}

export function createTranscribeCommand(deps: TranscribeCommandDeps = {}): Command {
  return {
    name: 'transcribe',
    summary: 'Transcribe a consultation recording (WAV; other formats with ffmpeg) in Tamil, Telugu or English.',
    usage: 'medscribe transcribe AUDIO --lang ta|te|en [--engine auto|reverie|groq|whisper] [--model PATH|NAME] [--threads N] [--json]',
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(
        args,
        { lang: { type: 'string', short: 'l' }, engine: { type: 'string', default: 'auto' }, model: { type: 'string', short: 'm' }, threads: { type: 'string' }, json: { type: 'boolean', default: false } },
        true,
      );
      const [audio, ...extra] = positionals;
      if (!audio) throw new UsageError('give the recording to transcribe (a WAV file; other formats need ffmpeg).');
      if (extra.length) throw new UsageError(`one recording at a time (got ${positionals.length}).`);
      const language = oneOf(values.lang, Language.options, '--lang');
      const registry = deps.registry ?? createSpeechRegistry();
      const engines = ['auto', ...registry.ids()];
      const engineId = oneOf(values.engine, engines, '--engine');
      // An explicitly requested cloud engine needs its key: one sentence naming the variable.
      const keyProblem = speechKeyProblem(engineId, deps.env ?? process.env);
      if (keyProblem) throw new UsageError(keyProblem);
      const threads = values.threads === undefined ? undefined : Number(values.threads);
      if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 64)) throw new UsageError('--threads must be a whole number from 1 to 64.');
      if (!existsSync(audio)) throw new UsageError(`the recording "${audio}" does not exist.`);
      if (statSync(audio).isDirectory()) throw new UsageError(`"${audio}" is a folder; give the recording file.`);

      const env = deps.env ?? process.env;
      const store = openStore(deps);
      let modelPath: string | undefined;
      let modelName: string | undefined;
      if (values.model) {
        const installed = store.get(values.model);
        if (existsSync(values.model) && statSync(values.model).isFile()) modelPath = values.model;
        else if (installed) modelPath = installed.path;
        else throw new UsageError(`--model: "${values.model}" is neither a model file nor an installed model (see \`medscribe models list\`).`);
        modelName = installed && !existsSync(values.model) ? installed.name : basename(values.model);
      }

      const started = performance.now();
      const tmp = mkdtempSync(join(tmpdir(), 'medscribe-transcribe-'));
      const { signal, done } = interruptSignal();
      const progress = progressPrinter(io);
      const { engine } = await registry.pick(engineId, { language, env, resourcesDir: deps.resourcesDir ?? defaultResourcesDir, store, modelPath, threads });
      try {
        const prepared = await prepareSpeech(audio, { outDir: tmp, signal, ffmpegPath: deps.ffmpegPath, onProgress: (f) => progress('Reading the recording', f) });
        const audioMs = performance.now() - started;
        if (engine instanceof WhisperSpeechEngine && !modelPath) {
          const m = store.defaultFor(language);
          modelName = m?.name;
        }
        const t0 = performance.now();
        const transcript = await engine.transcribe(prepared.input, { language, signal, onProgress: (f) => progress('Transcribing', f) });
        const transcribeMs = performance.now() - t0;
        const totalMs = performance.now() - started;
        const run = engine instanceof WhisperSpeechEngine ? engine.lastRun : undefined;
        const durationMs = Math.round(prepared.input.durationMs);
        if (values.json) {
          const result = {
            language: transcript.language,
            engine: transcript.engine,
            model: modelName ?? null,
            durationMs,
            segments: transcript.segments.map((s) => ({ startMs: s.startMs, endMs: s.endMs, text: s.text, ...(s.flagged ? { flagged: s.flagged } : {}) })),
            text: transcript.text,
            timings: {
              audioMs: Math.round(audioMs),
              ...(run ? { modelLoadMs: Math.round(run.modelLoadMs), chunks: run.chunks } : {}),
              transcribeMs: Math.round(transcribeMs),
              totalMs: Math.round(totalMs),
              realTimeFactor: durationMs ? Number((totalMs / durationMs).toFixed(3)) : null,
            },
            ...(run ? { dropped: run.dropped } : {}),
          };
          io.out(`${JSON.stringify(result, null, 2)}\n`);
        } else {
          io.out(humanTranscript(transcript));
        }
        const flagged = transcript.segments.filter((s) => s.flagged).length;
        io.err(`Transcribed ${clock(durationMs)} of audio in ${(totalMs / 1000).toFixed(1)} s (${transcript.engine}${modelName ? `, ${modelName}` : ''})${flagged ? `; ${flagged} segment(s) flagged for review` : ''}.\n`);
        return 0;
      } catch (err) {
        if (err instanceof Error && err.name === 'AbortError') {
          io.err('Transcription cancelled.\n');
          return 130;
        }
        if (err instanceof AudioError && err.code === 'not-found') throw new UsageError(err.message);
        throw err;
      } finally {
        done();
        await engine.dispose?.();
        rmSync(tmp, { recursive: true, force: true });
      }
    },
  };
}

export const transcribeCommand = createTranscribeCommand();
