/**
 * Transcript text prepared for matching: lower-cased, whitespace folded, invisible joiners and
 * filler words dropped, with a map back to the original offsets so every fact keeps its
 * evidence span in the transcript as the doctor sees it.
 */

const INDIC = /\p{Script=Tamil}|\p{Script=Telugu}/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

export function isIndic(s: string): boolean {
  return INDIC.test(s);
}

export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

export interface Prepared {
  original: string;
  /** The matching form of the text. */
  norm: string;
  /** For each index of `norm` (and one past the end), the index in `original`. */
  map: number[];
}

export interface Span {
  start: number;
  end: number;
}

/** Characters that separate words but carry no meaning for matching. */
const SPACE_LIKE = /[\s\-_–—"“”'‘’()[\]{}*]/u;

export function prepare(original: string, fillers: ReadonlySet<string>): Prepared {
  let norm = '';
  const map: number[] = [];
  let lastSpace = true;
  for (let i = 0; i < original.length; i++) {
    const ch = original[i]!;
    if (ch === '\u200C' || ch === '\u200D' || ch === '\uFEFF') continue;
    if (SPACE_LIKE.test(ch)) {
      if (!lastSpace) {
        norm += ' ';
        map.push(i);
        lastSpace = true;
      }
      continue;
    }
    const lower = ch.toLowerCase();
    // Keep offsets exact: a character whose lower case changes length stays as it is.
    norm += lower.length === 1 ? lower : ch;
    map.push(i);
    lastSpace = false;
  }
  map.push(original.length);
  const prepared = { original, norm, map };
  return fillers.size ? dropWords(prepared, fillers) : prepared;
}

function dropWords(p: Prepared, words: ReadonlySet<string>): Prepared {
  let norm = '';
  const map: number[] = [];
  const re = /[^ ]+| /g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p.norm))) {
    const tok = m[0];
    if (tok !== ' ' && words.has(tok)) {
      // Drop the word and the space after it.
      if (p.norm[re.lastIndex] === ' ') re.lastIndex++;
      continue;
    }
    for (let k = 0; k < tok.length; k++) {
      norm += tok[k];
      map.push(p.map[m.index + k]!);
    }
  }
  map.push(p.original.length);
  return { original: p.original, norm, map };
}

/** Original-text span for a span of the normalised text. */
export function toOriginal(p: Prepared, span: Span): { start: number; end: number; text: string } {
  const start = p.map[span.start] ?? p.original.length;
  // The end maps through the last character, so trailing dropped characters are not included.
  const lastChar = span.end > span.start ? (p.map[span.end - 1] ?? start) + 1 : start;
  return { start, end: lastChar, text: p.original.slice(start, lastChar) };
}

export interface Sentence extends Span {
  text: string;
  question: boolean;
  clauses: Span[];
}

/**
 * Sentences end at . ? ! । or a newline; a full stop between digits (100.4) or after a
 * single-letter abbreviation does not end one. Clauses split at commas, semicolons and "but".
 */
export function splitSentences(norm: string, clauseBreaks: readonly string[]): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number, question: boolean) => {
    let s = start;
    while (s < end && norm[s] === ' ') s++;
    let e = end;
    while (e > s && norm[e - 1] === ' ') e--;
    if (e > s) out.push({ start: s, end: e, text: norm.slice(s, e), question, clauses: splitClauses(norm, s, e, clauseBreaks) });
  };
  for (let i = 0; i < norm.length; i++) {
    const ch = norm[i]!;
    if (ch === '?' || ch === '!' || ch === '।' || ch === '\n') {
      push(i, ch === '?');
      start = i + 1;
    } else if (ch === '.') {
      const prev = norm[i - 1];
      const next = norm[i + 1];
      if (prev !== undefined && /\d/.test(prev) && next !== undefined && /\d/.test(next)) continue;
      if (next !== undefined && next !== ' ') continue;
      // "b.p." / "t.d.s." style abbreviations: a single letter before the dot.
      if (prev !== undefined && /\p{L}/u.test(prev) && !isWordChar(norm[i - 2])) continue;
      push(i, false);
      start = i + 1;
    }
  }
  push(norm.length, false);
  return out;
}

function splitClauses(norm: string, start: number, end: number, breaks: readonly string[]): Span[] {
  const cuts: number[] = [];
  for (let i = start; i < end; i++) {
    const ch = norm[i];
    if (ch === ',' || ch === ';' || ch === ':') cuts.push(i);
  }
  for (const b of breaks) {
    let at = norm.indexOf(b, start);
    while (at >= 0 && at < end) {
      if (!isWordChar(norm[at - 1]) && !isWordChar(norm[at + b.length])) cuts.push(at);
      at = norm.indexOf(b, at + 1);
    }
  }
  cuts.sort((a, b) => a - b);
  const spans: Span[] = [];
  let s = start;
  for (const c of cuts) {
    if (c > s) spans.push({ start: s, end: c });
    s = c + 1;
  }
  if (end > s) spans.push({ start: s, end });
  return spans;
}

/** Whole-word (Latin) or word-start (Indic, suffixes allowed) occurrence test. */
export function findWord(norm: string, word: string, from: number, to: number, whole = false): number {
  let at = norm.indexOf(word, from);
  while (at >= 0 && at + word.length <= to) {
    const before = norm[at - 1];
    const after = norm[at + word.length];
    const endOk = (!whole && isIndic(word)) || !isWordChar(after) || (after === 's' && !isWordChar(norm[at + word.length + 1]));
    if (!isWordChar(before) && endOk) return at;
    at = norm.indexOf(word, at + 1);
  }
  return -1;
}

export function containsWord(norm: string, words: readonly string[], from: number, to: number, whole = false): boolean {
  return words.some((w) => findWord(norm, w, from, to, whole) >= 0);
}

/**
 * Tamil and Telugu conditionals are suffixes: வந்தா, இருந்தால், வந்தா, ఆడకపోయినా ("if",
 * "even if"). "When" suffixes (வாங்கும்போது, ఉన్నప్పుడు) describe a symptom ("burning when
 * passing urine") but make a medicine as-needed, so they are asked for separately.
 */
const IF_SUFFIX = /(?:ந்தா|ந்தால்|ட்டா|ட்டால்|ன்னா|லைனா|தால்|స్తే|ంటే|కపోతే|యినా|ినా|తేనే|ంటేనే)(?![\p{L}\p{M}])/u;
const WHEN_SUFFIX = /(?:போது|ప్పుడు)(?![\p{L}\p{M}])/u;

export function hasConditionalSuffix(text: string, includeWhen = false): boolean {
  return IF_SUFFIX.test(text) || (includeWhen && WHEN_SUFFIX.test(text));
}
