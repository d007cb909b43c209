import { describe, expect, it } from 'vitest';
import { med, note } from './test-helpers';

describe('vitals', () => {
  it('reads BP, temperature, pulse, SpO2, RR, weight and sugars', () => {
    const v = note('BP 118/76, pulse 84, temperature 98.6, SpO2 97%, respiratory rate 20, weight 62 kg. Fasting sugar 180, post lunch 260.').soap.objective.vitals;
    expect(v).toMatchObject({ systolic: 118, diastolic: 76, pulse: 84, temperatureF: 98.6, spo2: 97, respiratoryRate: 20, weightKg: 62, fastingSugar: 180, postprandialSugar: 260 });
    expect(v.evidence.systolic?.text).toBe('BP 118/76');
  });
  it('Celsius, and Tamil/Telugu keywords', () => {
    expect(note('Temperature 38.5 C.').soap.objective.vitals.temperatureC).toBe(38.5);
    expect(note('டெம்பரேச்சர் 101 டிகிரி இருக்கு. எடை 20 கிலோ.', 'ta').soap.objective.vitals).toMatchObject({ temperatureF: 101, weightKg: 20 });
    expect(note('టెంపరేచర్ 100 డిగ్రీలు. బరువు 70 కిలోలు.', 'te').soap.objective.vitals).toMatchObject({ temperatureF: 100, weightKg: 70 });
  });
  it('refuses impossible values and flags them', () => {
    const n = note('BP 80/120. Pulse 900.');
    expect(n.soap.objective.vitals.systolic).toBeUndefined();
    expect(n.soap.objective.vitals.pulse).toBeUndefined();
    expect(n.flags.filter((f) => f.code === 'implausible-vital')).toHaveLength(2);
  });
  it('"BP check" without a number records nothing, and no hypertension', () => {
    const n = note('Good morning, BP check பண்ணலாம்.', 'ta');
    expect(n.soap.objective.vitals.systolic).toBeUndefined();
    expect(n.soap.assessment.diagnoses).toHaveLength(0);
  });
});

describe('evidence', () => {
  it('every fact points at the words in the transcript', () => {
    const t = 'Fever for 3 days. Dolo 650 thrice daily after food for 3 days. Get a CBC done. Viral fever.';
    const n = note(t);
    const spans = [
      ...n.soap.subjective.symptoms.flatMap((s) => s.evidence),
      ...n.soap.plan.medications.flatMap((m) => m.evidence),
      ...n.soap.plan.investigations.flatMap((i) => i.evidence),
      ...n.soap.assessment.diagnoses.flatMap((d) => d.evidence),
    ];
    expect(spans.length).toBeGreaterThan(5);
    for (const e of spans) expect(t.slice(e.start, e.end)).toBe(e.text);
    expect(med(n, 'paracetamol')?.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['Dolo 650', 'thrice daily', 'after food', '3 days']));
  });
});

describe('allergies', () => {
  it('records the allergy and flags a prescription that conflicts with it', () => {
    const n = note('She is allergic to penicillin. Amoxicillin 500 mg TDS for 5 days.');
    expect(n.soap.subjective.allergies.map((a) => a.substance)).toEqual(['penicillin']);
    expect(n.flags.some((f) => f.code === 'allergy-conflict' && f.severity === 'danger')).toBe(true);
  });
  it('"no allergies" is recorded as none known', () => {
    const n = note('Any allergies to medicines? No allergies.');
    expect(n.soap.subjective.noKnownAllergies).toBe(true);
    expect(n.soap.subjective.allergies).toHaveLength(0);
  });
  it('Tamil: "Sulfa மாத்திரை allergy இருக்கு"', () => {
    expect(note('Sulfa மாத்திரை allergy இருக்கு.', 'ta').soap.subjective.allergies.map((a) => a.substance)).toEqual(['sulfa']);
  });
});

describe('hostile input', () => {
  it('an empty transcript says so instead of inventing a note', () => {
    const n = note('');
    expect(n.noMedicalContent).toBe(true);
    expect(n.soap.plan.medications).toHaveLength(0);
    expect(n.flags.some((f) => f.code === 'no-medical-content')).toBe(true);
  });
  it('no medical content', () => {
    const n = note('வணக்கம் சார், எப்படி இருக்கீங்க? நல்லா இருக்கேன். Cricket match பார்த்தீங்களா?', 'ta');
    expect(n.noMedicalContent).toBe(true);
    expect(n.soap.subjective.symptoms).toHaveLength(0);
  });
  it('100 KB of noise finishes and records nothing invented', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 .,?/-அஆஇகசடதநபமயரலவளறனఅఆఇకచటతనపమయరలవ ';
    let noise = '';
    while (noise.length < 100_000) noise += alphabet[Math.floor(rand() * alphabet.length)];
    const n = note(noise);
    // Whatever is found must be grounded: each evidence span is the transcript's own text.
    const spans = [...n.soap.plan.medications, ...n.soap.subjective.symptoms].flatMap((x) => x.evidence);
    for (const e of spans) expect(noise.slice(e.start, e.end)).toBe(e.text);
    expect(n.soap.assessment.diagnoses).toHaveLength(0);
  });
  it('mixed scripts in one sentence', () => {
    const n = note('Patient ku fever இருக்கு, తల నొప్పి కూడా ఉంది, cough இல்லை.', 'ta');
    expect(n.soap.subjective.symptoms.filter((s) => !s.negated).map((s) => s.name)).toEqual(expect.arrayContaining(['fever', 'headache']));
    expect(n.soap.subjective.symptoms.find((s) => s.name === 'cough')?.negated).toBe(true);
  });
});
