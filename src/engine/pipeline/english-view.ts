/**
 * The English text a medical NER model can read, built from a transcript in any of our languages,
 * with a map back to transcript offsets. English: the transcript itself. Tamil/Telugu: the runs
 * of English (Latin-script) words the doctor used, then the offline engine's English names for
 * what it found in Tamil/Telugu script (each mapped to the span it was found in).
 */
import type { Language } from '../../shared/schemas/common';
import type { Entity } from '../../shared/schemas/domain';

interface Piece {
  /** Offset of the piece in the view's text. */
  at: number;
  length: number;
  /** Where it came from in the transcript. */
  start: number;
  end: number;
  /** True when the view's characters are the transcript's characters (offsets map one to one). */
  exact: boolean;
}

export interface EnglishView {
  text: string;
  /** A span of the view → the transcript span, or null when it falls between pieces. */
  toTranscript(start: number, end: number): { start: number; end: number } | null;
}

const LATIN_RUN = /[A-Za-z][A-Za-z0-9]*(?:[\s,./%:+-]+[A-Za-z0-9][A-Za-z0-9]*)*/g;
const SEPARATOR = '. ';

export function englishView(transcript: string, language: Language, offline: readonly Entity[]): EnglishView {
  const pieces: Piece[] = [];
  let text = '';
  const add = (s: string, start: number, end: number, exact: boolean) => {
    if (text) text += SEPARATOR;
    pieces.push({ at: text.length, length: s.length, start, end, exact });
    text += s;
  };
  if (language === 'en') {
    add(transcript, 0, transcript.length, true);
  } else {
    for (const m of transcript.matchAll(LATIN_RUN)) {
      // A lone letter or "ok" carries nothing for NER.
      if (m[0].replace(/[^A-Za-z]/g, '').length >= 3) add(m[0], m.index, m.index + m[0].length, true);
    }
    const latinCovered = (e: Entity) => pieces.some((p) => p.exact && e.start >= p.start && e.end <= p.end);
    const seen = new Set<string>();
    for (const e of offline) {
      if (latinCovered(e) || !['symptom', 'diagnosis', 'drug', 'investigation', 'allergy'].includes(e.type)) continue;
      const key = `${e.normalized}@${e.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      add(e.normalized, e.start, e.end, false);
    }
  }
  return {
    text,
    toTranscript: (start, end) => {
      const p = pieces.find((x) => start >= x.at && end <= x.at + x.length);
      if (!p) return null;
      return p.exact ? { start: p.start + (start - p.at), end: p.start + (end - p.at) } : { start: p.start, end: p.end };
    },
  };
}

/** Pieces of at most `max` characters, cut at sentence ends (NER models read ~512 tokens). */
export function chunksOf(text: string, max = 1_500): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + max);
    if (end < text.length) {
      const cut = Math.max(text.lastIndexOf('. ', end), text.lastIndexOf('\n', end));
      if (cut > at + max / 2) end = cut + 1;
    }
    out.push({ at, text: text.slice(at, end) });
    at = end;
  }
  return out;
}
