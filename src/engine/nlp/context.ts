import { type Lexicon, loadLexicon, normForm } from './lexicon';
import { findMentions, type Mention } from './matcher';
import { type CompiledPhrase, compilePhrase, wordList } from './phrases';
import { type Prepared, prepare, type Sentence, splitSentences, type Span, toOriginal } from './text';
import type { Evidence } from '../../shared/schemas/common';

export type FrequencyData = { perDay?: number | 'n'; everyHours?: 'n'; weekly?: boolean };
export type DurationUnit = 'hour' | 'day' | 'week' | 'month' | 'year';

export interface Phrases {
  frequency: CompiledPhrase<FrequencyData>[];
  perDay: CompiledPhrase<string>[];
  slots: CompiledPhrase<'morning' | 'noon' | 'night'>[];
  sos: CompiledPhrase<string>[];
  timing: CompiledPhrase<string>[];
  forms: CompiledPhrase<string>[];
  units: CompiledPhrase<DurationUnit>[];
  yesterday: CompiledPhrase<string>[];
}

const phraseCache = new WeakMap<Lexicon, Phrases>();

function compiled(lex: Lexicon): Phrases {
  const hit = phraseCache.get(lex);
  if (hit) return hit;
  const g = lex.grammar;
  const p: Phrases = {
    frequency: g.frequency.map((f) => compilePhrase(f.p, { perDay: f.perDay, everyHours: f.everyHours, weekly: f.weekly }, lex.fillers)),
    perDay: wordList(g.perDayWords, lex.fillers),
    slots: (['morning', 'noon', 'night'] as const).flatMap((slot) => g.slots[slot].map((w) => compilePhrase(w, slot, lex.fillers))),
    sos: wordList(g.sos, lex.fillers),
    timing: Object.entries(g.timing).flatMap(([t, words]) => words.map((w) => compilePhrase(w, t, lex.fillers))),
    forms: Object.entries(g.forms).flatMap(([f, words]) => words.map((w) => compilePhrase(w, f, lex.fillers))),
    units: (['hour', 'day', 'week', 'month', 'year'] as const).flatMap((u) => g.durationUnits[u].map((w) => compilePhrase(w, u, lex.fillers))),
    yesterday: wordList(g.yesterday, lex.fillers),
  };
  phraseCache.set(lex, p);
  return p;
}

/** Everything the extractors share about one transcript. */
export interface Ctx {
  lex: Lexicon;
  p: Prepared;
  norm: string;
  sentences: Sentence[];
  mentions: Mention[];
  phrases: Phrases;
  /** Grammar word lists, normalised. */
  words: (key: keyof Lexicon['grammar']) => string[];
  evidence: (span: Span) => Evidence;
}

export function createContext(transcript: string, resourcesDir: string): Ctx {
  const lex = loadLexicon(resourcesDir);
  const p = prepare(transcript.normalize('NFC'), lex.fillers);
  const normCache = new Map<string, string[]>();
  return {
    lex,
    p,
    norm: p.norm,
    sentences: splitSentences(p.norm, lex.grammar.clauseBreaks.map((w) => normForm(w, lex.fillers))),
    mentions: findMentions(p.norm, lex),
    phrases: compiled(lex),
    words: (key) => {
      let w = normCache.get(key);
      if (!w) {
        const v = lex.grammar[key];
        w = Array.isArray(v) ? (v as string[]).map((x) => normForm(x, lex.fillers)) : [];
        normCache.set(key, w);
      }
      return w;
    },
    evidence: (span) => toOriginal(p, span),
  };
}

export function sentenceOf(ctx: Ctx, pos: number): Sentence | undefined {
  return ctx.sentences.find((s) => pos >= s.start && pos < s.end);
}

export function clauseOf(ctx: Ctx, pos: number): Span | undefined {
  return sentenceOf(ctx, pos)?.clauses.find((c) => pos >= c.start && pos < c.end);
}
