import { describe, expect, it } from 'vitest';
import { note, symptom } from './test-helpers';

describe('pain and swelling of a body part', () => {
  it('composes the symptom in three languages', () => {
    expect(symptom(note('மூணு நாளா கணுக்கால் வலி இருக்கு.', 'ta'), 'ankle pain')).toMatchObject({ negated: false, durationDays: 3 });
    expect(symptom(note('నిన్నటి నుంచి చెంప వాచింది.', 'te'), 'facial swelling')?.negated).toBe(false);
    expect(symptom(note('I have pain behind the right ear since yesterday.'), 'ear pain')).toMatchObject({ durationDays: 1 });
  });
  it('keeps negation and does not double a listed symptom', () => {
    expect(symptom(note('No pain in the ankle.'), 'ankle pain')?.negated).toBe(true);
    const n = note('Knee pain for two months.');
    expect(n.soap.subjective.symptoms.map((s) => s.name)).toEqual(['knee pain']);
  });
  it('a pain word with no body part records nothing new', () => {
    expect(note('The pain is severe.').soap.subjective.symptoms).toHaveLength(0);
  });
});
