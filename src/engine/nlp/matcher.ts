import type { Lexicon, Surface, TrieNode } from './lexicon';
import { isWordChar } from './text';

export interface Mention {
  start: number;
  /** End of the matched form. */
  end: number;
  /** End of the whole word, suffixes included (for evidence). */
  wordEnd: number;
  surfaces: Surface[];
}

function endOk(norm: string, end: number, node: TrieNode): boolean {
  const after = norm[end];
  if (node.indic) return true;
  if (!isWordChar(after)) return true;
  return after === 's' && !isWordChar(norm[end + 1]);
}

function wordEndFrom(norm: string, end: number): number {
  let e = end;
  while (e < norm.length && isWordChar(norm[e])) e++;
  return e;
}

/** Leftmost-longest lexicon matches starting at word boundaries. */
export function findMentions(norm: string, lex: Lexicon): Mention[] {
  const out: Mention[] = [];
  let i = 0;
  while (i < norm.length) {
    if (isWordChar(norm[i - 1]) || !isWordChar(norm[i])) {
      i++;
      continue;
    }
    let node: TrieNode | undefined = lex.trie;
    let best: { end: number; node: TrieNode } | null = null;
    for (let j = i; j < norm.length && node; j++) {
      node = node.next.get(norm[j]!);
      if (node?.out && endOk(norm, j + 1, node)) best = { end: j + 1, node };
    }
    if (best?.node.out) {
      out.push({ start: i, end: best.end, wordEnd: wordEndFrom(norm, best.end), surfaces: best.node.out });
      i = best.end;
    } else {
      i++;
    }
  }
  return out;
}
