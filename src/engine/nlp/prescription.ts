import type { Evidence } from '../../shared/schemas/common';
import type { Medication, Timing } from '../../shared/schemas/note';
import type { Ctx, FrequencyData } from './context';
import { sentenceOf, clauseOf } from './context';
import { findDurations } from './durations';
import type { Surface } from './lexicon';
import type { Mention } from './matcher';
import { findPhrases } from './phrases';
import { containsWord, hasConditionalSuffix, type Span } from './text';

export interface DrugMention {
  mention: Mention;
  surface: Surface;
}

export type PrescriptionOutcome =
  | { kind: 'prescribed'; med: Medication; notes: string[] }
  | { kind: 'avoid'; name: string; evidence: Evidence[] }
  | { kind: 'history'; name: string; evidence: Evidence[] }
  | { kind: 'in-clinic'; med: Medication };

const STRENGTH = /(\d+(?:\.\d+)?) ?(mg|mcg|µg|ug|gm|g|grams?|ml|iu|units?|%|milligrams?|micrograms?|lakh iu|எம்ஜி|மில்லிகிராம்|எம்எல்|ఎంజీ|మిల్లీగ్రాములు|ఎంఎల్)(?![\p{L}\p{M}])/gu;
const UNIT_NAMES: Record<string, string> = {
  µg: 'mcg', ug: 'mcg', gm: 'g', gram: 'g', grams: 'g', unit: 'units', milligram: 'mg', milligrams: 'mg', microgram: 'mcg', micrograms: 'mcg',
  எம்ஜி: 'mg', மில்லிகிராம்: 'mg', எம்எல்: 'ml', ఎంజీ: 'mg', మిల్లీగ్రాములు: 'mg', ఎంఎల్: 'ml', iu: 'IU', 'lakh iu': 'lakh IU',
};
const EXPLICIT_PATTERN = /(?<![\d.])([0-4](?:\.5)?) ([0-4](?:\.5)?) ([0-4](?:\.5)?)(?: ([0-4](?:\.5)?))?(?![\d.])/g;

function slotPattern(slots: Set<string>): string {
  return ['morning', 'noon', 'night'].map((s) => (slots.has(s) ? '1' : '0')).join('-');
}

function countPattern(n: number, slots: Set<string>): string | undefined {
  if (slots.size === n && n <= 3) return slotPattern(slots);
  if (n === 1) return slots.has('night') ? '0-0-1' : slots.has('noon') ? '0-1-0' : '1-0-0';
  if (n === 2) return '1-0-1';
  if (n === 3) return '1-1-1';
  if (n === 4) return '1-1-1-1';
  return undefined;
}

/** Where a drug's attributes are read: its sentence, between the previous and the next drug. */
export function drugScope(ctx: Ctx, dm: DrugMention, all: DrugMention[]): Span {
  const s = sentenceOf(ctx, dm.mention.start);
  let start = s?.start ?? dm.mention.start;
  let end = s?.end ?? ctx.norm.length;
  for (const other of all) {
    if (other === dm) continue;
    // What follows a drug belongs to it; only the first drug of a sentence also takes what
    // comes before it ("జ్వరం వచ్చినప్పుడు మాత్రమే Paracetamol 650 mg").
    if (other.mention.start < dm.mention.start && other.mention.start >= start) start = dm.mention.start;
    if (other.mention.start >= dm.mention.wordEnd && other.mention.start < end) end = other.mention.start;
  }
  return { start, end };
}

const CONNECTORS = new Set(['and', 'or', 'any', 'other', 'like', 'such', 'as', 'etc', 'also', 'மற்றும்', 'அல்லது', 'எதுவும்', 'ஏதும்', 'மாதிரி', 'லேదా', 'లేదా', 'మరియు', 'ఏవీ', 'ఏమీ', 'వంటివి', 'లాంటివి']);

/** The words between two points of the sentence that are not drug names, connectors or punctuation. */
function wordsBetween(ctx: Ctx, from: number, to: number, all: DrugMention[]): string[] | null {
  let text = ctx.norm.slice(from, to);
  if (/\d/.test(text)) return null;
  for (const d of all) {
    if (d.mention.start >= from && d.mention.wordEnd <= to) {
      text = text.slice(0, d.mention.start - from) + ' '.repeat(d.mention.wordEnd - d.mention.start) + text.slice(d.mention.wordEnd - from);
    }
  }
  return text
    .split(/[\s,;]+/)
    .filter((w) => w && !CONNECTORS.has(w));
}

/**
 * "Ibuprofen, aspirin எதுவும் எடுக்கக்கூடாது", "avoid ibuprofen, aspirin": a "not to take" said once
 * for a list of drugs covers each of them, across the commas of the list.
 */
