/**
 * What the grounding check looks things up in: the transcript as the offline engine reads it
 * (same normalisation, same lexicon matcher, Tamil/Telugu number words), with every finding
 * mapped back to a character span of the transcript.
 */
import type { Evidence } from '../../shared/schemas/common';
import { createContext, type Ctx } from '../nlp/context';
import { normForm, stemForm, type Surface, type TrieNode } from '../nlp/lexicon';
import type { Mention } from '../nlp/matcher';
import { findPhrases, numberAt, type NumberAt } from '../nlp/phrases';
import { findWord, isWordChar, type Span } from '../nlp/text';

export type DurationUnit = 'day' | 'week' | 'month' | 'year';

export interface SaidNumber extends NumberAt {
  /** The duration unit said right after the number ("5 days", "ஒரு வாரம்", "2 weeks"), if any. */
  unit?: DurationUnit;
}

export interface TranscriptIndex {
  ctx: Ctx;
  /** Every number said, as digits or words ("650", "100.4", "மூன்று", "twenty five"), in norm offsets. */
  numbers: SaidNumber[];
  evidence(span: Span): Evidence;
  /** Lexicon mentions of a kind whose canonical name is `name`. */
  mentionsOf(kind: Surface['kind'], name: string): { mention: Mention; surface: Surface }[];
  /** The generic name for a drug name, alias or brand in any script, if the lexicon knows it. */
  genericOf(name: string): string | undefined;
  /** A whole-word occurrence of `words` in the transcript. */
  find(words: string): Span | null;
  /** The sentence holding `pos` and the one after it (doctors say "Paracetamol. 650 mg."). */
  windowAt(pos: number): Span;
}

export function indexTranscript(transcript: string, resourcesDir: string): TranscriptIndex {
  const ctx = createContext(transcript, resourcesDir);
  const { norm, lex } = ctx;
  const numbers: SaidNumber[] = [];
  for (let i = 0; i < norm.length; i++) {
    if (isWordChar(norm[i - 1])) continue;
    const n = numberAt(norm, i, lex.numberWords);
    if (!n) continue;
    const unit = findPhrases(norm, ctx.phrases.units, lex.numberWords, n.end, Math.min(norm.length, n.end + 30))[0];
    numbers.push(unit && unit.start <= n.end + 1 ? { ...n, unit: unit.data as DurationUnit } : n);
    i = n.end - 1;
  }
  const lookup = (form: string): Surface[] => {
    let node: TrieNode | undefined = lex.trie;
    for (const ch of stemForm(normForm(form))) node = node?.next.get(ch);
    return node?.out ?? [];
  };
  return {
    ctx,
    numbers,
    evidence: (span) => ctx.evidence(span),
    mentionsOf: (kind, name) => {
      const out: { mention: Mention; surface: Surface }[] = [];
      for (const m of ctx.mentions) {
        const s = m.surfaces.find((x) => x.kind === kind && x.name === name);
        if (s) out.push({ mention: m, surface: s });
      }
      return out;
    },
    genericOf: (name) => {
      const key = normForm(name);
      if (lex.drugs.has(key)) return key;
      return lookup(name).find((s) => s.kind === 'drug')?.name;
    },
    find: (words) => {
      const w = normForm(words);
      if (!w) return null;
      const at = findWord(norm, w, 0, norm.length);
      return at < 0 ? null : { start: at, end: at + w.length };
    },
    windowAt: (pos) => {
      const i = ctx.sentences.findIndex((s) => pos >= s.start && pos < s.end);
      if (i < 0) return { start: Math.max(0, pos - 80), end: Math.min(norm.length, pos + 120) };
      const next = ctx.sentences[i + 1];
      return { start: ctx.sentences[i]!.start, end: next ? next.end : ctx.sentences[i]!.end };
    },
  };
}

/** The numbers in a note's value ("650 mg" → [650], "10/325 mg" → [10, 325]). */
export function numbersIn(value: string): number[] {
  return [...value.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}

/** Numbers said inside `span`. */
export function numbersWithin(ix: TranscriptIndex, span: Span): SaidNumber[] {
  return ix.numbers.filter((n) => n.start >= span.start && n.end <= span.end);
}

const DAYS_PER: Record<DurationUnit, number> = { day: 1, week: 7, month: 30, year: 365 };

/** A day count the transcript supports: the number with its unit ("2 weeks" → 14), or a bare number. */
export function daysSupported(days: number, said: readonly SaidNumber[]): SaidNumber | undefined {
  return said.find((n) => n.value * DAYS_PER[n.unit ?? 'day'] === days);
}
