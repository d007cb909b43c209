import type { Allergy, Diagnosis, Investigation, Symptom } from '../../shared/schemas/note';
import { type Ctx, clauseOf, sentenceOf } from './context';
import { findDurations } from './durations';
import type { LexKind, Surface } from './lexicon';
import type { Mention } from './matcher';
import { assertionOf, inConditional, isNegativeAnswer, isQuestion, negatedInClause } from './negation';
import { containsWord, findWord } from './text';

/** Which reading of a mention wins when one form names several things ("vertigo": symptom or diagnosis). */
export function resolveKind(ctx: Ctx, m: Mention): Surface | undefined {
  const kinds = new Set<LexKind>(m.surfaces.map((s) => s.kind));
  const pick = (k: LexKind) => m.surfaces.find((s) => s.kind === k);
  if (kinds.size === 1) return m.surfaces[0];
  const s = sentenceOf(ctx, m.start) ?? { start: 0, end: ctx.norm.length };
  const clause = clauseOf(ctx, m.start) ?? s;
  if (kinds.has('allergen') && containsWord(ctx.norm, ctx.words('allergyWords'), clause.start, clause.end)) return pick('allergen');
  if (kinds.has('investigation') && containsWord(ctx.norm, ctx.words('orderWords'), s.start, s.end)) return pick('investigation');
  if (kinds.has('drug')) return pick('drug');
  if (kinds.has('diagnosis') && containsWord(ctx.norm, ctx.words('diagnosisCues'), s.start, s.end)) return pick('diagnosis');
  if (kinds.has('symptom')) return pick('symptom');
  return m.surfaces.find((x) => x.kind !== 'allergen') ?? m.surfaces[0];
}

export interface Resolved {
  mention: Mention;
  surface: Surface;
}

export interface SymptomResult {
  symptoms: Symptom[];
  signs: Set<string>;
  conflicts: string[];
}

/**
 * Symptoms with their assertion and duration. A symptom said inside a prescription sentence or a
 * condition ("if fever comes") is an instruction, not a finding, and is left out.
 */
export function extractSymptoms(ctx: Ctx, resolved: Resolved[], drugSentences: Set<number>): SymptomResult {
  const byName = new Map<string, { present: Symptom | null; negated: Symptom | null }>();
  const order: string[] = [];
  for (const r of resolved) {
    if (r.surface.kind !== 'symptom') continue;
    const m = r.mention;
    const s = sentenceOf(ctx, m.start);
    if (s && drugSentences.has(s.start)) continue;
    if (inConditional(ctx, m)) continue;
    const status = assertionOf(ctx, m);
    if (status === 'asked') continue;
    const ev = ctx.evidence({ start: m.start, end: m.wordEnd });
    let slot = byName.get(r.surface.name);
    if (!slot) {
      slot = { present: null, negated: null };
      byName.set(r.surface.name, slot);
      order.push(r.surface.name);
    }
    const key = status === 'negated' ? 'negated' : 'present';
    const existing = slot[key];
    if (existing) {
      existing.evidence.push(ev);
    } else {
      slot[key] = { name: r.surface.name, negated: status === 'negated', evidence: [ev] };
    }
    if (status === 'present') {
      const target = slot.present!;
      if (target.durationDays === undefined) {
        const clause = clauseOf(ctx, m.start);
        if (clause) {
          const d = nearest(findDurations(ctx, clause.start, clause.end), m.start);
          if (d) {
            target.durationDays = d.days;
            target.evidence.push(ctx.evidence(d));
          }
        }
      }
    }
  }
  const symptoms: Symptom[] = [];
  const conflicts: string[] = [];
  for (const name of order) {
    const slot = byName.get(name)!;
    if (slot.present && slot.negated) {
      // Said both ways: record the denial (never assert what may have been denied) and ask the doctor.
      conflicts.push(name);
      slot.negated.evidence.push(...slot.present.evidence);
      symptoms.push(slot.negated);
    } else if (slot.present) symptoms.push(slot.present);
    else if (slot.negated) symptoms.push(slot.negated);
  }
  const signs = new Set([...byName.keys()].filter((n) => ctx.lex.symptoms.get(n)?.kind === 'sign'));
  return { symptoms, signs, conflicts };
}

