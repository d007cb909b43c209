import type { Ctx } from './context';
import type { Resolved } from './findings';

/** Words that come before an amount but are not medicines. */
const NOT_DRUGS = new Set([
  'tablet', 'tablets', 'tab', 'capsule', 'capsules', 'cap', 'syrup', 'take', 'takes', 'taking', 'give', 'given', 'of', 'the', 'and', 'with', 'weight', 'dose',
  'injection', 'inj', 'total', 'daily', 'about', 'only', 'start', 'add', 'continue', 'water', 'drink', 'half', 'each', 'per', 'then', 'after', 'before', 'upto',
  'drops', 'gel', 'cream', 'ointment', 'sugar', 'fasting', 'lunch', 'random', 'pulse', 'temperature', 'temp', 'weight', 'height', 'spo2', 'bp', 'rate',
  'milk', 'salt', 'juice', 'food', 'eat', 'glass', 'spoon', 'dosage', 'strength', 'reduce', 'increase', 'make', 'it', 'to', 'is', 'was', 'now', 'mg', 'ml',
]);

const AMOUNT = /(?<![\p{L}\p{M}\p{N}])([a-z][a-z]{3,}) (\d+(?:\.\d+)?) ?(mg|mcg|ml|g|iu)(?![\p{L}\p{M}])/gu;

/**
 * A Latin word said right before an amount ("Rifaximin 550 mg") that no lexicon knows: kept as a
 * medicine under the word the doctor said, and flagged, so a drug missing from our list is
 * never silently dropped.
 */
export function findUnlistedDrugs(ctx: Ctx, resolved: Resolved[]): Resolved[] {
  const out: Resolved[] = [];
  AMOUNT.lastIndex = 0;
  for (let m = AMOUNT.exec(ctx.norm); m; m = AMOUNT.exec(ctx.norm)) {
    const word = m[1]!;
    const start = m.index;
    const end = start + word.length;
    if (NOT_DRUGS.has(word)) continue;
    if (resolved.some((r) => r.mention.start < end + 12 && start < r.mention.wordEnd)) continue;
    out.push({ mention: { start, end, wordEnd: end, surfaces: [] }, surface: { kind: 'drug', name: word } });
  }
  return out;
}