function forbiddenInList(ctx: Ctx, dm: DrugMention, all: DrugMention[]): boolean {
  const s = sentenceOf(ctx, dm.mention.start);
  if (!s) return false;
  const { norm } = ctx;
  for (const cue of ctx.words('forbidAfter')) {
    for (let at = norm.indexOf(cue, dm.mention.wordEnd); at >= 0 && at < s.end; at = norm.indexOf(cue, at + 1)) {
      const between = wordsBetween(ctx, dm.mention.wordEnd, at, all);
      if (between && between.length <= 3) return true;
    }
  }
  for (const cue of ctx.words('forbidBefore')) {
    for (let at = norm.indexOf(cue, s.start); at >= 0 && at + cue.length <= dm.mention.start; at = norm.indexOf(cue, at + 1)) {
      const between = wordsBetween(ctx, at + cue.length, dm.mention.start, all);
      if (between && between.length === 0) return true;
    }
  }
  return false;
}

export function readPrescription(ctx: Ctx, dm: DrugMention, scope: Span, exclude: Span[], all: DrugMention[] = []): PrescriptionOutcome {
  const { norm, lex } = ctx;
  const m = dm.mention;
  const name = dm.surface.name;
  const drugEv = ctx.evidence({ start: m.start, end: m.wordEnd });
  const clause = clauseOf(ctx, m.start) ?? scope;
  const cStart = Math.max(clause.start, scope.start);
  const cEnd = Math.min(clause.end, scope.end);

  // Never prescribe what the doctor said not to take.
  const forbidAfter = containsWord(norm, ctx.words('forbidAfter'), m.wordEnd, cEnd);
  const forbidBefore = containsWord(norm, ctx.words('forbidBefore'), cStart, m.start);
  const keepTaking = containsWord(norm, ctx.words('negatedForbid'), cStart, cEnd);
  if (!keepTaking && (forbidAfter || forbidBefore || forbiddenInList(ctx, dm, all))) return { kind: 'avoid', name, evidence: [drugEv] };
  if (containsWord(norm, ctx.words('pastWords'), cStart, cEnd)) return { kind: 'history', name, evidence: [drugEv] };

  const evidence: Evidence[] = [drugEv];
  const consumed: Span[] = [...exclude];
  const take = (span: Span) => {
    consumed.push(span);
    evidence.push(ctx.evidence(span));
  };
  const free = (span: Span) => !consumed.some((c) => span.start < c.end && c.start < span.end);
  const notes: string[] = [];

  // Strength: the first amount with a unit after the name, else before it; else the brand's.
  let strength: string | undefined;
  const strengths: { span: Span; text: string }[] = [];
  STRENGTH.lastIndex = 0;
  const region = norm.slice(scope.start, scope.end);
  for (let sm = STRENGTH.exec(region); sm; sm = STRENGTH.exec(region)) {
    const span = { start: scope.start + sm.index, end: scope.start + sm.index + sm[0].length };
    const unit = UNIT_NAMES[sm[2]!] ?? sm[2]!;
    strengths.push({ span, text: `${Number(sm[1])} ${unit}` });
  }
  // After the name; or right before it ("500 mg paracetamol", "500 mg of paracetamol").
  const before = strengths.find((s) => s.span.end <= m.start && /^ ?(?:of )?$/.test(norm.slice(s.span.end, m.start)));
  const chosen = strengths.find((s) => s.span.start >= m.end) ?? (dm.surface.brandStrength ? undefined : before);
  if (chosen) {
    strength = chosen.text;
    take(chosen.span);
    // "mg/5 ml" style concentrations stay together.
    const per = /^ ?\/ ?(\d+(?:\.\d+)?) ?ml/.exec(norm.slice(chosen.span.end, chosen.span.end + 12));
    if (per) {
      strength += `/${Number(per[1])} ml`;
      take({ start: chosen.span.end, end: chosen.span.end + per[0].length });
    }
  } else if (dm.surface.brandStrength) {
    strength = dm.surface.brandStrength;
  } else {
    // "Paracetamol 500": a bare number right after the name. The unit is assumed and flagged.
    const bare = /^ (\d{1,4}(?:\.\d+)?)(?![\d/.]| ?(?:days?|weeks?|times?|hours?))/.exec(norm.slice(m.wordEnd, m.wordEnd + 12));
    const form = lex.drugs.get(name)?.form ?? '';
    const unit = /inhaler|respules|rotacap/.test(form) || /inhaler|puff/.test(norm.slice(m.wordEnd, scope.end)) ? 'mcg' : /tablet|capsule|^$/.test(form) ? 'mg' : undefined;
    if (bare && unit) {
      strength = `${Number(bare[1])} ${unit}`;
      take({ start: m.wordEnd + 1, end: m.wordEnd + bare[0].length });
      notes.push(`The unit of ${name} ${bare[1]} was not said; "${unit}" was assumed. Check before signing.`);
    }
  }

  // Frequency.
  let frequency: string | undefined;
  let perDay: number | undefined;
  let weekly = false;
  EXPLICIT_PATTERN.lastIndex = 0;
  for (let em = EXPLICIT_PATTERN.exec(region); em; em = EXPLICIT_PATTERN.exec(region)) {
    const span = { start: scope.start + em.index, end: scope.start + em.index + em[0].length };
    if (!free(span)) continue;
    frequency = em.slice(1).filter(Boolean).join('-');
    take(span);
    break;
  }
  for (const f of findPhrases<FrequencyData>(norm, ctx.phrases.frequency, lex.numberWords, scope.start, scope.end)) {
    if (!free(f)) continue;
    const d = f.data;
    if (d.weekly) weekly = true;
    else if (d.everyHours && f.n) perDay = Math.round(24 / f.n);
    else if (d.perDay === 'n' && f.n !== undefined) perDay = f.n;
    else if (typeof d.perDay === 'number') perDay = d.perDay;
    take(f);
  }
  let daily = false;
  for (const f of findPhrases(norm, ctx.phrases.perDay, lex.numberWords, scope.start, scope.end)) {
    if (!free(f)) continue;
    daily = true;
    consumed.push(f);
  }
  const slots = new Set<string>();
  for (const f of findPhrases(norm, ctx.phrases.slots, lex.numberWords, scope.start, scope.end)) {
    if (!free(f)) continue;
    slots.add(f.data);
    take(f);
  }
  const sos = findPhrases(norm, ctx.phrases.sos, lex.numberWords, scope.start, scope.end).filter(free);
  sos.forEach(take);
  // "every 6 hours if fever", "வலி வந்தா": taken when a symptom comes, so as needed.
  const symptomInScope = ctx.mentions.some((x) => x.start >= scope.start && x.end <= scope.end && x.surfaces.some((sf) => sf.kind === 'symptom'));
  const conditional = containsWord(norm, [...ctx.words('conditionalWords'), 'when', 'whenever'], scope.start, scope.end) || hasConditionalSuffix(norm.slice(scope.start, scope.end), true);
  if (symptomInScope && conditional) sos.push({ start: scope.start, end: scope.start, data: 'condition' });
  if (!frequency) {
    if (sos.length) frequency = 'SOS';
    else if (weekly) frequency = 'weekly';
    else if (perDay !== undefined) {
      frequency = countPattern(perDay, slots);
      if (!frequency) notes.push(`${name}: ${perDay} times a day; check the dosing pattern.`);
    } else if (slots.size) frequency = slotPattern(slots);
    else if (daily) frequency = '1-0-0';
  }

  // Food timing.
  let timing: Timing | undefined;
  for (const t of findPhrases(norm, ctx.phrases.timing, lex.numberWords, scope.start, scope.end)) {
    if (!free(t)) continue;
    timing ??= t.data as Timing;
    take(t);
  }
  if (!timing && slots.has('night') && /bedtime|hs|தூங்க|పడుకునే/.test(norm.slice(scope.start, scope.end))) timing = 'bedtime';

  // Duration: what is left after frequency words ("ஒரு நாளைக்கு" is per day, not one day).
  // Not a course: "last month" (when something happened) or an hour ("an hour before food").
  const durations = findDurations(ctx, scope.start, scope.end, consumed).filter(
    (d) => d.days >= 1 && !/(?:last|past|ago|back|since) ?$/.test(norm.slice(Math.max(0, d.start - 6), d.start)) && !/^ ?(?:ago|back)\b/.test(norm.slice(d.end, d.end + 6)),
  );
  const duration = durations.find((d) => d.start >= m.end) ?? durations[0];
  if (duration) take(duration);

  // Form and route.
  let form: string | undefined;
  for (const f of findPhrases(norm, ctx.phrases.forms, lex.numberWords, scope.start, scope.end)) {
    form ??= f.data;
  }
  const entry = lex.drugs.get(name);
  form ??= entry?.form;
  let route = entry?.route;
  if (containsWord(norm, ctx.words('topicalWords'), scope.start, scope.end) && !route) route = 'topical';

  let action: Medication['action'] = 'start';
  if (containsWord(norm, ctx.words('inClinicWords'), scope.start, scope.end)) action = 'given-in-clinic';
  else if (containsWord(norm, ctx.words('continueWords'), scope.start, scope.end)) action = 'continue';
  else if (containsWord(norm, ctx.words('addWords'), scope.start, scope.end)) action = 'add';

  // Doses per time ("2 puffs", "ஒரு மாத்திரை") go to the instructions, not the pattern.
  let instructions: string | undefined;
  const dose = /(\d+|one|two|half) (puffs?|tablets?|capsules?|drops?|spoons?|teaspoons?)/.exec(norm.slice(scope.start, scope.end));
  if (dose) instructions = `${dose[1]} ${dose[2]} each time`;

  const med: Medication = {
    name,
    brand: dm.surface.brand,
    strength,
    form,
    route,
    frequency,
    timing,
    durationDays: duration?.days,
    action,
    instructions,
    evidence,
  };
  if (action === 'given-in-clinic') return { kind: 'in-clinic', med };
  return { kind: 'prescribed', med, notes };
}


