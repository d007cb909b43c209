import type { Evidence } from '../../shared/schemas/common';
import type { Advice, Medication } from '../../shared/schemas/note';
import { type Ctx, sentenceOf } from './context';
import { findDurations } from './durations';
import type { Resolved } from './findings';
import { isQuestion } from './negation';
import { drugScope, type DrugMention, readPrescription } from './prescription';
import { containsWord, findWord, type Span } from './text';

/** Where the doctor's assessment and plan begin: the first diagnosis, medicine or test. */
export function planStartOf(ctx: Ctx, resolved: Resolved[]): number {
  const starts = resolved.filter((r) => r.surface.kind !== 'symptom' && r.surface.kind !== 'allergen').map((r) => r.mention.start);
  // With no plan at all, the whole conversation counts.
  return starts.length ? Math.min(...starts) : 0;
}

export interface FollowUp {
  days: number;
  span: Span;
}

/** "மூன்று நாள் கழிச்சு வாங்க", "come back after five days", "నెల తర్వాత రండి". */
export function extractFollowUp(ctx: Ctx, planStart: number): { followUp?: FollowUp; clauses: Span[] } {
  const clauses: Span[] = [];
  let followUp: FollowUp | undefined;
  for (const s of ctx.sentences) {
    if (isQuestion(ctx, s) || s.end <= planStart) continue;
    // Whole words: "வாங்க" (come) is a follow-up, "வாங்குது" (breathless) is not.
    const cues = ctx.words('followUpWords')
      .map((w) => findWord(ctx.norm, w, s.start, s.end, true))
      .filter((at) => at >= 0);
    if (!cues.length) continue;
    const cue = Math.min(...cues);
    const durations = findDurations(ctx, s.start, s.end);
    // "Come back on day 3" (of the vaccine schedule).
    const dayN = /(?:on )?day (\d{1,2})(?!\d)/.exec(ctx.norm.slice(s.start, s.end));
    if (dayN) durations.push({ start: s.start + dayN.index, end: s.start + dayN.index + dayN[0].length, days: Number(dayN[1]) });
    if (!durations.length) continue;
    const d = [...durations].sort((a, b) => Math.abs(a.start - cue) - Math.abs(b.start - cue))[0]!;
    const clause = s.clauses.find((c) => cue >= c.start && cue < c.end) ?? s;
    clauses.push({ start: Math.min(d.start, clause.start), end: Math.max(d.end, clause.end) });
    let cueEnd = cue;
    while (cueEnd < s.end && ctx.norm[cueEnd] !== ' ' && !/[.,;]/.test(ctx.norm[cueEnd]!)) cueEnd++;
    followUp ??= { days: d.days, span: { start: Math.min(d.start, cue), end: Math.max(d.end, cueEnd) } };
  }
  return { followUp, clauses };
}

export interface MedicationResult {
  medications: Medication[];
  avoid: { name: string; evidence: Evidence[] }[];
  history: { name: string; evidence: Evidence[] }[];
  inClinic: Medication[];
  notes: string[];
  drugSentences: Set<number>;
}

const MERGEABLE = ['strength', 'frequency', 'timing', 'durationDays', 'form', 'route', 'instructions'] as const;

export function extractMedications(ctx: Ctx, resolved: Resolved[], exclude: Span[]): MedicationResult {
  const drugs: DrugMention[] = resolved.filter((r) => r.surface.kind === 'drug').map((r) => ({ mention: r.mention, surface: r.surface }));
  const result: MedicationResult = { medications: [], avoid: [], history: [], inClinic: [], notes: [], drugSentences: new Set() };
  const avoided = new Set<string>();
  for (const dm of drugs) {
    const s = sentenceOf(ctx, dm.mention.start);
    if (s) result.drugSentences.add(s.start);
    if (s && isQuestion(ctx, s)) {
      result.history.push({ name: dm.surface.name, evidence: [ctx.evidence({ start: dm.mention.start, end: dm.mention.wordEnd })] });
      continue;
    }
    const outcome = readPrescription(ctx, dm, drugScope(ctx, dm, drugs), exclude, drugs);
    if (outcome.kind === 'avoid') {
      avoided.add(outcome.name);
      result.avoid.push({ name: outcome.name, evidence: outcome.evidence });
    } else if (outcome.kind === 'history') {
      result.history.push({ name: outcome.name, evidence: outcome.evidence });
    } else if (outcome.kind === 'in-clinic') {
      result.inClinic.push(outcome.med);
    } else {
      result.notes.push(...outcome.notes);
      const same = result.medications.find((x) => x.name === outcome.med.name);
      if (same) {
        // The same drug said twice: fill what the first mention left open.
        for (const k of MERGEABLE) if (same[k] === undefined && outcome.med[k] !== undefined) (same as Record<string, unknown>)[k] = outcome.med[k];
        same.evidence.push(...outcome.med.evidence);
      } else {
        result.medications.push(outcome.med);
      }
    }
  }
  // "அதை உடனே நிறுத்துங்க", "stop it": a "not to take" that points back at a drug named just before.
  for (const dm of stoppedByPronoun(ctx, drugs)) {
    if (avoided.has(dm.surface.name)) continue;
    avoided.add(dm.surface.name);
    result.avoid.push({ name: dm.surface.name, evidence: [ctx.evidence({ start: dm.mention.start, end: dm.mention.wordEnd })] });
    result.history = result.history.filter((h) => h.name !== dm.surface.name);
  }
  // A drug the doctor said not to take never stays in the plan, whatever else was said.
  result.medications = result.medications.filter((m) => !avoided.has(m.name));
  return result;
}

