import { beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../shared/schemas/common';
import { ClinicalNote } from '../../shared/schemas/note';
import { type LlmNote, toClinicalNote } from '../cloud/soap-schema';
import { generateNote } from '../nlp/generate-note';
import { fixtureResources } from '../pipeline/testing/lexicon-fixture';
import { llmNote, med } from '../pipeline/testing/llm-note';
import { groundNote } from './grounding';

let resourcesDir: string;
beforeAll(() => {
  resourcesDir = fixtureResources();
});

const now = new Date('2026-11-24T10:00:00Z');
function ground(transcript: string, llm: LlmNote, language: Language = 'en') {
  const offline = generateNote(transcript, language, { resourcesDir, now });
  const draft = toClinicalNote(llm, language, now).note;
  const out = groundNote({ draft, transcript, offline, resourcesDir });
  return { note: ClinicalNote.parse(out.note), flags: out.flags, codes: out.flags.map((f) => `${f.severity}:${f.code}`) };
}

const EN = 'Fever for 3 days with headache. BP 120/80, temperature 100.4 F. Dolo 650 1-0-1 after food for 5 days. Avoid ibuprofen. Review after 5 days.';
const honest = () =>
  llmNote({
    symptoms: [
      { name: 'fever', negated: false, durationDays: 3, durationText: null },
      { name: 'headache', negated: false, durationDays: null, durationText: null },
    ],
    vitals: { ...llmNote().vitals, systolic: 120, diastolic: 80, temperatureF: 100.4 },
    medications: [med({ name: 'paracetamol', brand: 'Dolo 650', strength: '650 mg', frequency: '1-0-1', timing: 'after food', durationDays: 5 })],
    avoid: ['ibuprofen'],
    followUpDays: 5,
  });

describe('grounding check', () => {
  it('keeps a note whose every drug, dose and number is in the transcript, with evidence spans', () => {
    const { note, flags } = ground(EN, honest());
    expect(flags.filter((f) => f.severity === 'danger')).toEqual([]);
    const [para] = note.soap.plan.medications;
    expect(para).toMatchObject({ name: 'paracetamol', strength: '650 mg', durationDays: 5, frequency: '1-0-1' });
    expect(para!.evidence.map((e) => e.text)).toEqual(['Dolo 650', '5']);
    expect(EN.slice(para!.evidence[0]!.start, para!.evidence[0]!.end)).toBe('Dolo 650');
    expect(note.soap.objective.vitals).toMatchObject({ systolic: 120, diastolic: 80, temperatureF: 100.4 });
    expect(note.soap.objective.vitals.evidence.temperatureF?.text).toBe('100.4');
    expect(note.soap.plan.followUpDays).toBe(5);
  });

  it('removes an invented drug and raises a danger flag', () => {
    const llm = honest();
    llm.medications.push(med({ name: 'azithromycin', strength: '500 mg', frequency: '1-0-0', durationDays: 3 }));
    const { note, flags } = ground(EN, llm);
    expect(note.soap.plan.medications.map((m) => m.name)).toEqual(['paracetamol']);
    expect(flags).toContainEqual(expect.objectContaining({ severity: 'danger', code: 'ungrounded-drug', message: expect.stringContaining('azithromycin 500 mg') }));
  });

  it('removes an invented dose or duration but keeps the drug, with danger flags', () => {
    const llm = honest();
    llm.medications[0] = med({ name: 'paracetamol', strength: '1000 mg', frequency: '1-0-1', durationDays: 7 });
    const { note, codes } = ground(EN, llm);
    expect(note.soap.plan.medications[0]).toMatchObject({ name: 'paracetamol' });
    expect(note.soap.plan.medications[0]!.strength).toBeUndefined();
    expect(note.soap.plan.medications[0]!.durationDays).toBeUndefined();
    expect(codes).toEqual(expect.arrayContaining(['danger:ungrounded-strength', 'danger:ungrounded-duration']));
  });

  it('removes an invented vital and follow-up, and an implausible one', () => {
    const llm = honest();
    llm.vitals = { ...llm.vitals, pulse: 96, spo2: 120 };
    llm.followUpDays = 14;
    const { note, codes } = ground(EN, llm);
    expect(note.soap.objective.vitals.pulse).toBeUndefined();
    expect(note.soap.objective.vitals.spo2).toBeUndefined();
    expect(note.soap.plan.followUpDays).toBeUndefined();
    expect(codes).toEqual(expect.arrayContaining(['danger:ungrounded-vital', 'warning:implausible-vital', 'danger:ungrounded-follow-up']));
  });

  it('counts a brand for its generic, and its strength only when the brand says it (Pan 40)', () => {
    const t = 'Acidity for a week. Pan 40 before food for 14 days.';
    const { note, codes } = ground(t, llmNote({ medications: [med({ name: 'pantoprazole', brand: 'Pan 40', strength: '40 mg', frequency: '1-0-0', durationDays: 14 })] }));
    expect(note.soap.plan.medications[0]).toMatchObject({ name: 'pantoprazole', strength: '40 mg', durationDays: 14 });
    expect(note.soap.plan.medications[0]!.evidence.map((e) => e.text)).toEqual(['Pan 40', '14']);
    expect(codes.filter((c) => c.startsWith('danger'))).toEqual([]);
    // "Crocin" alone does not say a dose: a model's "500 mg" is not grounded.
    const crocin = ground('Headache since morning. Crocin one tablet SOS.', llmNote({ medications: [med({ name: 'paracetamol', strength: '500 mg', frequency: 'SOS' })] }));
    expect(crocin.note.soap.plan.medications[0]).toMatchObject({ name: 'paracetamol', frequency: 'SOS' });
    expect(crocin.note.soap.plan.medications[0]!.strength).toBeUndefined();
    expect(crocin.codes).toContain('danger:ungrounded-strength');
  });

  it('reads durations with their unit: "2 weeks" supports 14 days, not 2', () => {
    const t = 'Amlodipine 5 mg 1-0-0 for 2 weeks.';
    const ok = ground(t, llmNote({ medications: [med({ name: 'amlodipine', strength: '5 mg', frequency: '1-0-0', durationDays: 14 })] }));
    expect(ok.note.soap.plan.medications[0]!.durationDays).toBe(14);
    const wrong = ground(t, llmNote({ medications: [med({ name: 'amlodipine', strength: '5 mg', frequency: '1-0-0', durationDays: 2 })] }));
    expect(wrong.note.soap.plan.medications[0]!.durationDays).toBeUndefined();
    expect(wrong.codes).toContain('danger:ungrounded-duration');
  });

  it('counts Tamil number words and Tamil-script drug names', () => {
    const t = 'மூன்று நாளா காய்ச்சல். பாராசிட்டமால் 500 mg காலையும் ராத்திரியும் ஐந்து நாள். பத்து நாள் கழிச்சு வாங்க.';
    const llm = llmNote({
      symptoms: [{ name: 'fever', negated: false, durationDays: 3, durationText: null }],
      medications: [med({ name: 'paracetamol', strength: '500 mg', frequency: '1-0-1', durationDays: 5 })],
      followUpDays: 10,
    });
    const { note, codes } = ground(t, llm, 'ta');
    expect(codes.filter((c) => c.startsWith('danger'))).toEqual([]);
    expect(note.soap.plan.medications[0]!.evidence.map((e) => e.text)).toEqual(['பாராசிட்டமால்', '500', 'ஐந்து']);
    expect(note.soap.subjective.symptoms[0]).toMatchObject({ name: 'fever', durationDays: 3 });
    expect(note.soap.plan.followUpDays).toBe(10);
  });

  it('takes out a drug the doctor said not to take', () => {
    const llm = honest();
    llm.medications.push(med({ name: 'ibuprofen', strength: '400 mg', frequency: 'SOS' }));
    const { note, codes } = ground(EN, llm);
    expect(note.soap.plan.medications.map((m) => m.name)).toEqual(['paracetamol']);
    expect(codes).toContain('danger:avoided-drug-prescribed');
  });

  it('keeps a drug outside the drug list only when said word for word, flagged', () => {
    const t = 'Rifaximin 550 mg 1-0-1 for 10 days.';
    const kept = ground(t, llmNote({ medications: [med({ name: 'rifaximin', strength: '550 mg', frequency: '1-0-1', durationDays: 10 })] }));
    expect(kept.note.soap.plan.medications.map((m) => m.name)).toEqual(['rifaximin']);
    expect(kept.codes).toContain('warning:unlisted-drug');
    const made = ground(t, llmNote({ medications: [med({ name: 'rifampicin', strength: '550 mg' })] }));
    expect(made.note.soap.plan.medications).toEqual([]);
    expect(made.codes).toContain('danger:ungrounded-drug');
  });

  it('flags a disagreement with the offline engine, and an offline finding the cloud missed', () => {
    const t = 'Dolo 650 1-0-1 for 3 days. Cetirizine 10 mg at night for 5 days.';
    const { codes, flags } = ground(t, llmNote({ medications: [med({ name: 'paracetamol', strength: '650 mg', frequency: '1-1-1', durationDays: 3 })] }));
    expect(codes).toEqual(expect.arrayContaining(['warning:engines-disagree', 'warning:offline-only-drug']));
    expect(flags.find((f) => f.code === 'offline-only-drug')!.message).toContain('cetirizine');
  });

  it('flags an allergy conflict in a cloud note', () => {
    const t = 'Allergic to penicillin. Amoxicillin 500 mg 1-1-1 for 5 days.';
    const { codes } = ground(t, llmNote({ allergies: [{ substance: 'penicillin', reaction: null }], medications: [med({ name: 'amoxicillin', strength: '500 mg', frequency: '1-1-1', durationDays: 5 })] }));
    expect(codes).toContain('danger:allergy-conflict');
  });
});
