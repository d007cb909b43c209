/**
 * The cloud speech engines in fallback order (Reverie first, then Groq Whisper), for the
 * engine registry in src/engine/stt and `medscribe transcribe`. Each says `available()` false
 * without its keys, with its circuit open, or with the budget spent under the hard stop.
 */
import type { CloudConfig } from '../config/cloud-config';
import type { SpeechEngine } from '../stt/speech-engine';
import { GroqWhisperEngine } from './groq-whisper';
import { ReverieSpeechEngine } from './reverie-engine';
import { type CloudServices, createCloudServices, type ServiceOptions } from './services';
import type { CutFinder } from './silence';

export interface SpeechEngineDeps extends ServiceOptions {
  /** Share one CloudServices (policy, circuit breakers, cost ledger) with the note pipeline. */
  services?: CloudServices;
  /** Cut points from a VAD; the built-in energy-based finder otherwise. */
  findCuts?: CutFinder;
  /** Groups the costs of one consultation in the ledger. */
  consultation?: string;
}

export function cloudSpeechEngines(config: CloudConfig, deps: SpeechEngineDeps = {}): SpeechEngine[] {
  const services = deps.services ?? createCloudServices(config, deps);
  const opts = { consultation: deps.consultation, findCuts: deps.findCuts };
  return [new ReverieSpeechEngine(services, opts), new GroqWhisperEngine(services, opts)];
}
