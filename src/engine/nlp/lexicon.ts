import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isIndic } from './text';

/** One surface form of a lexicon entry, as the matcher sees it. */
export type LexKind = 'drug' | 'symptom' | 'investigation' | 'diagnosis' | 'allergen';

export interface DrugEntry {
  generic: string;
  form?: string;
  route?: string;
  drugClass: string;
}
export interface SymptomEntry {
  name: string;
  kind: 'symptom' | 'sign';
}
export interface DiagnosisEntry {
  name: string;
  icd10: string;
  icd10Title: string;
}

export interface BodyPart {
  form: string;
  pain: string;
  swelling: string;
}

export interface Surface {
  kind: LexKind;
  /** Canonical English name. */
  name: string;
  /** Set when the surface form is a brand that implies a strength ("Dolo 650" → "650 mg"). */
  brandStrength?: string;
  brand?: string;
}

const NumberMap = z.record(z.string(), z.number());
const Grammar = z.object({
  numbers: NumberMap,
  durationUnits: z.object({ hour: z.array(z.string()), day: z.array(z.string()), week: z.array(z.string()), month: z.array(z.string()), year: z.array(z.string()) }),
  yesterday: z.array(z.string()),
  perDayWords: z.array(z.string()),
  frequency: z.array(
    z.object({
      p: z.string(),
      perDay: z.union([z.number(), z.literal('n')]).optional(),
      everyHours: z.literal('n').optional(),
      weekly: z.boolean().optional(),
    }),
  ),
  slots: z.object({ morning: z.array(z.string()), noon: z.array(z.string()), night: z.array(z.string()) }),
  sos: z.array(z.string()),
  stat: z.array(z.string()),
  timing: z.record(z.string(), z.array(z.string())),
  forms: z.record(z.string(), z.array(z.string())),
  topicalWords: z.array(z.string()),
  negationBefore: z.array(z.string()),
  negationAfter: z.array(z.string()),
  negationAfterExceptions: z.array(z.string()),
  answerNo: z.array(z.string()),
  answerYes: z.array(z.string()),
  questionWords: z.array(z.string()),
  clauseBreaks: z.array(z.string()),
  conditionalWords: z.array(z.string()),
  forbidBefore: z.array(z.string()),
  forbidAfter: z.array(z.string()),
  continueWords: z.array(z.string()),
  addWords: z.array(z.string()),
  inClinicWords: z.array(z.string()),
  pastWords: z.array(z.string()),
  followUpWords: z.array(z.string()),
  followUpMarkers: z.array(z.string()),
  orderWords: z.array(z.string()),
  diagnosisCues: z.array(z.string()),
  allergyWords: z.array(z.string()),
  pronouns: z.array(z.string()),
  negatedForbid: z.array(z.string()),
  adviceWords: z.array(z.string()),
  fillers: z.array(z.string()),
});
export type Grammar = z.infer<typeof Grammar>;

interface TrieNode {
  next: Map<string, TrieNode>;
  /** Entries ending here. */
  out?: Surface[];
  /** True when every form ending here is in an Indic script (suffixes may follow). */
  indic?: boolean;
}

export interface Lexicon {
  grammar: Grammar;
  trie: TrieNode;
  drugs: Map<string, DrugEntry>;
  symptoms: Map<string, SymptomEntry>;
  diagnoses: Map<string, DiagnosisEntry>;
  investigations: Set<string>;
  /** Allergen name → drug classes it covers (for allergy cross-checks). */
  allergens: Map<string, string[]>;
  /** Every surface form of every allergen, normalised: allergies are looked up inside phrases like "dust allergy". */
  allergenForms: [string, string][];
  /** Body-part forms (normalised stems, longest first) with the symptom names for their pain and swelling. */
  bodyParts: BodyPart[];
  numberWords: Map<string, number>;
  /** Words dropped from transcripts and forms before matching ("very", "the", "ரொம்ப"). */
  fillers: ReadonlySet<string>;
  sizes: Record<LexKind, number>;
}

/** Rows of a tab-separated lexicon file; `#` lines are the header and comments. */
function readTsv(path: string, columns: number): string[][] {
  const rows: string[][] = [];
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const cells = line.split('\t').map((c) => c.trim());
    while (cells.length < columns) cells.push('');
    rows.push(cells);
  }
  return rows;
}

const list = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);

