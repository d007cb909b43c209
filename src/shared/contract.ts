import { z } from 'zod';
import type { EventName, MethodName } from './channels';
import { Language } from './schemas/common';
import { ClinicalNote } from './schemas/note';

export const SoapEngineChoice = z.enum(['auto', 'offline', 'groq']);

/** Method → input and output schema. Main, preload, engine and the harness are checked against it. */
export const methods = {
  'app.info': {
    input: z.object({}).strict(),
    output: z.object({
      version: z.string(),
      host: z.enum(['electron', 'cli', 'harness']),
      engines: z.object({ soap: z.array(z.string()), speech: z.array(z.string()) }),
    }),
  },
  'samples.list': {
    input: z.object({}).strict(),
    output: z.array(
      z.object({ id: z.string(), title: z.string(), language: Language, transcript: z.string() }),
    ),
  },
  'note.generate': {
    input: z
      .object({
        transcript: z.string().max(200_000, 'The transcript is longer than 200,000 characters.'),
        language: Language,
        engine: SoapEngineChoice.default('offline'),
      })
      .strict(),
    output: ClinicalNote,
  },
} as const satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType }>;

export type Methods = typeof methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export const events = {
  'job.progress': z.object({
    jobId: z.string(),
    stage: z.enum(['recorded', 'transcribing', 'extracting', 'generating', 'ready', 'failed']),
    fraction: z.number().min(0).max(1),
    message: z.string().optional(),
  }),
  'recording.level': z.object({ rms: z.number().min(0).max(1), peak: z.number().min(0).max(1) }),
  'engine.status': z.object({
    stage: z.enum(['speech', 'entities', 'soap']),
    engine: z.string(),
    state: z.enum(['available', 'degraded', 'unavailable']),
  }),
} as const satisfies Record<EventName, z.ZodType>;

export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What every call returns across a process boundary: never a thrown error. */
export type CallError = { code: string; message: string; issues?: string[] };
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallError };

/** The API the renderer sees as `window.medscribe`, in Electron and in the browser harness. */
export interface MedscribeApi {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<CallResult<MethodOutput<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
