import type { LlmNote } from '../../cloud/soap-schema';

type Med = LlmNote['medications'][number];

/** A complete LlmNote (every property present, as strict mode returns it) from the parts a test cares about. */
export function llmNote(parts: Partial<LlmNote> = {}): LlmNote {
  return {
    chiefComplaint: '',
    history: '',
    symptoms: [],
    allergies: [],
    noKnownAllergies: false,
    vitals: {
      temperatureF: null,
      temperatureC: null,
      systolic: null,
      diastolic: null,
      pulse: null,
      spo2: null,
      respiratoryRate: null,
      weightKg: null,
      heightCm: null,
      fastingSugar: null,
      postprandialSugar: null,
      randomSugar: null,
    },
    examination: [],
    diagnoses: [],
    medications: [],
    investigations: [],
    advice: [],
    followUpDays: null,
    followUpText: null,
    avoid: [],
    previousMedications: [],
    noMedicalContent: false,
    ...parts,
  };
}

export function med(parts: Partial<Med> & { name: string }): Med {
  return { brand: null, strength: null, form: null, route: null, frequency: null, timing: null, durationDays: null, action: 'start', instructions: null, ...parts };
}