function nearest<T extends { start: number }>(items: T[], pos: number): T | undefined {
  return [...items].sort((a, b) => Math.abs(a.start - pos) - Math.abs(b.start - pos))[0];
}

export function extractDiagnoses(ctx: Ctx, resolved: Resolved[]): Diagnosis[] {
  const out = new Map<string, Diagnosis>();
  for (const r of resolved) {
    if (r.surface.kind !== 'diagnosis') continue;
    const m = r.mention;
    const s = sentenceOf(ctx, m.start);
    if (s && isQuestion(ctx, s)) continue;
    if (negatedInClause(ctx, m) || inConditional(ctx, m)) continue;
    // "BP 140/90", "ரத்த அழுத்தம் 150/95": a reading, not a diagnosis.
    if (/^ ?(?:is|was|:)? ?\d/.test(ctx.norm.slice(m.wordEnd, m.wordEnd + 8))) continue;
    // "Sulfa மாத்திரை allergy இருக்கு": allergy history, not today's assessment.
    if (inAllergyStatement(ctx, m, resolved)) continue;
    const ev = ctx.evidence({ start: m.start, end: m.wordEnd });
    const existing = out.get(r.surface.name);
    if (existing) {
      existing.evidence.push(ev);
      continue;
    }
    const entry = ctx.lex.diagnoses.get(r.surface.name);
    const icd10 = entry?.icd10 ? { code: entry.icd10, title: entry.icd10Title } : undefined;
    out.set(r.surface.name, { name: r.surface.name, icd10, icd10Suggestions: icd10 ? [icd10] : [], evidence: [ev] });
  }
  return [...out.values()];
}

function inAllergyStatement(ctx: Ctx, m: Mention, resolved: Resolved[]): boolean {
  const clause = clauseOf(ctx, m.start);
  if (!clause || !containsWord(ctx.norm, ctx.words('allergyWords'), clause.start, clause.end)) return false;
  return resolved.some((r) => r.mention.start >= clause.start && r.mention.start < clause.end && (r.surface.kind === 'allergen' || r.surface.kind === 'drug'));
}

const LIST_WORDS = new Set(['and', 'also', 'today', 'now', 'tomorrow', 'please', 'urgently', 'too', 'மற்றும்', 'இன்னைக்கே', 'இன்னிக்கே', 'நாளைக்கு', 'ఇవాళే', 'ఇప్పుడే', 'రేపు', 'మరియు']);

/** "Serum electrolytes, creatinine and chest X-ray today.": a sentence that is nothing but tests is an order. */
function onlyTests(ctx: Ctx, s: { start: number; end: number }, resolved: Resolved[]): boolean {
  let text = ctx.norm.slice(s.start, s.end);
  if (/\d/.test(text)) return false;
  for (const r of resolved) {
    if (r.surface.kind === 'investigation' && r.mention.start >= s.start && r.mention.wordEnd <= s.end) {
      text = text.slice(0, r.mention.start - s.start) + ' '.repeat(r.mention.wordEnd - r.mention.start) + text.slice(r.mention.wordEnd - s.start);
    }
  }
  return text.split(/[\s,;.]+/).filter((w) => w && !LIST_WORDS.has(w)).length === 0;
}

