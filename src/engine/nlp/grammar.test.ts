import { describe, expect, it } from 'vitest';
import { loadLexicon } from './lexicon';
import { numberAt } from './phrases';
import { med, note, resourcesDir } from './test-helpers';

const words = loadLexicon(resourcesDir).numberWords;
const num = (s: string) => numberAt(s, 0, words)?.value;

describe('number words', () => {
  it('reads digits, decimals and words in three languages', () => {
    expect(num('650')).toBe(650);
    expect(num('100.4')).toBe(100.4);
    expect(num('five')).toBe(5);
    expect(num('twenty five')).toBe(25);
    expect(num('மூன்று')).toBe(3);
    expect(num('மூணு')).toBe(3);
    expect(num('அஞ்சு')).toBe(5);
    expect(num('రెండు')).toBe(2);
    expect(num('ముప్పై')).toBe(30);
  });
  it('does not read a number inside a word', () => {
    expect(numberAt('x650', 1, words)).toBeNull();
    expect(num('someone')).toBeUndefined();
  });
});

describe('frequency', () => {
  const freq = (t: string, lang: 'ta' | 'te' | 'en' = 'en') => note(t, lang).soap.plan.medications[0]?.frequency;
  it('English abbreviations and phrases', () => {
    expect(freq('Amoxicillin 500 mg TDS for 5 days.')).toBe('1-1-1');
    expect(freq('Amoxicillin 500 mg BD for 5 days.')).toBe('1-0-1');
    expect(freq('Cetirizine 10 mg HS for 5 days.')).toBe('0-0-1');
    expect(freq('Paracetamol 500 mg every 6 hours for 3 days.')).toBe('1-1-1-1');
    expect(freq('Paracetamol 500 mg three times a day for 3 days.')).toBe('1-1-1');
    expect(freq('Paracetamol 650 mg SOS.')).toBe('SOS');
    expect(freq('Paracetamol 650 mg only when needed for fever.')).toBe('SOS');
    expect(freq('Metformin 500 mg 1-0-1 after food.')).toBe('1-0-1');
    expect(freq('Metformin 500 mg morning and night.')).toBe('1-0-1');
  });
  it('Tamil', () => {
    expect(freq('Dolo 650 ஒரு நாளைக்கு மூன்று வேளை மூன்று நாள் சாப்பிடுங்க.', 'ta')).toBe('1-1-1');
    expect(freq('Metformin 500 mg காலையும் ராத்திரியும் சாப்பிடுங்க.', 'ta')).toBe('1-0-1');
    expect(freq('Cetirizine 10 mg ராத்திரி மட்டும் ஐந்து நாள்.', 'ta')).toBe('0-0-1');
    expect(freq('Azithromycin 500 mg ஒரு நாளைக்கு ஒரு தடவை மூணு நாள்.', 'ta')).toBe('1-0-0');
  });
  it('Telugu', () => {
    expect(freq('Amoxicillin 500 mg రోజుకు మూడు సార్లు ఐదు రోజులు.', 'te')).toBe('1-1-1');
    expect(freq('Paracetamol 500 mg రోజుకు రెండు సార్లు.', 'te')).toBe('1-0-1');
    expect(freq('Paracetamol 500 mg ప్రతి ఆరు గంటలకు.', 'te')).toBe('1-1-1-1');
    expect(freq('Calcium రోజుకు ఒకసారి ముప్పై రోజులు.', 'te')).toBe('1-0-0');
  });
});

describe('durations of medicines', () => {
  const days = (t: string, lang: 'ta' | 'te' | 'en' = 'en') => note(t, lang).soap.plan.medications[0]?.durationDays;
  it('days, weeks and months in three languages', () => {
    expect(days('Amoxicillin 500 mg TDS for five days.')).toBe(5);
    expect(days('Amoxicillin 500 mg TDS for 2 weeks.')).toBe(14);
    expect(days('Metformin 500 mg BD for one month.')).toBe(30);
    expect(days('Cetirizine 10 mg ராத்திரி ஒரு வாரம்.', 'ta')).toBe(7);
    expect(days('Calcium రోజుకు ఒకసారి ముప్పై రోజులు.', 'te')).toBe(30);
  });
  it('"per day" is not a one-day course', () => {
    expect(days('Azithromycin 500 mg ஒரு நாளைக்கு ஒரு தடவை.', 'ta')).toBeUndefined();
    expect(days('Amoxicillin 500 mg రోజుకు మూడు సార్లు.', 'te')).toBeUndefined();
  });
});

describe('timing, form and brands', () => {
  it('maps brands to generic with the strength the brand carries', () => {
    const n = note('Dolo 650 twice a day after food for 3 days.');
    expect(med(n, 'paracetamol')).toMatchObject({ strength: '650 mg', brand: 'Dolo 650', timing: 'after food', frequency: '1-0-1', durationDays: 3 });
  });
  it('keeps a strength the doctor said over the brand default', () => {
    expect(med(note('Dolo 500 mg twice a day.'), 'paracetamol')?.strength).toBe('500 mg');
  });
  it('reads food timing in Tamil and Telugu', () => {
    expect(note('Glimepiride 1 mg காலையில சாப்பாட்டுக்கு முன்னாடி.', 'ta').soap.plan.medications[0]?.timing).toBe('before food');
    expect(note('Pantoprazole 40 mg ఖాళీ కడుపుతో రోజుకు ఒకసారి.', 'te').soap.plan.medications[0]?.timing).toBe('empty stomach');
    expect(note('Metformin 500 mg భోజనం తర్వాత రోజుకు రెండు సార్లు.', 'te').soap.plan.medications[0]?.timing).toBe('after food');
  });
  it('reads units: mg, mcg, ml, IU, %', () => {
    expect(note('Levothyroxine 50 mcg once daily empty stomach.').soap.plan.medications[0]?.strength).toBe('50 mcg');
    expect(note('Ambroxol syrup 5 ml thrice daily.').soap.plan.medications[0]?.strength).toBe('5 ml');
    expect(note('Cholecalciferol 60000 IU once a week for 8 weeks.').soap.plan.medications[0]).toMatchObject({ strength: '60000 IU', frequency: 'weekly', durationDays: 56 });
  });
});
