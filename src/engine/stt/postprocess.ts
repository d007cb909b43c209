/**
 * What whisper says is checked before anyone reads it:
 * - made-up text over silence is dropped (segments with almost no speech under them; subtitle
 *   credits and filler such as "Thanks for watching", "[Music]", "சப்டைட்டில்"; "Thank you."
 *   and the like when there is little speech under them; the same line again and again);
 * - a word or phrase looping inside a segment is collapsed to one and flagged;
 * - the script must match the language: Tamil audio must come back in Tamil script (Latin
 *   drug names, units and numbers allowed), Telugu in Telugu, else the segment is flagged.
 * Only counts are reported, never the text (no transcript in logs).
 */
import type { EngineName, Language } from '../../shared/schemas/common';
import type { TranscriptSegment } from '../../shared/schemas/domain';

export interface RawSegment {
  startMs: number;
  endMs: number;
  text: string;
}

export interface DropCounts {
  empty: number;
  silence: number;
  filler: number;
  repeat: number;
}

export interface CleanOptions {
  language: Language;
  engine: EngineName;
  /** Fraction 0..1 of the time range judged speech by the VAD. */
  coverage: (startMs: number, endMs: number) => number;
  /** Latin words allowed in Tamil/Telugu segments (drug names, units). */
  latinAllowed: Set<string>;
}

/** Always made up: subtitle credits and channel sign-offs whisper learnt from video subtitles. */
const ALWAYS_FILLER = [
  'thanks for watching', 'thank you for watching', 'thank you so much for watching', 'please subscribe', 'subscribe to my channel',
  'like and subscribe', 'dont forget to subscribe', 'subtitles by the amara org community', 'amara org', 'subtitles by',
  'சப்டைட்டில்', 'சப்டைட்டில்ஸ்', 'சப்ஸ்கிரைப்', 'சப்ஸ்க்ரைப் பண்ணுங்க', 'సబ్‌స్క్రైబ్', 'సబ్ స్క్రైబ్', 'సబ్స్క్రైబ్',
];
/** Made up when there is little speech under them (a real "thank you" is kept). */
const QUIET_FILLER = ['thank you', 'thanks', 'thank you very much', 'you', 'bye', 'bye bye', 'okay', 'ok', 'நன்றி', 'நன்றி வணக்கம்', 'ధన్యవాదాలు', 'ధన్యవాదములు', 'ధన్యవాదం'];

const norm = (s: string) =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const BRACKETED = /^[\s♪♫*~-]*[[(（【][^\])）】]*[\])）】][\s♪♫*~.-]*$|^[\s♪♫*~.-]+$/u;

export function isFiller(text: string, coverage: number): boolean {
  if (BRACKETED.test(text)) return true;
  const n = norm(text);
  if (ALWAYS_FILLER.some((f) => n === f || n.startsWith(`${f} `) || n.endsWith(` ${f}`))) return true;
  return coverage < 0.5 && QUIET_FILLER.includes(n);
}

/** Collapses a word or short phrase repeated 4+ times in a row; returns the text and whether it changed. */
export function collapseLoops(text: string): { text: string; collapsed: boolean } {
  const words = text.trim().split(/\s+/);
  for (let n = 1; n <= 4; n++) {
    for (let i = 0; i + 4 * n <= words.length; i++) {
      const unit = words.slice(i, i + n).join(' ');
      let reps = 1;
      while (words.slice(i + reps * n, i + (reps + 1) * n).join(' ') === unit) reps++;
      if (reps >= 4) {
        const kept = [...words.slice(0, i + n), ...words.slice(i + reps * n)].join(' ');
        return { text: collapseLoops(kept).text, collapsed: true };
      }
    }
  }
  return { text: text.trim(), collapsed: false };
}

const SCRIPT_NAMES: [RegExp, string][] = [
  [/\p{Script=Tamil}/u, 'Tamil'], [/\p{Script=Telugu}/u, 'Telugu'], [/\p{Script=Latin}/u, 'Latin'], [/\p{Script=Devanagari}/u, 'Devanagari'],
  [/\p{Script=Malayalam}/u, 'Malayalam'], [/\p{Script=Kannada}/u, 'Kannada'], [/\p{Script=Bengali}/u, 'Bengali'], [/\p{Script=Arabic}/u, 'Arabic'],
];

function scriptOf(ch: string): string {
  for (const [re, name] of SCRIPT_NAMES) if (re.test(ch)) return name;
  return 'other';
}

/** Why a segment's script does not fit its language, or undefined when it does. */
export function scriptFlag(text: string, language: Language, latinAllowed: Set<string>): string | undefined {
  const counts = new Map<string, number>();
  for (const ch of text.match(/\p{L}/gu) ?? []) counts.set(scriptOf(ch), (counts.get(scriptOf(ch)) ?? 0) + 1);
  const latin = counts.get('Latin') ?? 0;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (!total) return undefined;
  if (language === 'en') {
    return latin / total < 0.5 ? `script: expected English (Latin script), got mostly ${dominant(counts, 'Latin')}` : undefined;
  }
  const expected = language === 'ta' ? 'Tamil' : 'Telugu';
  const native = counts.get(expected) ?? 0;
  const other = total - native - latin;
  if (other > native) return `script: expected ${expected} script, got ${dominant(counts, 'Latin', expected)}`;
  const unknownLatin = (text.toLowerCase().match(/[a-z][a-z0-9-]*/g) ?? []).filter((w) => !latinAllowed.has(w));
  if (native === 0 && unknownLatin.length) return `script: expected ${expected} script, got Latin (transliterated or translated?)`;
  if (unknownLatin.join('').length > native) return `script: mostly Latin words in a ${expected} consultation`;
  return undefined;
}

function dominant(counts: Map<string, number>, ...except: string[]): string {
  return [...counts.entries()].filter(([k]) => !except.includes(k)).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'another script';
}

export function cleanSegments(raw: RawSegment[], o: CleanOptions): { segments: TranscriptSegment[]; dropped: DropCounts } {
  const dropped: DropCounts = { empty: 0, silence: 0, filler: 0, repeat: 0 };
  const segments: TranscriptSegment[] = [];
  for (const r of raw) {
    const coverage = o.coverage(r.startMs, r.endMs);
    const { text, collapsed } = collapseLoops(r.text.normalize('NFC'));
    if (!norm(text)) {
      dropped.empty++;
      continue;
    }
    if (coverage < 0.1) {
      dropped.silence++;
      continue;
    }
    if (isFiller(text, coverage)) {
      dropped.filler++;
      continue;
    }
    const prev = segments.at(-1);
    if (prev && norm(prev.text) === norm(text) && r.startMs - prev.endMs < 10_000) {
      dropped.repeat++;
      continue;
    }
    const flags = [collapsed ? 'repetition: a repeated word or phrase was collapsed' : undefined, scriptFlag(text, o.language, o.latinAllowed)].filter(Boolean);
    segments.push({ startMs: Math.round(r.startMs), endMs: Math.round(r.endMs), text, language: o.language, engine: o.engine, ...(flags.length ? { flagged: flags.join('; ') } : {}) });
  }
  return { segments, dropped };
}
