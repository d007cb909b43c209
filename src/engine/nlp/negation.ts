import { type Ctx, clauseOf, sentenceOf } from './context';
import type { Mention } from './matcher';
import { containsWord, findWord, hasConditionalSuffix, isIndic, type Sentence, type Span } from './text';

export type Assertion = 'present' | 'negated' | 'asked';

function startsWithAny(ctx: Ctx, span: Span, words: readonly string[]): boolean {
  return words.some((w) => findWord(ctx.norm, w, span.start, span.end) === span.start);
}

/** "No", "இல்லை டாக்டர்", "లేదు", "அதுவும் இல்லை" at the start of an answer. */
export function isNegativeAnswer(ctx: Ctx, answer: Sentence): boolean {
  const first = answer.clauses[0] ?? answer;
  if (startsWithAny(ctx, first, ctx.words('answerNo'))) return true;
  // "அதெல்லாம் இல்லை", "అలాంటివేమీ లేవు", "nothing like that, no": a denial that names nothing new.
  const namesSomething = ctx.mentions.some((m) => m.start >= first.start && m.start < first.end);
  return !namesSomething && containsWord(ctx.norm, ctx.words('negationAfter'), first.start, first.end);
}

export function isPositiveAnswer(ctx: Ctx, answer: Sentence): boolean {
  const first = answer.clauses[0] ?? answer;
  return startsWithAny(ctx, first, ctx.words('answerYes'));
}

export function isQuestion(ctx: Ctx, s: Sentence): boolean {
  if (s.question) return true;
  // Tamil and Telugu questions often arrive without "?": இருக்கா, ఉందా.
  const indicQ = ctx.words('questionWords').filter(isIndic);
  // Whole words: "இருக்கா" asks, "இருக்கான்" (he is) does not.
  return containsWord(ctx.norm, indicQ, s.start, s.end, true);
}

/** Negation inside the mention's own clause: "no fever", "denies X", "இருமல் இல்லை", "జ్వరం లేదు". */
export function negatedInClause(ctx: Ctx, m: Mention): boolean {
  const clause = clauseOf(ctx, m.start);
  if (!clause) return false;
  const { norm } = ctx;
  const after = ctx.words('negationAfter').some((w) => {
    const at = findWord(norm, w, m.wordEnd, clause.end);
    if (at < 0) return false;
    // "இல்லைன்னா" (if not) is a condition, not a negation.
    return !ctx.words('negationAfterExceptions').some((x) => norm.startsWith(x, at));
  });
  if (after) return true;
  // English cues before the mention, within the clause and a few words back.
  const windowStart = Math.max(clause.start, lastWordsStart(norm, m.start, 6));
  return containsWord(norm, ctx.words('negationBefore'), windowStart, m.start);
}

function lastWordsStart(norm: string, pos: number, words: number): number {
  let at = pos;
  let seen = 0;
  while (at > 0 && seen <= words) {
    at--;
    if (norm[at] === ' ') seen++;
  }
  return at;
}

/**
 * Whether a finding was said to be present, denied, or only asked about. A question is settled
 * by the next sentence: "இருமல் இருக்கா? இல்லை" → denied; an unanswered question records nothing.
 */
export function assertionOf(ctx: Ctx, m: Mention): Assertion {
  if (negatedInClause(ctx, m)) return 'negated';
  const s = sentenceOf(ctx, m.start);
  if (s && isQuestion(ctx, s)) {
    const next = ctx.sentences[ctx.sentences.indexOf(s) + 1];
    if (next && isNegativeAnswer(ctx, next)) return 'negated';
    if (next && isPositiveAnswer(ctx, next)) return 'present';
    return 'asked';
  }
  return 'present';
}

/** "if fever comes", "மூணு நாள்ல சரியாகலைன்னா": a condition, not a finding. */
export function inConditional(ctx: Ctx, m: Mention): boolean {
  const clause = clauseOf(ctx, m.start);
  if (!clause) return false;
  return containsWord(ctx.norm, ctx.words('conditionalWords'), clause.start, clause.end) || hasConditionalSuffix(ctx.norm.slice(clause.start, clause.end));
}