/** The matching form of a lexicon word: the same folding the transcript gets. */
export function normForm(s: string, drop?: ReadonlySet<string>): string {
  const f = s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u200C\u200D]/g, '')
    .replace(/[\s\-_–—"“”'‘’()]+/g, ' ')
    .trim();
  // Filler words are dropped from the transcript, so they are dropped from the forms too.
  return drop?.size ? f.split(' ').filter((w) => !drop.has(w)).join(' ') : f;
}

/**
 * Tamil and Telugu words take suffixes that change their last letter (காய்ச்சல் → காய்ச்சலும்,
 * నొప్పి → నొప్పులు), so an Indic form is stored without its final pulli/virama, and a Telugu
 * form also without its final vowel sign or anusvara when enough of the stem is left.
 */
export function stemForm(f: string): string {
  if (/[\u0BCD]$/.test(f)) return f.slice(0, -1);
  // Tamil words in -உ drop it before a vowel suffix: சோர்வு → சோர்வா.
  if (/[\u0BC1]$/.test(f) && f.split(' ').pop()!.length >= 5) return f.slice(0, -1);
  if (/[\u0C3E-\u0C4D\u0C02]$/.test(f) && f.split(' ').pop()!.length >= 6) return f.slice(0, -1);
  return f;
}

/** Roots of "be", "come", "go", "do": too common to stand for the end of a symptom phrase. */
const GENERIC_ROOTS = ['இரு', 'வரு', 'வந்', 'போ', 'செய்', 'பண்', 'ఉం', 'ఉన్', 'వస్', 'వచ్', 'అవు', 'పో', 'చేయ', 'చేస'];

function addForm(trie: TrieNode, form: string, surface: Surface, fillers: ReadonlySet<string>): void {
  const full = normForm(form, fillers);
  insert(trie, stemForm(full), surface);
  // Tamil and Telugu verbs inflect at the end of a phrase (బరువు పెరగడం → బరువు పెరుగుతోంది,
  // முடி கொட்டுது → முடி கொட்டுகிறது): the last word of a multi-word phrase also matches by its root.
  const words = full.split(' ');
  const last = words[words.length - 1] ?? '';
  if (words.length >= 2 && isIndic(last) && last.length >= 5) {
    const root = last.slice(0, Math.max(3, Math.ceil(last.length / 2)));
    if (!GENERIC_ROOTS.some((g) => g.startsWith(root) || root.startsWith(g))) insert(trie, [...words.slice(0, -1), root].join(' '), surface);
  }
}

function insert(trie: TrieNode, f: string, surface: Surface): void {
  if (f.length < 2) return;
  let node = trie;
  for (const ch of f) {
    let nxt = node.next.get(ch);
    if (!nxt) {
      nxt = { next: new Map() };
      node.next.set(ch, nxt);
    }
    node = nxt;
  }
  node.out ??= [];
  if (!node.out.some((o) => o.kind === surface.kind && o.name === surface.name)) node.out.push(surface);
  node.indic = isIndic(f);
}

/** Ambiguous words that name a measurement more often than a disease ("BP 140/90", "sugar 180"). */
const NOT_DIAGNOSIS_FORMS = new Set(['bp', 'b p', 'sugar', 'பிபி', 'சுகர்', 'బీపీ', 'బిపి', 'షుగర్', 'fever', 'cold', 'cough', 'pain']);

/** An alias that names an amount ("60000 iu", "vitamin d 60000") carries it, as a brand does. */
function strengthInForm(form: string): string | undefined {
  const m = /(\d+(?:\.\d+)?) ?(mg|mcg|iu|ml|g)\b/i.exec(form);
  if (m) return `${Number(m[1])} ${m[2]!.toLowerCase() === 'iu' ? 'IU' : m[2]!.toLowerCase()}`;
  return undefined;
}

const cache = new Map<string, Lexicon>();

export function loadLexicon(resourcesDir: string): Lexicon {
  const hit = cache.get(resourcesDir);
  if (hit) return hit;
  const dir = join(resourcesDir, 'lexicons');
  const grammar = Grammar.parse(JSON.parse(readFileSync(join(dir, 'grammar.json'), 'utf8')));
  const trie: TrieNode = { next: new Map() };
  const fillers: ReadonlySet<string> = new Set(grammar.fillers.map((f) => normForm(f)));
  const drugs = new Map<string, DrugEntry>();
  const symptoms = new Map<string, SymptomEntry>();
  const diagnoses = new Map<string, DiagnosisEntry>();
  const investigations = new Set<string>();
  const allergens = new Map<string, string[]>();
  const allergenForms: [string, string][] = [];

  for (const [generic, aliases, brands, form, route, drugClass] of readTsv(join(dir, 'drugs.tsv'), 6)) {
    if (!generic) continue;
    const name = generic.toLowerCase();
    drugs.set(name, { generic: name, form: form || undefined, route: route || undefined, drugClass: (drugClass ?? '').toLowerCase() });
    const forms = new Set([name, ...list(aliases)]);
    // "calcium + vitamin d3" is said "calcium with vitamin d3" or "calcium and vitamin d3".
    if (name.includes(' + ')) {
      forms.add(name.replaceAll(' + ', ' with '));
      forms.add(name.replaceAll(' + ', ' and '));
      forms.add(name.replaceAll(' + ', ' '));
    }
    for (const f of forms) addForm(trie, f, { kind: 'drug', name, brandStrength: strengthInForm(f) }, fillers);
    for (const b of list(brands)) {
      const [brand, strength] = b.split('=').map((s) => s.trim());
      // A strength is taken from the brand only when the name says it ("Dolo 650"); "Levolin" alone
      // does not tell the dose, and MedScribe never fills in a dose the doctor did not say.
      if (brand) addForm(trie, brand, { kind: 'drug', name, brand, brandStrength: strength && /\d/.test(brand) ? strength : undefined }, fillers);
    }
  }
  for (const [canonical, en, ta, te, kind] of readTsv(join(dir, 'symptoms.tsv'), 5)) {
    if (!canonical) continue;
    const name = canonical.toLowerCase();
    symptoms.set(name, { name, kind: kind === 'sign' ? 'sign' : 'symptom' });
    for (const f of new Set([name, ...list(en), ...list(ta), ...list(te)])) addForm(trie, f, { kind: 'symptom', name }, fillers);
  }
  for (const [canonical, aliases, ta, te] of readTsv(join(dir, 'investigations.tsv'), 5)) {
    if (!canonical) continue;
    const name = canonical.toLowerCase();
    investigations.add(name);
    for (const f of new Set([name, ...list(aliases), ...list(ta), ...list(te)])) addForm(trie, f, { kind: 'investigation', name }, fillers);
  }
  for (const [canonical, icd10, title, aliases, ta, te] of readTsv(join(dir, 'diagnoses.tsv'), 6)) {
    if (!canonical) continue;
    const name = canonical.toLowerCase();
    diagnoses.set(name, { name, icd10: icd10 ?? '', icd10Title: title ?? '' });
    for (const f of new Set([name, ...list(aliases), ...list(ta), ...list(te)])) {
      if (!NOT_DIAGNOSIS_FORMS.has(normForm(f, fillers))) addForm(trie, f, { kind: 'diagnosis', name }, fillers);
    }
  }
  for (const [substance, forms, classes] of readTsv(join(dir, 'allergens.tsv'), 3)) {
    if (!substance) continue;
    const name = substance.toLowerCase();
    allergens.set(name, list(classes).map((c) => c.toLowerCase()));
    for (const f of new Set([name, ...list(forms)])) {
      addForm(trie, f, { kind: 'allergen', name }, fillers);
      allergenForms.push([stemForm(normForm(f, fillers)), name]);
    }
  }

  const bodyParts: BodyPart[] = [];
  for (const [, en, ta, te, pain, swelling] of readTsv(join(dir, 'body-parts.tsv'), 6)) {
    for (const f of [...list(en), ...list(ta), ...list(te)]) {
      const form = stemForm(normForm(f, fillers));
      if (form && pain && swelling) bodyParts.push({ form, pain, swelling });
    }
  }
  // Longest first: "lower back" before "back", "கணுக்கால்" before "கால்".
  bodyParts.sort((a, b) => b.form.length - a.form.length);

  const numberWords = new Map(Object.entries(grammar.numbers).map(([k, v]) => [normForm(k), v]));
  const lex: Lexicon = {
    grammar,
    trie,
    drugs,
    symptoms,
    diagnoses,
    investigations,
    allergens,
    allergenForms,
    bodyParts,
    numberWords,
    fillers,
    sizes: { drug: drugs.size, symptom: symptoms.size, investigation: investigations.size, diagnosis: diagnoses.size, allergen: allergens.size },
  };
  cache.set(resourcesDir, lex);
  return lex;
}

export type { TrieNode };
