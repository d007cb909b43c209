/**
 * PHI scrubbing before any text leaves the clinic for NER or an LLM: the patient's name, phone
 * numbers, Aadhaar and ABHA numbers, ABHA addresses, e-mail and postal addresses become
 * placeholders ("[PHONE_1]"), and are put back locally in whatever comes back. Clinical numbers
 * (BP 120/80, 650 mg, 100.4, 1-0-1, a platelet count) never match: every identifier pattern
 * needs 10+ digits, an "@", or an address word.
 */

export type PhiKind = 'NAME' | 'PHONE' | 'AADHAAR' | 'ABHA' | 'ABHA_ADDRESS' | 'EMAIL' | 'ADDRESS' | 'PIN';

export interface Replacement {
  kind: PhiKind;
  placeholder: string;
  original: string;
  /** Where it was in the original text. */
  origStart: number;
  origEnd: number;
  /** Where the placeholder is in the scrubbed text. */
  start: number;
  end: number;
}

export interface Scrubbed {
  text: string;
  replacements: Replacement[];
  /** Puts the originals back into text that came back from a cloud engine. */
  restore(text: string): string;
  /** An offset in the scrubbed text → the offset in the original (a placeholder maps to its whole original). */
  toOriginal(pos: number, edge: 'start' | 'end'): number;
}

export interface ScrubOptions {
  /** The patient's name (and any other names known to the clinic: attendant, relatives). */
  names?: readonly string[];
}

interface Hit {
  kind: PhiKind;
  start: number;
  end: number;
}

