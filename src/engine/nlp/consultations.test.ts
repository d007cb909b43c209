/**
 * Whole consultations of our own (other diseases and drugs than the evaluation set) with the
 * facts a correct note must hold: a regression suite for generalisation and clinical safety.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/schemas/common';
import { note } from './test-helpers';

interface Expect {
  symptoms?: [string, number | null][];
  negated?: string[];
  allergies?: string[];
  medications?: { name: string; strength?: string; frequency?: string; durationDays?: number; timing?: string }[];
  forbidden?: string[];
  diagnoses?: string[];
  investigations?: string[];
  followUpDays?: number;
  vitals?: Record<string, number>;
}
const cases = JSON.parse(readFileSync(new URL('./fixtures/consultations.json', import.meta.url), 'utf8')) as { id: string; language: Language; transcript: string; expect: Expect }[];

describe.each(cases)('$id', ({ transcript, language, expect: want }) => {
  const n = note(transcript, language);
  const s = n.soap;
  it('symptoms, pertinent negatives and allergies', () => {
    for (const [name, days] of want.symptoms ?? []) {
      const got = s.subjective.symptoms.find((x) => x.name === name && !x.negated);
      expect(got, `symptom ${name}`).toBeDefined();
      if (days !== null) expect(got?.durationDays, `duration of ${name}`).toBe(days);
    }
    for (const name of want.negated ?? []) {
      expect(s.subjective.symptoms.find((x) => x.name === name)?.negated, `negated ${name}`).toBe(true);
    }
    expect(s.subjective.allergies.map((a) => a.substance)).toEqual(want.allergies ?? []);
  });
  it('prescription', () => {
    for (const m of want.medications ?? []) {
      const got = s.plan.medications.find((x) => x.name === m.name);
      expect(got, `medication ${m.name}`).toBeDefined();
      expect(got).toMatchObject(m);
    }
    for (const f of want.forbidden ?? []) expect(s.plan.medications.map((x) => x.name)).not.toContain(f);
    // Nothing invented: every strength in the plan was said.
    for (const m of s.plan.medications) {
      if (m.strength) expect(transcript.toLowerCase()).toContain(m.strength.split(' ')[0]!);
    }
  });
  it('assessment, investigations, follow-up and vitals', () => {
    for (const d of want.diagnoses ?? []) expect(s.assessment.diagnoses.map((x) => x.name)).toContain(d);
    for (const i of want.investigations ?? []) expect(s.plan.investigations.map((x) => x.name)).toContain(i);
    expect(s.plan.followUpDays).toBe(want.followUpDays);
    expect(s.objective.vitals).toMatchObject(want.vitals ?? {});
  });
});
