/**
 * The initial prompt whisper is given: a line in the consultation's own script (which keeps
 * Tamil and Telugu output in their scripts) and the clinic's common drug names (which helps
 * it spell them). Whisper keeps at most ~220 prompt tokens; the prompt is cut to stay well
 * inside that.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../../shared/schemas/common';

/** Common Indian primary-care medicines as doctors say them (generic and brand). */
export const DEFAULT_DRUG_NAMES: readonly string[] = [
  'Paracetamol', 'Dolo 650', 'Crocin', 'Calpol', 'Ibuprofen', 'Combiflam', 'Diclofenac', 'Aceclofenac',
  'Amoxicillin', 'Augmentin', 'Azithromycin', 'Cefixime', 'Ciprofloxacin', 'Doxycycline', 'Metronidazole',
  'Cetirizine', 'Levocetirizine', 'Montelukast', 'Salbutamol', 'Ambroxol', 'Pantoprazole', 'Pan 40',
  'Omeprazole', 'Rabeprazole', 'Ondansetron', 'Domperidone', 'ORS', 'Metformin', 'Glimepiride',
  'Amlodipine', 'Telmisartan', 'Atorvastatin', 'Aspirin', 'Albendazole', 'Vitamin D3', 'B-complex',
  'Iron', 'Folic acid', 'Calcium',
];

const LEAD: Record<Language, string> = {
  ta: 'மருத்துவர் நோயாளியிடம் தமிழில் பேசுகிறார். மருந்துகள்:',
  te: 'డాక్టర్ రోగితో తెలుగులో మాట్లాడుతున్నారు. మందులు:',
  en: 'A doctor talks with a patient. Medicines:',
};

/** Bytes, not characters: whisper's tokenizer spends about one token per 2–4 bytes of Indic text. */
const MAX_PROMPT_BYTES = 480;

export function buildPrompt(language: Language, drugNames: readonly string[] = DEFAULT_DRUG_NAMES): string {
  let prompt = LEAD[language];
  for (const name of drugNames) {
    const clean = name.replace(/\s+/g, ' ').trim();
    if (!clean) continue;
    const next = `${prompt} ${clean},`;
    if (Buffer.byteLength(next, 'utf8') > MAX_PROMPT_BYTES) break;
    prompt = next;
  }
  return prompt.replace(/,$/, '.');
}

const UNITS = ['mg', 'mcg', 'ml', 'g', 'kg', 'iu', 'tab', 'tablet', 'tablets', 'cap', 'capsule', 'syrup', 'drops', 'od', 'bd', 'tds', 'tid', 'qid', 'hs', 'sos', 'stat', 'bp', 'spo2', 'ecg', 'cbc', 'esr', 'crp', 'hba1c', 'tsh', 'x-ray', 'xray', 'ct', 'mri', 'usg', 'ors', 'iv', 'im', 'inj', 'injection', 'dr', 'doctor', 'ok', 'okay', 'sugar', 'test', 'scan', 'report'];

const lexiconCache = new Map<string, Set<string>>();

/**
 * Latin-script words allowed inside Tamil/Telugu segments: drug names (the prompt list and
 * the drug lexicon's generic, alias and brand names), units and common clinical abbreviations.
 */
export function latinAllowlist(drugNames: readonly string[] = DEFAULT_DRUG_NAMES, resourcesDir?: string): Set<string> {
  const words = new Set(UNITS);
  const add = (s: string) => {
    for (const w of s.toLowerCase().split(/[^a-z0-9-]+/)) if (/[a-z]/.test(w)) words.add(w);
  };
  drugNames.forEach(add);
  if (resourcesDir) for (const w of lexiconWords(resourcesDir)) words.add(w);
  return words;
}

function lexiconWords(resourcesDir: string): Set<string> {
  const cached = lexiconCache.get(resourcesDir);
  if (cached) return cached;
  const words = new Set<string>();
  const path = join(resourcesDir, 'lexicons', 'drugs.tsv');
  if (existsSync(path)) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const [generic = '', aliases = '', brands = ''] = line.split('\t');
      const names = [generic, ...aliases.split('|'), ...brands.split('|').map((b) => b.split('=')[0] ?? '')];
      for (const n of names) for (const w of n.toLowerCase().split(/[^a-z0-9-]+/)) if (/[a-z]/.test(w)) words.add(w);
    }
  }
  lexiconCache.set(resourcesDir, words);
  return words;
}
