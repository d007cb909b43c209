import type { Handlers } from './dispatch';
import { generateNote } from './nlp/generate-note';
import { listSamples } from './samples/samples';

export interface EngineOptions {
  host: 'electron' | 'cli' | 'harness';
  version: string;
  /** Where resources/ lives (lexicons, samples, fonts). */
  resourcesDir: string;
}

export function createHandlers(opts: EngineOptions): Handlers {
  return {
    'app.info': () => ({
      version: opts.version,
      host: opts.host,
      engines: { soap: ['offline-rules'], speech: [] },
    }),
    'samples.list': () => listSamples(opts.resourcesDir),
    'note.generate': (input) => generateNote(input.transcript, input.language, { resourcesDir: opts.resourcesDir }),
  };
}

export { dispatch, UserError } from './dispatch';
