/**
 * The speech engines MedScribe can use, and the `auto` choice.
 *
 * Each engine registers an id (what `--engine` takes), the EngineName it writes into
 * transcripts, and its place in the `auto` order: engines are tried lowest order first and
 * the first whose available() is true is used; when none is, `auto` falls back to the last
 * one (the offline whisper engine), whose error then says what to install. Cloud engines
 * (Reverie, Groq) register with an order below 1000 in createSpeechRegistry.
 */
import type { EngineName, Language } from '../../shared/schemas/common';
import type { ModelStore } from './models/store';
import type { SpeechEngine } from './speech-engine';
import { WhisperSpeechEngine } from './whisper/whisper-engine';
import { cloudSpeechRegistrations } from '../cloud/speech-registrations';

export interface SpeechEngineContext {
  language: Language;
  env: NodeJS.ProcessEnv;
  resourcesDir?: string;
  /** The offline models on this PC. */
  store?: ModelStore;
  /** An explicit whisper model file (`--model`). */
  modelPath?: string;
  threads?: number;
  drugNames?: readonly string[];
}

export interface SpeechEngineRegistration {
  id: string;
  engineName: EngineName;
  /** Lower is tried first by `auto`. */
  autoOrder: number;
  summary: string;
  create(ctx: SpeechEngineContext): SpeechEngine;
}

export class SpeechEngineRegistry {
  private readonly list: SpeechEngineRegistration[] = [];

  register(r: SpeechEngineRegistration): this {
    if (r.id === 'auto' || this.get(r.id)) throw new Error(`A speech engine "${r.id}" is already registered.`);
    this.list.push(r);
    this.list.sort((a, b) => a.autoOrder - b.autoOrder);
    return this;
  }

  get(id: string): SpeechEngineRegistration | undefined {
    return this.list.find((r) => r.id === id);
  }

  /** Registered ids in `auto` order. */
  ids(): string[] {
    return this.list.map((r) => r.id);
  }

  /** The engine for an id, or for `auto` the first available one (falling back to the last). */
  async pick(id: string, ctx: SpeechEngineContext): Promise<{ registration: SpeechEngineRegistration; engine: SpeechEngine }> {
    if (id !== 'auto') {
      const registration = this.get(id);
      if (!registration) throw new Error(`There is no speech engine "${id}" (available: auto, ${this.ids().join(', ')}).`);
      return { registration, engine: registration.create(ctx) };
    }
    if (!this.list.length) throw new Error('No speech engine is registered.');
    for (const registration of this.list) {
      const engine = registration.create(ctx);
      if (await engine.available().catch(() => false)) return { registration, engine };
      await engine.dispose?.();
    }
    const registration = this.list[this.list.length - 1]!;
    return { registration, engine: registration.create(ctx) };
  }
}

export const whisperRegistration: SpeechEngineRegistration = {
  id: 'whisper',
  engineName: 'whisper-local',
  autoOrder: 1000,
  summary: 'offline whisper.cpp on this PC (models: `medscribe models`)',
  create: (ctx) =>
    new WhisperSpeechEngine({ modelPath: ctx.modelPath, store: ctx.store, threads: ctx.threads, drugNames: ctx.drugNames, resourcesDir: ctx.resourcesDir }),
};

/** The registry with every built-in engine. Reverie and Groq are added here. */
/** Reverie, then Groq Whisper (when their keys are set), then local whisper.cpp. */
export function createSpeechRegistry(): SpeechEngineRegistry {
  const registry = new SpeechEngineRegistry();
  for (const c of cloudSpeechRegistrations()) registry.register(c);
  return registry.register(whisperRegistration);
}
