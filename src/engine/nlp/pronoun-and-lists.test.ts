import { describe, expect, it } from 'vitest';
import { med, note } from './test-helpers';

describe('drugs stopped by a pronoun, and "don\'t stop it"', () => {
  it('"அதை உடனே நிறுத்துங்க" stops the drug of the sentence before', () => {
    const n = note('பக்கத்து மெடிக்கல்ல Dexamethasone eye drops கொடுத்தாங்க. அதை உடனே நிறுத்துங்க. Moxifloxacin eye drops ஒரு சொட்டு QID அஞ்சு நாள்.', 'ta');
    expect(n.soap.plan.medications.map((m) => m.name)).not.toContain('dexamethasone');
    expect(n.soap.plan.avoid.map((a) => a.name)).toContain('dexamethasone');
  });
  it('"don\'t stop it on your own" keeps the drug', () => {
    const n = note('Start escitalopram 10 mg once daily after breakfast for three months. It takes two weeks to work, don\'t stop it on your own.');
    expect(med(n, 'escitalopram')).toMatchObject({ strength: '10 mg', frequency: '1-0-0', durationDays: 90 });
  });
  it('a list of drugs under one "వేయకండి"', () => {
    const n = note('Dolo, Paracetamol లాంటివి అస్సలు వేయకండి. Ondansetron 4 mg వికారం ఎక్కువగా ఉంటే మాత్రమే.', 'te');
    expect(n.soap.plan.medications.map((m) => m.name)).toEqual(['ondansetron']);
    expect(med(n, 'ondansetron')?.frequency).toBe('SOS');
  });
});

describe('timing words', () => {
  it('evening is the night slot: "పొద్దున ఒకటి సాయంత్రం ఒకటి"', () => {
    expect(note('Doxycycline 100 mg పొద్దున ఒకటి సాయంత్రం ఒకటి భోజనం తర్వాత ఏడు రోజులు.', 'te').soap.plan.medications[0]).toMatchObject({ frequency: '1-0-1', timing: 'after food', durationDays: 7 });
  });
  it('"an hour before food" is timing, not a one-hour course; "last month" is not a course', () => {
    expect(note('Azithromycin 500 mg ஒரு நாளைக்கு ஒரு தடவை சாப்பாட்டுக்கு ஒரு மணி நேரம் முன்னாடி மூணு நாள்.', 'ta').soap.plan.medications[0]).toMatchObject({ timing: 'before food', durationDays: 3 });
    expect(note('Your vitamin D report last month was low, so cholecalciferol 60000 IU once a week for eight weeks.').soap.plan.medications[0]).toMatchObject({ durationDays: 56, frequency: 'weekly' });
  });
});

describe('tests and allergies said without the usual words', () => {
  it('a sentence that is only tests is an order', () => {
    expect(note('Serum electrolytes, creatinine and chest X-ray today.').soap.plan.investigations.length).toBeGreaterThanOrEqual(2);
  });
  it('results read out are not orders', () => {
    expect(note('Serum creatinine 1.2, chest X-ray normal.').soap.plan.investigations).toHaveLength(0);
  });
  it('an allergy named in the answer to an allergy question', () => {
    const n = note('మందులకు allergy ఏమైనా ఉందా? Penicillin వేసుకుంటే ఒళ్ళంతా దద్దుర్లు వచ్చాయి. Amoxicillin 500 mg రోజుకు మూడు సార్లు.', 'te');
    expect(n.soap.subjective.allergies.map((a) => a.substance)).toEqual(['penicillin']);
    expect(n.flags.some((f) => f.code === 'allergy-conflict')).toBe(true);
  });
});
