import { describe, expect, it } from 'vitest';
import { findPhi, scrubPhi } from './phi';

const kinds = (text: string, names: string[] = []) => findPhi(text, { names }).map((h) => [h.kind, text.slice(h.start, h.end)]);

describe('PHI scrubbing', () => {
  it('replaces Indian mobile numbers in every common format', () => {
    for (const phone of ['+91 98765 43210', '+919876543210', '09876543210', '9876543210', '98765-43210', '987 654 3210', '0091 9876543210', '91 9876543210']) {
      expect(kinds(`call me on ${phone} tomorrow`), phone).toEqual([['PHONE', phone]]);
    }
  });

  it('replaces Aadhaar (4-4-4), ABHA numbers (2-4-4-4) and ABHA addresses', () => {
    expect(kinds('Aadhaar 2345 6789 0123 please')).toEqual([['AADHAAR', '2345 6789 0123']]);
    expect(kinds('aadhaar 234567890123')).toEqual([['AADHAAR', '234567890123']]);
    expect(kinds('ABHA 91-1234-5678-9012 linked')).toEqual([['ABHA', '91-1234-5678-9012']]);
    expect(kinds('ABHA 12 3456 7890 1234')).toEqual([['ABHA', '12 3456 7890 1234']]);
    expect(kinds('abha id ravi.kumar@abdm and test@sbx')).toEqual([
      ['ABHA_ADDRESS', 'ravi.kumar@abdm'],
      ['ABHA_ADDRESS', 'test@sbx'],
    ]);
  });

  it('replaces addresses: door numbers, street/nagar/road, PIN codes next to them', () => {
    expect(kinds('Door no. 12/3, Gandhi Street, Anna Nagar, Chennai 600040.')).toEqual([
      ['ADDRESS', 'Door no. 12/3, Gandhi Street'],
      ['ADDRESS', 'Anna Nagar'],
      ['PIN', '600040'],
    ]);
    expect(kinds('lives near MG Road, 2nd cross')).toEqual([
      ['ADDRESS', 'MG Road'],
      ['ADDRESS', '2nd cross'],
    ]);
    expect(kinds('fell on the road, road traffic accident; street food; cross reaction')).toEqual([]);
    expect(kinds('pin code 500 081')).toEqual([['PIN', '500 081']]);
    expect(kinds('வீடு காந்தி தெரு, அண்ணா நகர்').map(([k]) => k)).toEqual(['ADDRESS', 'ADDRESS']);
    expect(kinds('ఇల్లు గాంధీ నగర్ లో')).toEqual([['ADDRESS', 'ఇల్లు గాంధీ నగర్']]);
  });

  it('replaces the patient’s name, its parts, in Latin or Indic script, and honorific names', () => {
    expect(kinds('Ravi Kumar has fever. Ravi, open your mouth.', ['Ravi Kumar'])).toEqual([
      ['NAME', 'Ravi Kumar'],
      ['NAME', 'Ravi'],
    ]);
    expect(kinds('ரவிக்கு காய்ச்சல்', ['ரவி'])).toEqual([['NAME', 'ரவி']]);
    expect(kinds('Mrs. Lakshmi Devi came with Mr Suresh')).toEqual([
      ['NAME', 'Lakshmi Devi'],
      ['NAME', 'Suresh'],
    ]);
    expect(kinds('Patient name: Anand')).toEqual([['NAME', 'Anand']]);
  });

  it('never touches clinical numbers', () => {
    const clinical =
      'BP 120/80, pulse 78, temperature 100.4 F, SpO2 98%, sugar 180 mg/dl. Dolo 650 1-0-1 for 5 days. Vitamin D 60000 IU weekly. Platelets 150000, TLC 11000. HbA1c 7.2. Weight 62.5 kg. Review on 12/03/2026. Amoxicillin 500 mg TDS x 7 days. Sodium 135 mmol, creatinine 1.2.';
    expect(findPhi(clinical)).toEqual([]);
    expect(scrubPhi(clinical).text).toBe(clinical);
  });

  it('restores placeholders locally and maps offsets back to the original', () => {
    const text = 'Ravi Kumar, phone 98765 43210, has fever. Ravi Kumar to take Dolo 650.';
    const s = scrubPhi(text, { names: ['Ravi Kumar'] });
    expect(s.text).toBe('[NAME_1], phone [PHONE_1], has fever. [NAME_1] to take Dolo 650.');
    expect(s.restore('Patient [NAME_1] ([PHONE_1]) with fever; [NAME_2] unknown')).toBe('Patient Ravi Kumar (98765 43210) with fever; [NAME_2] unknown');
    const at = s.text.indexOf('fever');
    expect(text.slice(s.toOriginal(at, 'start'), s.toOriginal(at + 5, 'end'))).toBe('fever');
    const dolo = s.text.indexOf('Dolo 650');
    expect(text.slice(s.toOriginal(dolo, 'start'), s.toOriginal(dolo + 8, 'end'))).toBe('Dolo 650');
    // A span inside a placeholder maps to the whole original.
    expect(text.slice(s.toOriginal(2, 'start'), s.toOriginal(5, 'end'))).toBe('Ravi Kumar');
  });
});
