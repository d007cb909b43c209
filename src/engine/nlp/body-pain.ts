/**
 * Pain and swelling of a body part that the symptom lexicon does not list as a whole phrase:
 * "கணுக்கால் வலி", "చెంప వాచింది", "pain behind the right ear", "my ankle is swollen". The
 * symptom is named from resources/lexicons/body-parts.tsv ("ankle pain", "facial swelling").
 */
import type { Ctx } from './context';
import type { Resolved } from './findings';
import type { BodyPart } from './lexicon';
import { isIndic, isWordChar } from './text';

/** Lexicon symptoms too general to keep when a body part is named with them. */
export const GENERIC = new Set(['swelling', 'pain', 'ache']);

const PAIN = /^(?:pain|pains|paining|ache|aching|வலி|நோவு|నొప్ప|నొప్పు)/u;
const SWELLING = /^(?:swelling|swollen|வீக்க|வீங்கி|வீங்கு|వాపు|వాచ|ఉబ్బ)/u;

function partAt(norm: string, pos: number, list: BodyPart[]): BodyPart | undefined {
  return list.find((p) => norm.startsWith(p.form, pos) && (isIndic(p.form) || !isWordChar(norm[pos + p.form.length])));
}

function wordStarts(norm: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) if (isWordChar(norm[i]) && !isWordChar(norm[i - 1])) out.push(i);
  return out;
}

export function findBodyPain(ctx: Ctx, resolved: Resolved[]): Resolved[] {
  const list = ctx.lex.bodyParts;
  const { norm } = ctx;
  // A bare "swelling" or "pain" from the lexicon gives way to the part's own symptom.
  const covered = (a: number, b: number) => resolved.some((r) => r.mention.start < b && a < r.mention.wordEnd && !GENERIC.has(r.surface.name));
  const out: Resolved[] = [];
  for (const w of wordStarts(norm, 0, norm.length)) {
    const rest = norm.slice(w, w + 12);
    const kind = PAIN.test(rest) ? 'pain' : SWELLING.test(rest) ? 'swelling' : null;
    if (!kind) continue;
    let end = w;
    while (end < norm.length && isWordChar(norm[end])) end++;
    if (covered(w, end)) continue;
    // The part just before ("ankle pain", "கணுக்கால் வலி", "చెంప వాచింది") …
    const before = wordStarts(norm, Math.max(0, w - 40), w).slice(-2);
    let start = -1;
    let part: BodyPart | undefined;
    for (const b of before) {
      part = partAt(norm, b, list);
      if (part) {
        start = b;
        break;
      }
    }
    // … or after, in English: "pain in the left knee", "pain behind the ear", "swelling of the ankle".
    if (!part) {
      const after = /^ (?:in|on|of|behind|over|around|near|at)(?: (?:left|right|both|my|his|her|lower|upper|outer|inner))* /.exec(norm.slice(end, end + 30));
      if (after) {
        part = partAt(norm, end + after[0].length, list);
        if (part) {
          start = w;
          end = end + after[0].length + part.form.length;
        }
      }
    }
    if (!part || start < 0 || covered(start, end)) continue;
    const name = kind === 'pain' ? part.pain : part.swelling;
    out.push({ mention: { start, end, wordEnd: end, surfaces: [{ kind: 'symptom', name }] }, surface: { kind: 'symptom', name } });
  }
  return out;
}