// A digit run that is part of a larger number, a decimal, a ratio or a date is never an identifier.
const NB = String.raw`(?<![\d.,/:+-])`;
const NA = String.raw`(?![\d]|[.,/:]\d)`;
const PATTERNS: { kind: PhiKind; re: RegExp; group?: number }[] = [
  { kind: 'ABHA_ADDRESS', re: /[A-Za-z0-9._-]+@(?:abdm|sbx)\b/gi },
  { kind: 'EMAIL', re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  // ABHA number: 14 digits, written 2-4-4-4.
  { kind: 'ABHA', re: new RegExp(`${NB}\\d{2}[ -]?\\d{4}[ -]?\\d{4}[ -]?\\d{4}${NA}`, 'g') },
  // Aadhaar: 12 digits (never starting 0 or 1), written 4-4-4.
  { kind: 'AADHAAR', re: new RegExp(`${NB}[2-9]\\d{3}[ -]?\\d{4}[ -]?\\d{4}${NA}`, 'g') },
  // Indian mobile: optional +91 / 0091 / 91 / 0, then 10 digits from 6-9, as one run or 5-5 or 3-3-4.
  {
    kind: 'PHONE',
    re: new RegExp(`${NB}(?:(?:\\+|00)91[ -]?|91[ -]|0)?[6-9](?:\\d{9}|\\d{4}[ -]\\d{5}|\\d{2}[ -]\\d{3}[ -]\\d{4})${NA}`, 'g'),
  },
  // Door / house / flat / plot numbers.
  { kind: 'ADDRESS', re: /\b(?:door|d\.? ?no|h\.? ?no|house|flat|plot|old no|new no)\.?\s*(?:no\.?|number|#)?\s*[:#-]?\s*\d+[A-Za-z]?(?:\s?[/-]\s?\d+[A-Za-z]?)*/gi },
  // "12, Gandhi Street", "MG Road": capitalised words before an English street word, so "fell on the road" stays.
  {
    kind: 'ADDRESS',
    re: /(?:\b\d+[A-Za-z]?(?:\/\d+)?,?\s+)?(?:\b[A-Z][A-Za-z.]*\s+){1,3}(?:[Ss]treet|St\.|[Rr]oad|Rd\.|[Ll]ane|[Aa]venue|[Ee]xtension|[Mm]ain [Rr]oad)\b|\b\d+(?:st|nd|rd|th)\s+(?:[Cc]ross|[Mm]ain|[Bb]lock|[Ss]tage|[Ss]ector)\b/g,
  },
  // "Anna Nagar", "kamaraj salai": Indian address words are never clinical, so any case.
  { kind: 'ADDRESS', re: /(?:\b[A-Za-z][A-Za-z.]*\s+){1,2}(?:nagar|salai|colony|layout|puram|pettai|peta|palem|gudem|veedhi|veethi|theru)\b/gi },
  // The same in Tamil and Telugu script: one or two words before தெரு, நகர், சாலை, వీధి, నగర్, రోడ్డు, కాలనీ.
  { kind: 'ADDRESS', re: /(?:[\p{Script=Tamil}\p{Script=Telugu}]+\s+){1,2}(?:தெரு|நகர்|சாலை|வீதி|వీధి|నగర్|రోడ్డు|రోడ్|కాలనీ|పేట)/gu },
];

/** A 6-digit PIN code counts only next to an address word, "PIN", or a city: a lab value of 150000 stays. */
const PIN = /(?<![\d.,/:+-])[1-9]\d{2} ?\d{3}(?![\d]|[.,/:]\d)/g;
const PIN_CONTEXT =
  /(?:pin|pincode|pin code|postal code|chennai|madurai|coimbatore|trichy|tiruchirappalli|salem|tirunelveli|vellore|hyderabad|secunderabad|vijayawada|visakhapatnam|vizag|guntur|tirupati|warangal|nellore|kurnool|bengaluru|bangalore|puducherry|சென்னை|மதுரை|కోయంబత్తూరు|హైదరాబాద్|విజయవాడ)\W{0,3}$/i;

const HONORIFIC = /\b(?:Mr|Mrs|Ms|Miss|Shri|Sri|Smt|Kumari|Selvi|Thiru|Tmt|Master)\.?\s+([A-Z][a-z]+(?:\s+[A-Z](?:[a-z]+|\.))?)/g;
const NAME_IS = /\b(?:my name is|name is|patient name)\s*:?\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)/gi;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const INDIC = /[\p{Script=Tamil}\p{Script=Telugu}]/u;

function nameHits(text: string, names: readonly string[]): Hit[] {
  const hits: Hit[] = [];
  const forms = new Set<string>();
  for (const n of names) {
    const full = n.trim().replace(/\s+/g, ' ');
    if (full.length < 2) continue;
    forms.add(full);
    // Each part of the name on its own, except initials.
    for (const part of full.split(/[\s.]+/)) if (part.length >= 3) forms.add(part);
  }
  for (const f of [...forms].sort((a, b) => b.length - a.length)) {
    // Tamil/Telugu names take case suffixes (ராமுக்கு): the stem is replaced, the suffix stays.
    const tail = INDIC.test(f) ? '' : String.raw`(?![\p{L}\p{M}\p{N}])`;
    const re = new RegExp(String.raw`(?<![\p{L}\p{M}\p{N}])${escapeRe(f).replace(/ /g, String.raw`\s+`)}${tail}`, 'giu');
    for (const m of text.matchAll(re)) hits.push({ kind: 'NAME', start: m.index, end: m.index + m[0].length });
  }
  return hits;
}

function groupHits(text: string, re: RegExp): Hit[] {
  const out: Hit[] = [];
  for (const m of text.matchAll(re)) {
    const name = m[1]!;
    const start = m.index + m[0].lastIndexOf(name);
    out.push({ kind: 'NAME', start, end: start + name.length });
  }
  return out;
}

/** Finds the identifiers in `text`, earliest and longest first, without overlaps. */
export function findPhi(text: string, opts: ScrubOptions = {}): Hit[] {
  const hits: Hit[] = [];
  for (const { kind, re } of PATTERNS) for (const m of text.matchAll(re)) hits.push({ kind, start: m.index, end: m.index + m[0].length });
  hits.push(...nameHits(text, opts.names ?? []), ...groupHits(text, HONORIFIC), ...groupHits(text, NAME_IS));
  const addresses = hits.filter((h) => h.kind === 'ADDRESS');
  for (const m of text.matchAll(PIN)) {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    const nearAddress = addresses.some((a) => a.end <= m.index && m.index - a.end <= 40);
    if (nearAddress || PIN_CONTEXT.test(before)) hits.push({ kind: 'PIN', start: m.index, end: m.index + m[0].length });
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  for (const h of hits) {
    const last = kept[kept.length - 1];
    if (last && h.start < last.end) {
      // Overlap: parts of one address join; otherwise the longer one stays.
      if (last.kind === h.kind) last.end = Math.max(last.end, h.end);
      else if (h.end - h.start > last.end - last.start) kept[kept.length - 1] = h;
      continue;
    }
    kept.push(h);
  }
  return kept;
}

export function scrubPhi(text: string, opts: ScrubOptions = {}): Scrubbed {
  const hits = findPhi(text, opts);
  const counters = new Map<PhiKind, number>();
  const byOriginal = new Map<string, string>();
  const replacements: Replacement[] = [];
  let out = '';
  let at = 0;
  for (const h of hits) {
    const original = text.slice(h.start, h.end);
    const key = `${h.kind}\u0000${original.toLowerCase().replace(/[\s-]+/g, '')}`;
    let placeholder = byOriginal.get(key);
    if (!placeholder) {
      const n = (counters.get(h.kind) ?? 0) + 1;
      counters.set(h.kind, n);
      placeholder = `[${h.kind}_${n}]`;
      byOriginal.set(key, placeholder);
    }
    out += text.slice(at, h.start);
    replacements.push({ kind: h.kind, placeholder, original, origStart: h.start, origEnd: h.end, start: out.length, end: out.length + placeholder.length });
    out += placeholder;
    at = h.end;
  }
  out += text.slice(at);
  const originals = new Map(replacements.map((r) => [r.placeholder, r.original]));
  return {
    text: out,
    replacements,
    restore: (s) => s.replace(/\[(?:NAME|PHONE|AADHAAR|ABHA|ABHA_ADDRESS|EMAIL|ADDRESS|PIN)_\d+\]/g, (p) => originals.get(p) ?? p),
    toOriginal: (pos, edge) => {
      let delta = 0;
      for (const r of replacements) {
        if (pos <= r.start) break;
        if (pos < r.end) return edge === 'start' ? r.origStart : r.origEnd;
        delta = r.origEnd - r.end;
      }
      return pos + delta;
    },
  };
}
