/**
 * The two cloud stages of a note, each one call through the shared policy with its cost recorded:
 * Groq writes the SOAP note, Hugging Face finds entities. Both see PHI-scrubbed text only.
 */
import type { Language } from '../../shared/schemas/common';
import type { Entity } from '../../shared/schemas/domain';
import type { ClinicalNote, ReviewFlag } from '../../shared/schemas/note';
import { createGroq } from '../cloud/groq-client';
import { groqSoap } from '../cloud/groq-soap';
import { hfTokenClassification, type NerSpan } from '../cloud/hf-ner';
import { type CloudServices, recordCost } from '../cloud/services';
import { mapStrings, toClinicalNote } from '../cloud/soap-schema';
import { groqChatInr } from '../cost/prices';
import { CloudError } from '../resilience/errors';
import { groundNote } from '../safety/grounding';
import { scrubPhi } from '../safety/phi';
import { chunksOf, englishView } from './english-view';
import { nerEntities } from './entities';

export interface StageInput {
  /** The transcript with instruction-like sentences blanked (offsets unchanged). */
  text: string;
  language: Language;
  offline: ClinicalNote;
  offlineEntities: Entity[];
  names: string[];
  consultation: string;
  resourcesDir: string;
  now: Date;
  signal?: AbortSignal;
}

export async function cloudSoap(s: CloudServices, input: StageInput): Promise<{ note: ClinicalNote; flags: ReviewFlag[] }> {
  if (!s.config.groq.apiKey) throw new CloudError('groq', 'not-configured', 'groq: no API key');
  await s.costs.allow('groq');
  const scrubbed = scrubPhi(input.text, { names: input.names });
  const client = createGroq(s.config.groq, s.policy.retry.timeoutMs, s.fetch);
  const model = s.config.groq.model;
  const answer = await s.policy.call(
    'groq',
    'soap',
    (signal) =>
      groqSoap(client, scrubbed.text, input.language, {
        model,
        signal,
        // Billed as soon as Groq answers, even when the answer is then rejected.
        onUsage: (u) => void recordCost(s, 'groq', input.consultation, u, groqChatInr(s.costs.prices, model, u)),
      }),
    { signal: input.signal },
  );
  // Placeholders back to the real details, locally, before anything is checked or shown.
  const restored = mapStrings(answer.note, scrubbed.restore);
  const mapped = toClinicalNote(restored, input.language, input.now);
  const grounded = groundNote({ draft: mapped.note, transcript: input.text, offline: input.offline, resourcesDir: input.resourcesDir });
  return { note: grounded.note, flags: [...mapped.flags, ...grounded.flags] };
}

export async function cloudEntities(s: CloudServices, input: StageInput): Promise<Entity[]> {
  if (!s.config.hf.token) throw new CloudError('huggingface', 'not-configured', 'huggingface: no token');
  await s.costs.allow('huggingface');
  const view = englishView(input.text, input.language, input.offlineEntities);
  const scrubbed = scrubPhi(view.text, { names: input.names });
  const out: Entity[] = [];
  for (const chunk of chunksOf(scrubbed.text)) {
    if (!chunk.text.trim()) continue;
    const spans: NerSpan[] = await s.policy.call('huggingface', 'ner', (signal) => hfTokenClassification(s.config.hf, chunk.text, signal, s.fetch), { signal: input.signal });
    const toTranscript = (start: number, end: number) => view.toTranscript(scrubbed.toOriginal(chunk.at + start, 'start'), scrubbed.toOriginal(chunk.at + end, 'end'));
    out.push(...nerEntities(spans, input.text, toTranscript));
    await recordCost(s, 'huggingface', input.consultation, {}, s.costs.prices.huggingface.inrPerCall);
  }
  return out;
}