/** Tests ordered in a sentence that asks for them ("CBC டெஸ்ட் எடுங்க"), not results read out ("fasting sugar 180"). */
export function extractInvestigations(ctx: Ctx, resolved: Resolved[]): Investigation[] {
  const out = new Map<string, Investigation>();
  for (const r of resolved) {
    if (r.surface.kind !== 'investigation') continue;
    const m = r.mention;
    const s = sentenceOf(ctx, m.start);
    if (!s || isQuestion(ctx, s)) continue;
    if (!containsWord(ctx.norm, ctx.words('orderWords'), s.start, s.end) && !onlyTests(ctx, s, resolved)) continue;
    if (/^ ?(?:is|was|:)? ?\d/.test(ctx.norm.slice(m.wordEnd, m.wordEnd + 8))) continue;
    if (negatedInClause(ctx, m)) continue;
    const ev = ctx.evidence({ start: m.start, end: m.wordEnd });
    const existing = out.get(r.surface.name);
    if (existing) existing.evidence.push(ev);
    else out.set(r.surface.name, { name: r.surface.name, evidence: [ev] });
  }
  return [...out.values()];
}

export interface AllergyResult {
  allergies: Allergy[];
  noKnownAllergies: boolean;
  classesCovered: Map<string, string[]>;
}

export function extractAllergies(ctx: Ctx, resolved: Resolved[]): AllergyResult {
  const allergies = new Map<string, Allergy>();
  const classesCovered = new Map<string, string[]>();
  let denied = false;
  const allergyWords = ctx.words('allergyWords');
  /** An allergy to a named allergen or drug, with the drug classes it rules out. */
  const record = (f: { name: string; kind: string; start: number; end: number }) => {
    if (!allergies.has(f.name)) allergies.set(f.name, { substance: f.name, evidence: [ctx.evidence({ start: f.start, end: f.end })] });
    const classes = f.kind === 'allergen' ? (ctx.lex.allergens.get(f.name) ?? []) : [ctx.lex.drugs.get(f.name)?.drugClass ?? f.name];
    classesCovered.set(f.name, [...classes, f.name]);
  };
  for (const s of ctx.sentences) {
    for (const clause of s.clauses) {
      if (!containsWord(ctx.norm, allergyWords, clause.start, clause.end)) continue;
      const inClause = resolved.filter(
        (r) => r.mention.start >= clause.start && r.mention.start < clause.end && (r.surface.kind === 'allergen' || r.surface.kind === 'drug'),
      );
      const negated =
        containsWord(ctx.norm, ctx.words('negationAfter'), clause.start, clause.end) ||
        containsWord(ctx.norm, ctx.words('negationBefore'), clause.start, clause.end);
      const question = isQuestion(ctx, s);
      if (question) {
        const next = ctx.sentences[ctx.sentences.indexOf(s) + 1];
        if (next && isNegativeAnswer(ctx, next)) denied = true;
        // "Any allergy to medicines? Penicillin వేసుకుంటే దద్దుర్లు": the answer names it.
        else if (next) {
          for (const r of resolved) {
            if (r.mention.start < next.start || r.mention.start >= next.end || (r.surface.kind !== 'allergen' && r.surface.kind !== 'drug')) continue;
            record({ name: r.surface.name, kind: r.surface.kind, start: r.mention.start, end: r.mention.wordEnd });
          }
        }
        continue;
      }
      if (negated && inClause.length === 0) {
        denied = true;
        continue;
      }
      if (negated) continue;
      const found: { name: string; kind: 'allergen' | 'drug'; start: number; end: number }[] = inClause.map((r) => ({
        name: r.surface.name,
        kind: r.surface.kind === 'allergen' ? 'allergen' : 'drug',
        start: r.mention.start,
        end: r.mention.wordEnd,
      }));
      // Allergens inside a longer phrase that matched as something else ("dust allergy").
      for (const [form, name] of ctx.lex.allergenForms) {
        const at = findWord(ctx.norm, form, clause.start, clause.end);
        if (at >= 0 && !found.some((f) => f.name === name)) found.push({ name, kind: 'allergen', start: at, end: at + form.length });
      }
      found.forEach(record);
    }
  }
  return { allergies: [...allergies.values()], noKnownAllergies: denied && allergies.size === 0, classesCovered };
}
