import type { ClinicalNote, Diagnosis, Icd10 } from '../../shared/schemas/note';
import { ExportInputError } from './clinic';

/** The doctor's ICD-10 choices: diagnosis name → code ("" or "none" removes the code). */
export type Icd10Choices = Record<string, string>;

/** Finds the title of a code the doctor typed, e.g. from the diagnosis lexicon. */
export type Icd10Lookup = (code: string) => string | undefined;

// ICD-10 (WHO): a letter, two digits, and an optional dot with up to four more characters.
const ICD10 = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

export function normaliseIcd10(code: string): string {
  const c = code.trim().toUpperCase();
  // "K297" is how many people type K29.7.
  return /^[A-Z][0-9][0-9A-Z][0-9A-Z]{1,4}$/.test(c) ? `${c.slice(0, 3)}.${c.slice(3)}` : c;
}

export function isIcd10(code: string): boolean {
  return ICD10.test(code);
}

function chosen(d: Diagnosis, code: string, lookup: Icd10Lookup | undefined): Icd10 {
  const known = [...(d.icd10 ? [d.icd10] : []), ...d.icd10Suggestions].find((s) => normaliseIcd10(s.code) === code);
  return { code, title: known?.title ?? lookup?.(code) ?? '' };
}

/**
 * The note with the doctor's ICD-10 choices applied, so the PDF and the FHIR bundles carry the
 * same codes. A choice for a diagnosis the note does not have, or a code that is not ICD-10,
 * is refused with a sentence rather than silently ignored.
 */
export function applyIcd10Choices(note: ClinicalNote, choices: Icd10Choices = {}, lookup?: Icd10Lookup): ClinicalNote {
  const entries = Object.entries(choices);
  if (entries.length === 0) return note;
  const byName = new Map(note.soap.assessment.diagnoses.map((d) => [d.name.trim().toLowerCase(), d]));
  const picked = new Map<Diagnosis, Icd10 | null>();
  for (const [name, raw] of entries) {
    const d = byName.get(name.trim().toLowerCase());
    if (!d) {
      const have = [...byName.keys()];
      throw new ExportInputError(`there is no diagnosis "${name}" in this note${have.length ? ` (it has: ${have.join(', ')})` : ''}.`);
    }
    if (/^(|none|-)$/i.test(raw.trim())) {
      picked.set(d, null);
      continue;
    }
    const code = normaliseIcd10(raw);
    if (!isIcd10(code)) throw new ExportInputError(`"${raw}" is not an ICD-10 code (like K29.7) for "${d.name}".`);
    picked.set(d, chosen(d, code, lookup));
  }
  const diagnoses = note.soap.assessment.diagnoses.map((d) => {
    if (!picked.has(d)) return d;
    const icd10 = picked.get(d);
    const suggestions = [...d.icd10Suggestions];
    if (d.icd10 && !suggestions.some((s) => s.code === d.icd10?.code)) suggestions.unshift(d.icd10);
    return { ...d, icd10: icd10 ?? undefined, icd10Suggestions: suggestions };
  });
  return { ...note, soap: { ...note.soap, assessment: { ...note.soap.assessment, diagnoses } } };
}
