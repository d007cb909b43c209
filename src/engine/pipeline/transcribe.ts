/**
 * Speech with fallback, for `medscribe transcribe` and the recording pipeline: the first
 * available engine in order (Reverie → Groq Whisper → local whisper.cpp) that answers.
 */
import type { EngineName } from '../../shared/schemas/common';
import type { Transcript } from '../../shared/schemas/domain';
import type { ReviewFlag } from '../../shared/schemas/note';
import { type CloudConfig, missingKeySentence } from '../config/cloud-config';
import { CloudError, type FailureKind } from '../resilience/errors';
import { fallbackFlags, withFallback } from '../resilience/fallback';
import type { Logger } from '../resilience/log';
import type { SpeechEngine, SpeechInput, TranscribeOptions } from '../stt/speech-engine';

/** The cloud engines can say why they are unavailable (no key, circuit open, budget spent). */
function isCloudEngine(e: SpeechEngine): e is SpeechEngine & { whyUnavailable(): Promise<FailureKind | null> } {
  return typeof (e as { whyUnavailable?: unknown }).whyUnavailable === 'function';
}

export type SpeechChoice = 'auto' | 'reverie' | 'groq' | 'whisper';

export interface SpeechResult {
  transcript: Transcript;
  /** One info flag per engine passed over ("Reverie was unreachable; the transcript was made by Groq Whisper."). */
  flags: ReviewFlag[];
}

export async function transcribeWithFallback(engines: readonly SpeechEngine[], input: SpeechInput, opts: TranscribeOptions, logger: Logger): Promise<SpeechResult> {
  const result = await withFallback<Transcript>(
    'speech',
    engines.map((engine) => ({
      engine: engine.name,
      run: async () => {
        if (!(await engine.available())) {
          const kind = isCloudEngine(engine) ? ((await engine.whyUnavailable()) ?? 'unavailable') : 'unavailable';
          throw new CloudError(engine.name, kind, `${engine.name}: not available`);
        }
        return engine.transcribe(input, opts);
      },
    })),
    logger,
  );
  return { transcript: result.value, flags: fallbackFlags('speech', result) };
}

const CHOICE_ENGINE: Record<Exclude<SpeechChoice, 'auto'>, EngineName> = { reverie: 'reverie', groq: 'groq-whisper', whisper: 'whisper-local' };

/**
 * The engines for a --engine choice, in fallback order. An explicit cloud engine without its key
 * is a mistake on the command line: the sentence says which variable to set.
 */
export function speechEnginesFor(choice: SpeechChoice, all: readonly SpeechEngine[], config: CloudConfig): { engines: SpeechEngine[]; problem: string | null } {
  if (choice === 'auto') return { engines: [...all], problem: null };
  const problem = choice === 'reverie' ? missingKeySentence(config, 'reverie') : choice === 'groq' ? missingKeySentence(config, 'groq') : null;
  return { engines: all.filter((e) => e.name === CHOICE_ENGINE[choice]), problem };
}
