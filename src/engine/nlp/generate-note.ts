import type { Language } from '../../shared/schemas/common';
import type { ClinicalNote } from '../../shared/schemas/note';

export interface NoteOptions {
  resourcesDir: string;
  now?: Date;
}

// INTERIM: replaced by the offline clinical engine (issue 3) in the next commit.
export function generateNote(transcript: string, language: Language, opts: NoteOptions): ClinicalNote {
  void transcript;
  void opts;
  return {
    schemaVersion: 1,
    language,
    createdAt: new Date().toISOString(),
    chiefComplaint: '',
    soap: {
      subjective: { chiefComplaint: '', history: '', symptoms: [], allergies: [], noKnownAllergies: false },
      objective: { vitals: { evidence: {} }, examination: [] },
      assessment: { diagnoses: [] },
      plan: { medications: [], investigations: [], advice: [], avoid: [] },
    },
    flags: [],
    noMedicalContent: true,
    engines: { entities: 'offline-rules', soap: 'offline-rules' },
  };
}
