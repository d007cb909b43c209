import { type CloudServices, createCloudServices } from './cloud/services';
import { loadCloudConfig } from './config/cloud-config';
import type { Handlers } from './dispatch';
import { generateNote } from './nlp/generate-note';
import { writeNote } from './pipeline/note-pipeline';
import { listSamples } from './samples/samples';

export interface EngineOptions {
  host: 'electron' | 'cli' | 'harness';
  version: string;
  /** Where resources/ lives (lexicons, samples, fonts). */
  resourcesDir: string;
}

export function createHandlers(opts: EngineOptions): Handlers {
  // Cloud clients share circuit breakers and the cost ledger for the life of the engine.
  let cloud: CloudServices | null = null;
  const services = () => (cloud ??= createCloudServices(loadCloudConfig(process.env)));
  return {
    'app.info': () => ({
      version: opts.version,
      host: opts.host,
      engines: { soap: ['offline-rules', 'groq'], speech: ['reverie', 'groq-whisper', 'whisper-local'] },
    }),
    'samples.list': () => listSamples(opts.resourcesDir),
    'note.generate': async (input) =>
      input.engine === 'offline'
        ? generateNote(input.transcript, input.language, { resourcesDir: opts.resourcesDir })
        : (await writeNote({ transcript: input.transcript, language: input.language, engine: input.engine }, services(), { resourcesDir: opts.resourcesDir })).note,
  };
}

export { dispatch, UserError } from './dispatch';
