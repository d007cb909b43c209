import { describe, expect, it } from 'vitest';
import { note, symptom } from './test-helpers';

describe('negation with scope', () => {
  it('English: "no", "denies", question and answer', () => {
    const n = note('Fever for two days. No cough. Denies vomiting. Any headache? No. Any body pain? Yes.');
    expect(symptom(n, 'fever')).toMatchObject({ negated: false, durationDays: 2 });
    expect(symptom(n, 'cough')?.negated).toBe(true);
    expect(symptom(n, 'vomiting')?.negated).toBe(true);
    expect(symptom(n, 'headache')?.negated).toBe(true);
    expect(symptom(n, 'body ache')?.negated).toBe(false);
  });
  it('the scope ends at a comma or "but"', () => {
    const n = note('I have headache, no fever. Cough is there but no vomiting.');
    expect(symptom(n, 'headache')?.negated).toBe(false);
    expect(symptom(n, 'fever')?.negated).toBe(true);
    expect(symptom(n, 'cough')?.negated).toBe(false);
    expect(symptom(n, 'vomiting')?.negated).toBe(true);
  });
  it('Tamil: "இல்லை" after the symptom, and an answer to a question', () => {
    const n = note('மூன்று நாளா காய்ச்சல் இருக்கு. இருமல் இருக்கா? இல்லை டாக்டர். சளி இருக்கா? அதுவும் இல்லை. ஆனா தலைசுற்றல் இல்லை.', 'ta');
    expect(symptom(n, 'fever')).toMatchObject({ negated: false, durationDays: 3 });
    expect(symptom(n, 'cough')?.negated).toBe(true);
    expect(symptom(n, 'runny nose')?.negated).toBe(true);
    expect(symptom(n, 'giddiness')?.negated).toBe(true);
  });
  it('Telugu: "లేదు"', () => {
    const n = note('రెండు రోజులుగా కడుపు నొప్పి ఉంది. జ్వరం ఉందా? లేదు. వాపు లేదు.', 'te');
    expect(symptom(n, 'abdominal pain')).toMatchObject({ negated: false, durationDays: 2 });
    expect(symptom(n, 'fever')?.negated).toBe(true);
    expect(symptom(n, 'swelling')?.negated).toBe(true);
  });
  it('"if not better" is a condition, not a negation, and records nothing', () => {
    const n = note('மூணு நாள்ல காய்ச்சல் சரியாகலைன்னா திரும்ப வாங்க.', 'ta');
    expect(symptom(n, 'fever')).toBeUndefined();
    expect(n.soap.plan.followUpDays).toBe(3);
  });
  it('an unanswered question records nothing', () => {
    expect(symptom(note('Any chest pain?'), 'chest pain')).toBeUndefined();
  });
  it('a symptom said both ways is recorded as absent and flagged', () => {
    const n = note('I have fever. No fever.');
    expect(symptom(n, 'fever')?.negated).toBe(true);
    expect(n.flags.some((f) => f.code === 'contradiction')).toBe(true);
  });
});

describe('drugs the doctor says not to take', () => {
  it('never enter the plan, in three languages', () => {
    const en = note('Avoid ibuprofen. Paracetamol 500 mg SOS.');
    expect(en.soap.plan.medications.map((m) => m.name)).toEqual(['paracetamol']);
    expect(en.soap.plan.avoid.map((a) => a.name)).toEqual(['ibuprofen']);
    const ta = note('Ibuprofen மாதிரி வலி மாத்திரை எடுக்கக்கூடாது.', 'ta');
    expect(ta.soap.plan.medications).toHaveLength(0);
    expect(ta.soap.plan.avoid[0]?.name).toBe('ibuprofen');
    const te = note('Ibuprofen వద్దు. Paracetamol 650 mg రోజుకు మూడు సార్లు.', 'te');
    expect(te.soap.plan.medications.map((m) => m.name)).toEqual(['paracetamol']);
  });
  it('a drug said to be stopped stays out even if it was named earlier', () => {
    const n = note('Ibuprofen 400 mg twice a day. Stop ibuprofen.');
    expect(n.soap.plan.medications).toHaveLength(0);
  });
  it('a drug the patient took before is history, not a prescription', () => {
    const n = note('I took Dolo 650 yesterday. Cetirizine 10 mg at night for 5 days.');
    expect(n.soap.plan.medications.map((m) => m.name)).toEqual(['cetirizine']);
    expect(n.soap.plan.previousMedications.map((m) => m.name)).toEqual(['paracetamol']);
  });
});