/**
 * Drugs a pronoun clause tells the patient to stop or not take: the clause has a pronoun
 * ("அதை", "it", "దాన్ని") and a "not to take" word but names no drug itself; it points at the
 * drugs of the clauses just before it in the sentence, or else of the previous sentence.
 */
function stoppedByPronoun(ctx: Ctx, drugs: DrugMention[]): DrugMention[] {
  const out: DrugMention[] = [];
  const pronouns = ctx.words('pronouns');
  const cues = [...ctx.words('forbidAfter'), ...ctx.words('forbidBefore')];
  ctx.sentences.forEach((s, si) => {
    for (const c of s.clauses) {
      if (!containsWord(ctx.norm, pronouns, c.start, c.end, true) || !containsWord(ctx.norm, cues, c.start, c.end)) continue;
      // "Don't stop it on your own" means keep taking it.
      if (containsWord(ctx.norm, ctx.words('negatedForbid'), c.start, c.end)) continue;
      if (drugs.some((d) => d.mention.start >= c.start && d.mention.start < c.end)) continue;
      const before = drugs.filter((d) => d.mention.start >= s.start && d.mention.start < c.start);
      const prev = ctx.sentences[si - 1];
      const target = before.length ? before : prev ? drugs.filter((d) => d.mention.start >= prev.start && d.mention.start < prev.end) : [];
      out.push(...target);
    }
  });
  return out;
}

/** Polite imperatives: Tamil -ங்க/-ுங்கள், Telugu -ండి/-కండి ("குடிங்க", "తాగండి", "తినకండి"). */
const IMPERATIVE = /(?:ங்க|ுங்கள்|ండి)(?![\p{L}\p{M}])/u;
/** Imperatives that are greetings or conversation, not advice. */
const NOT_ADVICE = ['சொல்லுங்க', 'வாங்க', 'உட்காருங்க', 'చెప్పండి', 'రండి', 'కూర్చోండి'];

/** Instructions for the patient: sentences with an advice verb that are not prescriptions, tests or follow-up. */
export function extractAdvice(ctx: Ctx, resolved: Resolved[], skip: Set<number>, followUpClauses: Span[], planStart: number): { advice: Advice[]; sentences: Set<number> } {
  const out: Advice[] = [];
  const sentences = new Set<number>();
  // Advice comes with the plan (planStart): after the first diagnosis, medicine or test.
  const busy = new Set<number>(skip);
  for (const r of resolved) {
    if (r.surface.kind === 'investigation' || r.surface.kind === 'drug') {
      const s = sentenceOf(ctx, r.mention.start);
      if (s) busy.add(s.start);
    }
  }
  for (const s of ctx.sentences) {
    if (busy.has(s.start) || isQuestion(ctx, s)) continue;
    if (followUpClauses.some((c) => c.start >= s.start && c.end <= s.end)) continue;
    const cue = containsWord(ctx.norm, ctx.words('adviceWords'), s.start, s.end);
    const imperative = s.start >= planStart && IMPERATIVE.test(s.text) && !NOT_ADVICE.some((w) => s.text.includes(w) && !IMPERATIVE.test(s.text.replace(w, '')));
    if (!cue && !imperative) continue;
    const ev = ctx.evidence(s);
    out.push({ text: ev.text.replace(/[.,;\s]+$/, ''), evidence: [ev] });
    sentences.add(s.start);
  }
  return { advice: out, sentences };
}
