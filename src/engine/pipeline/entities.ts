/**
 * Entities for the editor and for the cloud NER merge: the offline engine's findings, read from
 * the evidence spans of its note, and Hugging Face's spans mapped back onto the transcript.
 */
import type { Entity, EntityType } from '../../shared/schemas/domain';
import type { ClinicalNote, Medication } from '../../shared/schemas/note';
import { createContext } from '../nlp/context';
import { normForm } from '../nlp/lexicon';
import { findPhrases } from '../nlp/phrases';
import { NER_LABELS, type NerSpan } from '../cloud/hf-ner';

/** The offline engine gives no score; its findings are lexicon matches with grammar around them. */
export const OFFLINE_CONFIDENCE = 0.9;
/** Hugging Face spans below this score are not used. */
export const MIN_NER_SCORE = 0.5;

const STRENGTH = /\d+(?:\.\d+)?\s?(?:mg|mcg|µg|g|gm|ml|iu|%|units?)\b/i;

export function offlineEntities(note: ClinicalNote, resourcesDir: string): Entity[] {
  const ctx = createContext('', resourcesDir);
  const has = (text: string, phrases: Parameters<typeof findPhrases>[1]) => findPhrases(normForm(text), phrases, ctx.lex.numberWords).length > 0;
  const out: Entity[] = [];
  const push = (type: EntityType, ev: { start: number; end: number; text: string }, normalized: string, negated = false) =>
    out.push({ type, text: ev.text, normalized, start: ev.start, end: ev.end, negated, confidence: OFFLINE_CONFIDENCE, source: 'offline-rules' });
  const { subjective, objective, assessment, plan } = note.soap;
  for (const s of subjective.symptoms) {
    for (const ev of s.evidence) {
      // A symptom's evidence also holds its duration ("3 days", "மூன்று நாளா").
      if (s.durationDays !== undefined && has(ev.text, ctx.phrases.units)) push('duration', ev, `${s.durationDays} days`);
      else push('symptom', ev, s.name, s.negated);
    }
  }
  for (const a of subjective.allergies) for (const ev of a.evidence) push('allergy', ev, a.substance);
  for (const [key, ev] of Object.entries(objective.vitals.evidence)) {
    const value = objective.vitals[key as keyof typeof objective.vitals];
    push('vital', ev, `${key} ${typeof value === 'number' ? value : ''}`.trim());
  }
  for (const d of assessment.diagnoses) for (const ev of d.evidence) push('diagnosis', ev, d.name);
  for (const i of plan.investigations) for (const ev of i.evidence) push('investigation', ev, i.name);
  for (const a of plan.advice) for (const ev of a.evidence) push('advice', ev, a.text);
  const medication = (m: Medication) => {
    const [drug, ...attributes] = m.evidence;
    if (drug) push('drug', drug, m.name);
    for (const ev of attributes) {
      if (STRENGTH.test(ev.text)) push('strength', ev, m.strength ?? ev.text);
      else if (has(ev.text, ctx.phrases.timing)) push('timing', ev, m.timing ?? ev.text);
      else if (has(ev.text, ctx.phrases.units)) push('duration', ev, m.durationDays !== undefined ? `${m.durationDays} days` : ev.text);
      else if (has(ev.text, ctx.phrases.forms)) push('form', ev, m.form ?? ev.text);
      else push('frequency', ev, m.frequency ?? ev.text);
    }
  };
  plan.medications.forEach(medication);
  plan.givenInClinic.forEach(medication);
  // Vitals can share one span (BP 120/80 → systolic and diastolic): one entity per span and type.
  const seen = new Map<string, Entity>();
  for (const e of out) {
    const key = `${e.type}:${e.start}:${e.end}`;
    const prev = seen.get(key);
    if (prev) prev.normalized = `${prev.normalized}; ${e.normalized}`;
    else seen.set(key, e);
  }
  return [...seen.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Hugging Face spans as entities on the transcript. `toTranscript` maps a span of the text that
 * was sent back to the transcript (through the PHI placeholders and the English view); spans
 * over a placeholder are dropped.
 */
export function nerEntities(spans: readonly NerSpan[], transcript: string, toTranscript: (start: number, end: number) => { start: number; end: number } | null): Entity[] {
  const out: Entity[] = [];
  for (const s of spans) {
    const type = NER_LABELS[s.group.toUpperCase()];
    if (!type || s.score < MIN_NER_SCORE || s.end <= s.start) continue;
    if (/\[(?:NAME|PHONE|AADHAAR|ABHA|ABHA_ADDRESS|EMAIL|ADDRESS|PIN)_\d+\]/.test(s.word)) continue;
    const span = toTranscript(s.start, s.end);
    if (!span || span.end > transcript.length) continue;
    const text = transcript.slice(span.start, span.end);
    out.push({ type, text, normalized: s.word.trim().toLowerCase(), start: span.start, end: span.end, negated: false, confidence: Math.min(1, s.score), source: 'huggingface' });
  }
  return out;
}

/** Offline entities, plus cloud ones that add something (no overlap with an offline entity of the same type). */
export function mergeEntities(offline: readonly Entity[], cloud: readonly Entity[]): Entity[] {
  const merged = [...offline];
  for (const c of cloud) {
    const dup = merged.some((o) => o.type === c.type && c.start < o.end && o.start < c.end);
    if (!dup) merged.push(c);
  }
  return merged.sort((a, b) => a.start - b.start || a.end - b.end);
}
