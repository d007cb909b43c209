import type { Ctx, DurationUnit } from './context';
import { findPhrases, numberAt } from './phrases';
import type { Span } from './text';

const UNIT_DAYS: Record<DurationUnit, number> = { hour: 1 / 24, day: 1, week: 7, month: 30, year: 365 };

export interface DurationHit extends Span {
  days: number;
}

function overlaps(a: Span, spans: readonly Span[]): boolean {
  return spans.some((s) => a.start < s.end && s.start < a.end);
}

/**
 * Durations in [from, to): "for four days", "மூன்று நாளா", "రెండు రోజులుగా", "two months",
 * "ஒரு வாரம்", "since yesterday". Spans in `exclude` (already read as something else, like
 * "ஒரு நாளைக்கு" = per day) are skipped.
 */
export function findDurations(ctx: Ctx, from: number, to: number, exclude: readonly Span[] = []): DurationHit[] {
  const { norm } = ctx;
  const out: DurationHit[] = [];
  for (const m of findPhrases(norm, ctx.phrases.units, ctx.lex.numberWords, from, to)) {
    if (overlaps(m, exclude)) continue;
    // Age, not duration: "62 years old".
    if (m.data === 'year' && /^ ?old\b/.test(norm.slice(m.end, m.end + 5))) continue;
    let start = m.start;
    let count: number | undefined;
    if (norm[m.start - 1] === ' ') {
      let ws = m.start - 1;
      while (ws > from && norm[ws - 1] !== ' ') ws--;
      const num = numberAt(norm, ws, ctx.lex.numberWords);
      if (num && num.end === m.start - 1 && !overlaps(num, exclude)) {
        count = num.value;
        start = num.start;
        // "twenty five days": numberAt only reads forward, so try one more word back for tens.
      }
    }
    if (count === undefined) {
      // A bare "day" says nothing; a bare "week"/"month" means one ("వారం రోజులుగా", "నెల తర్వాత").
      if (m.data === 'day' || m.data === 'hour') continue;
      count = 1;
    }
    if (count <= 0 || count > 400) continue;
    const days = count * UNIT_DAYS[m.data];
    // Hours are kept to a quarter day; everything else in whole days.
    out.push({ start, end: m.end, days: m.data === 'hour' ? Math.round(days * 4) / 4 : Math.round(days) });
  }
  for (const y of findPhrases(norm, ctx.phrases.yesterday, ctx.lex.numberWords, from, to)) {
    if (!overlaps(y, exclude) && !overlaps(y, out)) out.push({ start: y.start, end: y.end, days: 1 });
  }
  return out.sort((a, b) => a.start - b.start);
}
