import { fileURLToPath } from 'node:url';
import type { Language } from '../../shared/schemas/common';
import { ClinicalNote } from '../../shared/schemas/note';
import { generateNote } from './generate-note';

export const resourcesDir = fileURLToPath(new URL('../../../resources/', import.meta.url));

/** A note from the real offline engine, checked against the schema like every engine output. */
export function note(transcript: string, lang: Language = 'en'): ClinicalNote {
  return ClinicalNote.parse(generateNote(transcript, lang, { resourcesDir, now: new Date('2026-11-24T10:00:00Z') }));
}

export function med(n: ClinicalNote, name: string) {
  return n.soap.plan.medications.find((m) => m.name === name);
}

export function symptom(n: ClinicalNote, name: string) {
  return n.soap.subjective.symptoms.find((s) => s.name === name);
}
