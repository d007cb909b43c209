/**
 * Grammar phrases from resources/lexicons/grammar.json matched against the normalised text:
 * words in order, `{n}` for a number (digits or a number word in any of the three languages).
 */
import { normForm } from './lexicon';
import { isIndic, isWordChar } from './text';

export interface NumberAt {
  value: number;
  start: number;
  end: number;
}

/** A number at `pos`: digits ("650", "100.4") or a number word ("மூன்று", "రెండు", "twenty five"). */
export function numberAt(norm: string, pos: number, words: ReadonlyMap<string, number>): NumberAt | null {
  if (isWordChar(norm[pos - 1]) && !/\d/.test(norm[pos - 1] ?? '')) return null;
  const digits = /^\d+(?:\.\d+)?/.exec(norm.slice(pos, pos + 12));
  if (digits && !isWordChar(norm[pos - 1])) return { value: Number(digits[0]), start: pos, end: pos + digits[0].length };
  if (isWordChar(norm[pos - 1])) return null;
  const m = /^[\p{L}\p{M}]+/u.exec(norm.slice(pos, pos + 40));
  if (!m) return null;
  const word = m[0];
  let value = words.get(word);
  let end = pos + word.length;
  if (value === undefined) {
    // Indic number words take suffixes too: மூணு → மூணுநாள் is rare, but ரெண்டாவது, రెండుసార్లు are not numbers.
    return null;
  }
  // "twenty five", "இருபத்தி ஐந்து": tens followed by a unit.
  if (value >= 20 && value < 100 && value % 10 === 0 && norm[end] === ' ') {
    const next = /^[\p{L}\p{M}]+/u.exec(norm.slice(end + 1, end + 30));
    const unit = next ? words.get(next[0]) : undefined;
    if (unit !== undefined && unit >= 1 && unit <= 9 && Number.isInteger(unit)) {
      value += unit;
      end = end + 1 + next![0].length;
    }
  }
  return { value, start: pos, end };
}

type Part = { kind: 'word'; text: string; indic: boolean } | { kind: 'num' };

export interface CompiledPhrase<T> {
  parts: Part[];
  data: T;
}

export function compilePhrase<T>(pattern: string, data: T, drop?: ReadonlySet<string>): CompiledPhrase<T> {
  const parts: Part[] = normForm(pattern, drop)
    .split(' ')
    .filter(Boolean)
    .map((w) => (w === '{n}' ? { kind: 'num' as const } : { kind: 'word' as const, text: w, indic: isIndic(w) }));
  return { parts, data };
}

export interface PhraseMatch<T> {
  start: number;
  end: number;
  n?: number;
  data: T;
}

function wordAt(norm: string, pos: number, part: { text: string; indic: boolean }): number {
  if (!norm.startsWith(part.text, pos)) return -1;
  let end = pos + part.text.length;
  if (part.indic) {
    while (end < norm.length && isWordChar(norm[end])) end++;
    return end;
  }
  const after = norm[end];
  if (!isWordChar(after)) return end;
  if (after === 's' && !isWordChar(norm[end + 1])) return end + 1;
  if (/[.]/.test(after ?? '')) return end;
  return -1;
}

function matchAt<T>(norm: string, pos: number, phrase: CompiledPhrase<T>, words: ReadonlyMap<string, number>): PhraseMatch<T> | null {
  let at = pos;
  let n: number | undefined;
  for (let k = 0; k < phrase.parts.length; k++) {
    const part = phrase.parts[k]!;
    if (k > 0) {
      if (norm[at] !== ' ') {
        // Indic compounds are often written together: రోజుకు3సార్లు is rare, ఒకసారి is one word.
        if (!(part.kind === 'word' && part.indic)) return null;
      } else {
        at++;
      }
    }
    if (part.kind === 'num') {
      const num = numberAt(norm, at, words);
      if (!num) return null;
      n = num.value;
      at = num.end;
    } else {
      const end = wordAt(norm, at, part);
      if (end < 0) return null;
      at = end;
    }
  }
  return { start: pos, end: at, n, data: phrase.data };
}

/** Every non-overlapping match in [from, to), longest first at each position. */
export function findPhrases<T>(
  norm: string,
  phrases: readonly CompiledPhrase<T>[],
  words: ReadonlyMap<string, number>,
  from = 0,
  to = norm.length,
): PhraseMatch<T>[] {
  const out: PhraseMatch<T>[] = [];
  let i = from;
  while (i < to) {
    if (isWordChar(norm[i - 1]) || !isWordChar(norm[i])) {
      i++;
      continue;
    }
    let best: PhraseMatch<T> | null = null;
    for (const p of phrases) {
      const m = matchAt(norm, i, p, words);
      if (m && m.end <= to && (!best || m.end > best.end)) best = m;
    }
    if (best) {
      out.push(best);
      i = best.end;
    } else {
      i++;
    }
  }
  return out;
}

/** Compiles a plain word list as phrases with no data. */
export function wordList(words: readonly string[], drop?: ReadonlySet<string>): CompiledPhrase<string>[] {
  return words.map((w) => compilePhrase(w, w, drop));
}
