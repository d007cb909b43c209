/**
 * Reverie and Groq Whisper as registrations for the speech engine registry of src/engine/stt
 * (`medscribe transcribe --engine auto|reverie|groq|whisper`). Both sit before the offline
 * whisper engine (autoOrder 1000) in `auto`, Reverie first. One CloudServices is shared by
 * every engine created from these registrations, so circuit breakers and the cost ledger hold
 * across calls.
 */
import { loadCloudConfig, missingKeySentence } from '../config/cloud-config';
import { stderrSink } from '../resilience/log';
import type { SpeechEngineContext, SpeechEngineRegistration } from '../stt/registry';
import { GroqWhisperEngine } from './groq-whisper';
import { ReverieSpeechEngine } from './reverie-engine';
import { type CloudServices, createCloudServices } from './services';
import type { SpeechEngineDeps } from './speech-engines';

export const REVERIE_AUTO_ORDER = 100;
export const GROQ_WHISPER_AUTO_ORDER = 200;

export function cloudSpeechRegistrations(deps: SpeechEngineDeps = {}): SpeechEngineRegistration[] {
  let services: CloudServices | undefined = deps.services;
  const shared = (ctx: SpeechEngineContext): CloudServices =>
    (services ??= createCloudServices(loadCloudConfig(ctx.env), { ...deps, sink: deps.sink ?? (ctx.env.MEDSCRIBE_LOG ? stderrSink : undefined) }));
  const opts = { consultation: deps.consultation, findCuts: deps.findCuts };
  return [
    {
      id: 'reverie',
      engineName: 'reverie',
      autoOrder: REVERIE_AUTO_ORDER,
      summary: 'Reverie cloud speech, Tamil/Telugu (REVERIE_API_KEY, REVERIE_APP_ID)',
      create: (ctx) => new ReverieSpeechEngine(shared(ctx), opts),
    },
    {
      id: 'groq',
      engineName: 'groq-whisper',
      autoOrder: GROQ_WHISPER_AUTO_ORDER,
      summary: 'Groq Whisper cloud speech (GROQ_API_KEY)',
      create: (ctx) => new GroqWhisperEngine(shared(ctx), opts),
    },
  ];
}

/** For an explicit `--engine reverie|groq`: the one sentence naming the missing variable, or null. */
export function speechKeyProblem(id: string, env: NodeJS.ProcessEnv): string | null {
  if (id !== 'reverie' && id !== 'groq') return null;
  return missingKeySentence(loadCloudConfig(env), id);
}
