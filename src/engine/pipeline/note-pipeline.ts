/**
 * A note from a transcript with the best engines available: Groq for the SOAP note and Hugging
 * Face for entities when keys, budget and the circuit allow, the offline engine otherwise or
 * when they fail. The offline note is always made first: it is the fallback, the cross-check
 * for the grounding of a cloud note, and the source of the offline entities.
 */
import { randomUUID } from 'node:crypto';
import type { EngineName, Language } from '../../shared/schemas/common';
import type { Entity } from '../../shared/schemas/domain';
import { ClinicalNote, type ReviewFlag } from '../../shared/schemas/note';
import type { CloudServices } from '../cloud/services';
import { CostTracker } from '../cost/budget';
import { generateNote } from '../nlp/generate-note';
import { fallbackFlags, type FallbackResult, withFallback } from '../resilience/fallback';
import { findInstructionSpans, injectionFlags, maskSpans } from '../safety/injection';
import { cloudEntities, cloudSoap, type StageInput } from './cloud-stages';
import { mergeEntities, offlineEntities } from './entities';

export type NoteEngineChoice = 'auto' | 'groq' | 'offline';

export interface NoteRequest {
  transcript: string;
  language: Language;
  engine: NoteEngineChoice;
  /** The patient's name and any other names to keep out of cloud calls. */
  names?: string[];
  /** Which engine made the transcript, recorded in the note. */
  speechEngine?: EngineName;
  signal?: AbortSignal;
}

export interface NoteResult {
  note: ClinicalNote;
  entities: Entity[];
}

export interface PipelineOptions {
  resourcesDir: string;
  now?: Date;
}

const TRANSCRIPT_FLAGS = new Set(['transcript-truncated', 'implausible-vital', 'contradiction', 'no-medical-content']);

const NO_KEYS: ReviewFlag = {
  severity: 'info',
  code: 'cloud-not-configured',
  message: 'No cloud API keys are set (GROQ_API_KEY, HF_TOKEN); the offline engine wrote the note and found the medical terms.',
  evidence: [],
};

/** Why each stage used the engine it did; one quiet flag when simply no keys are set. */
function engineFlags(soap: FallbackResult<unknown>, ner: FallbackResult<unknown>): ReviewFlag[] {
  const skipped = [...soap.skipped, ...ner.skipped];
  if (skipped.length === 2 && skipped.every((x) => x.kind === 'not-configured')) return [NO_KEYS];
  return [...fallbackFlags('soap', soap), ...fallbackFlags('entities', ner)];
}

/** The budget as flags; a ledger that cannot be read never stops a note. */
async function budgetFlagsOf(services: CloudServices): Promise<ReviewFlag[]> {
  try {
    return CostTracker.flags(await services.costs.status(), services.costs.budget.hardStop);
  } catch (err) {
    services.logger.warn(`cost ledger: could not be read (${err instanceof Error ? err.name : 'error'})`);
    return [];
  }
}

export async function writeNote(req: NoteRequest, services: CloudServices | null, opts: PipelineOptions): Promise<NoteResult> {
  const now = opts.now ?? new Date();
  const original = req.transcript.normalize('NFC');
  const instructionSpans = findInstructionSpans(original);
  const text = maskSpans(original, instructionSpans);
  const offline = generateNote(text, req.language, { resourcesDir: opts.resourcesDir, now });
  const offlineEnts = offlineEntities(offline, opts.resourcesDir);
  const safetyFlags = injectionFlags(original, instructionSpans);
  const speech = req.speechEngine ? { speech: req.speechEngine } : {};

  if (req.engine === 'offline' || !services) {
    const note = { ...offline, flags: [...safetyFlags, ...offline.flags], engines: { ...offline.engines, ...speech } };
    return { note: ClinicalNote.parse(note), entities: offlineEnts };
  }

  const input: StageInput = {
    text,
    language: req.language,
    offline,
    offlineEntities: offlineEnts,
    names: req.names ?? [],
    consultation: randomUUID(),
    resourcesDir: opts.resourcesDir,
    now,
    signal: req.signal,
  };
  const log = services.logger;
  const soap = await withFallback<{ note: ClinicalNote; flags: ReviewFlag[] }>(
    'soap',
    [
      { engine: 'groq', run: () => cloudSoap(services, input) },
      { engine: 'offline-rules', run: async () => ({ note: offline, flags: [] }) },
    ],
    log,
  );
  const ner = await withFallback<Entity[]>(
    'entities',
    [
      { engine: 'huggingface', run: async () => mergeEntities(offlineEnts, await cloudEntities(services, input)) },
      { engine: 'offline-rules', run: async () => offlineEnts },
    ],
    log,
  );

  const usedCloud = soap.engine !== 'offline-rules' || ner.engine !== 'offline-rules' || [...soap.skipped, ...ner.skipped].some((x) => x.kind !== 'not-configured');
  const budgetFlags = usedCloud ? await budgetFlagsOf(services) : [];
  // What the offline engine noticed about the transcript itself holds whoever wrote the note.
  const carried = soap.engine === 'offline-rules' ? [] : offline.flags.filter((f) => TRANSCRIPT_FLAGS.has(f.code));
  const note: ClinicalNote = {
    ...soap.value.note,
    createdAt: now.toISOString(),
    flags: [...safetyFlags, ...soap.value.flags, ...carried, ...soap.value.note.flags, ...engineFlags(soap, ner), ...budgetFlags],
    engines: { ...speech, entities: ner.engine, soap: soap.engine },
  };
  log.info(`note written: soap=${soap.engine} entities=${ner.engine}${soap.skipped.length + ner.skipped.length ? ` (fallbacks: ${[...soap.skipped, ...ner.skipped].map((x) => `${x.engine} ${x.kind}`).join(', ')})` : ''}`);
  return { note: ClinicalNote.parse(note), entities: ner.value };
}
