// Hand-written notes for the export tests: our own data, independent of the note engine's lexicons.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../../shared/schemas/common';
import type { Patient } from '../../shared/schemas/domain';
import { ClinicalNote, type Medication } from '../../shared/schemas/note';
import type { Clinic } from './clinic';

export const resourcesDir = fileURLToPath(new URL('../../../resources/', import.meta.url));
export const NOW = new Date('2026-11-24T10:30:00Z');

export const clinic: Clinic = {
  name: 'Sri Lakshmi Family Clinic',
  address: '12, Gandhi Road, Tambaram, Chennai 600045',
  phone: '+91 44 2222 3333',
  doctorName: 'Dr. K. Priya',
  qualifications: 'MBBS, MD (General Medicine)',
  registrationNumber: 'TNMC 123456',
};

interface Draft {
  language: Language;
  chiefComplaint?: string;
  history?: string;
  symptoms?: { name: string; negated?: boolean; durationDays?: number }[];
  allergies?: { substance: string; reaction?: string }[];
  noKnownAllergies?: boolean;
  vitals?: Record<string, number>;
  examination?: { finding: string; negated?: boolean }[];
  diagnoses?: { name: string; icd10?: { code: string; title: string }; icd10Suggestions?: { code: string; title: string }[] }[];
  medications?: Partial<Medication>[];
  investigations?: string[];
  advice?: string[];
  followUpDays?: number;
  followUpText?: string;
  avoid?: string[];
  givenInClinic?: Partial<Medication>[];
  noMedicalContent?: boolean;
}

/** A ClinicalNote as the engine (and the doctor's edits) would give it, checked by the schema. */
export function makeNote(d: Draft): ClinicalNote {
  const chief = d.chiefComplaint ?? '';
  return ClinicalNote.parse({
    schemaVersion: 1,
    language: d.language,
    createdAt: NOW.toISOString(),
    chiefComplaint: chief,
    soap: {
      subjective: { chiefComplaint: chief, history: d.history ?? '', symptoms: d.symptoms ?? [], allergies: d.allergies ?? [], noKnownAllergies: d.noKnownAllergies ?? false },
      objective: { vitals: d.vitals ?? {}, examination: d.examination ?? [] },
      assessment: { diagnoses: d.diagnoses ?? [] },
      plan: {
        medications: d.medications ?? [],
        investigations: (d.investigations ?? []).map((name) => ({ name })),
        advice: (d.advice ?? []).map((text) => ({ text })),
        followUpDays: d.followUpDays,
        followUpText: d.followUpText,
        avoid: (d.avoid ?? []).map((name) => ({ name })),
        givenInClinic: d.givenInClinic ?? [],
      },
    },
    flags: [],
    noMedicalContent: d.noMedicalContent ?? false,
    engines: { entities: 'offline-rules', soap: 'offline-rules' },
  });
}

export const TAMIL_ADVICE = 'காரம், எண்ணெய் குறைச்சுக்கோங்க';
export const TAMIL_HEADACHE = 'தலைவலி';

export const tamilNote = makeNote({
  language: 'ta',
  chiefComplaint: 'heartburn for 7 days, bloating',
  history: 'Heartburn for 7 days; bloating after food. No vomiting',
  symptoms: [{ name: 'heartburn', durationDays: 7 }, { name: 'bloating' }, { name: 'vomiting', negated: true }],
  noKnownAllergies: true,
  vitals: { systolic: 124, diastolic: 82, pulse: 78, temperatureF: 98.6 },
  diagnoses: [{ name: 'gastritis', icd10: { code: 'K29.7', title: 'Gastritis, unspecified' }, icd10Suggestions: [{ code: 'K29.7', title: 'Gastritis, unspecified' }, { code: 'K21.9', title: 'Gastro-oesophageal reflux disease without oesophagitis' }] }],
  medications: [
    { name: 'pantoprazole', strength: '40 mg', form: 'tablet', route: 'oral', frequency: '1-0-0', timing: 'empty stomach', durationDays: 10 },
    { name: 'magaldrate + simethicone', brand: 'Digene', strength: '10 ml', form: 'syrup', route: 'oral', frequency: '1-1-1', timing: 'after food', durationDays: 5 },
    { name: 'paracetamol', brand: 'Dolo 650', strength: '650 mg', form: 'tablet', route: 'oral', frequency: 'SOS', instructions: `${TAMIL_HEADACHE} இருந்தால் மட்டும்` },
  ],
  investigations: ['complete blood count'],
  advice: [TAMIL_ADVICE, 'நேரத்துக்கு சாப்பிடுங்க'],
  followUpDays: 10,
  avoid: ['ibuprofen'],
});

export const TELUGU_HEADACHE = 'తలనొప్పి';
export const TELUGU_NO_FEVER = 'జ్వరం లేదు';
export const TELUGU_ADVICE = 'ఉప్పు తగ్గించండి, రోజూ నడవండి';

export const teluguNote = makeNote({
  language: 'te',
  chiefComplaint: 'headache for 7 days, giddiness',
  history: `${TELUGU_HEADACHE} వారం రోజులుగా. ${TELUGU_NO_FEVER}. No chest pain`,
  symptoms: [{ name: 'headache', durationDays: 7 }, { name: 'giddiness' }, { name: 'chest pain', negated: true }, { name: 'fever', negated: true }],
  vitals: { systolic: 160, diastolic: 100, pulse: 90, weightKg: 82, spo2: 98, respiratoryRate: 16 },
  examination: [{ finding: 'pedal oedema', negated: true }],
  diagnoses: [{ name: 'essential hypertension', icd10: { code: 'I10', title: 'Essential (primary) hypertension' }, icd10Suggestions: [{ code: 'I10', title: 'Essential (primary) hypertension' }] }],
  medications: [
    { name: 'amlodipine', strength: '5 mg', form: 'tablet', route: 'oral', frequency: '1-0-0', durationDays: 30, action: 'start' },
    { name: 'telmisartan', strength: '40 mg', form: 'tablet', route: 'oral', frequency: '0-0-1', timing: 'after food', durationDays: 30, action: 'continue' },
  ],
  investigations: ['serum creatinine', 'ECG'],
  advice: [TELUGU_ADVICE, `${TELUGU_HEADACHE} ఎక్కువైతే వెంటనే రండి`],
  followUpDays: 14,
});

export const englishNote = makeNote({
  language: 'en',
  chiefComplaint: 'cough since yesterday, breathing difficulty',
  history: 'Cough and breathing difficulty since yesterday, worse at night. No fever',
  symptoms: [{ name: 'cough', durationDays: 1 }, { name: 'breathing difficulty' }, { name: 'fever', negated: true }],
  allergies: [{ substance: 'penicillin', reaction: 'rash' }, { substance: 'peanut' }],
  vitals: { respiratoryRate: 28, spo2: 95, weightKg: 18, temperatureC: 37.2, heightCm: 110, randomSugar: 110 },
  examination: [{ finding: 'wheeze' }],
  diagnoses: [{ name: 'acute exacerbation of asthma', icd10: { code: 'J45.901', title: 'Unspecified asthma with (acute) exacerbation' } }, { name: 'allergic rhinitis' }],
  medications: [
    { name: 'salbutamol', strength: '100 mcg', form: 'inhaler', route: 'inhalation', frequency: '2-2-2-2', durationDays: 5, instructions: '2 puffs every 6 hours' },
    { name: 'montelukast', strength: '4 mg', form: 'tablet', route: 'oral', frequency: '0-0-1', timing: 'bedtime', durationDays: 14 },
    { name: 'prednisolone', strength: '10 mg', form: 'tablet', route: 'oral', frequency: '0.5-0-0.5', timing: 'after food', durationDays: 3 },
    { name: 'vitamin d3', strength: '60000 IU', form: 'sachet', route: 'oral', frequency: 'weekly', durationDays: 56, timing: 'with food' },
  ],
  givenInClinic: [{ name: 'salbutamol', strength: '2.5 mg', form: 'nebulization', route: 'inhalation', action: 'given-in-clinic' }],
  advice: ['Avoid dust and cold drinks', 'Come earlier if breathing gets worse'],
  followUpDays: 3,
});

export const emptyNote = makeNote({ language: 'en', noMedicalContent: true });

export const noMedicinesNote = makeNote({
  language: 'ta',
  chiefComplaint: 'fever for 2 days',
  symptoms: [{ name: 'fever', durationDays: 2 }],
  vitals: { temperatureF: 100.4 },
  advice: ['நிறைய தண்ணீர் குடிங்க'],
  followUpText: 'காய்ச்சல் குறையலைன்னா வாங்க',
});

export const LONG_DRUG = 'chlorpheniramine maleate + phenylephrine hydrochloride + paracetamol extended release combination';

/** Enough medicines to spill onto a second page, one with a name that must wrap. */
export const manyMedsNote = makeNote({
  language: 'te',
  chiefComplaint: 'multiple complaints',
  medications: Array.from({ length: 40 }, (_, i) => ({
    name: i === 3 ? LONG_DRUG : `testdrug${String(i + 1).padStart(2, '0')}`,
    strength: `${(i + 1) * 5} mg`,
    form: 'tablet',
    frequency: i % 3 === 0 ? '1-0-1' : i % 3 === 1 ? '1-1-1' : 'SOS',
    timing: i % 2 ? ('after food' as const) : ('before food' as const),
    durationDays: 5 + i,
  })),
  advice: [TELUGU_ADVICE],
  followUpDays: 7,
});

/** Tamil in every free-text field a doctor can edit. */
export const TAMIL_EVERYWHERE = {
  patientName: 'முத்துலட்சுமி கணேசன்',
  clinicName: 'ஸ்ரீ முருகன் கிளினிக்',
  doctorName: 'டாக்டர் செந்தில் குமார்',
  diagnosis: 'வயிற்றுப் புண்',
  drug: 'நிலவேம்பு குடிநீர்',
  investigation: 'இரத்தப் பரிசோதனை',
  instructions: 'வெந்நீரில் கலந்து குடிக்கவும்',
  history: 'மூன்று நாளா தலைவலி, காய்ச்சல் இல்லை',
};

export const allTamilNote = makeNote({
  language: 'ta',
  chiefComplaint: TAMIL_EVERYWHERE.history,
  history: TAMIL_EVERYWHERE.history,
  symptoms: [{ name: 'தலைவலி', durationDays: 3 }, { name: 'காய்ச்சல்', negated: true }],
  allergies: [{ substance: 'பெனிசிலின்', reaction: 'அரிப்பு' }],
  examination: [{ finding: 'வயிற்றில் வலி' }],
  diagnoses: [{ name: TAMIL_EVERYWHERE.diagnosis }],
  medications: [{ name: TAMIL_EVERYWHERE.drug, strength: '30 மி.லி', form: 'கஷாயம்', frequency: '1-0-1', timing: 'after food', durationDays: 5, instructions: TAMIL_EVERYWHERE.instructions }],
  investigations: [TAMIL_EVERYWHERE.investigation],
  advice: [TAMIL_ADVICE],
  followUpDays: 5,
  followUpText: 'ஐந்து நாள் கழிச்சு வாங்க',
  avoid: ['வலி மாத்திரை'],
});

export const allTamilClinic: Clinic = { ...clinic, name: TAMIL_EVERYWHERE.clinicName, doctorName: TAMIL_EVERYWHERE.doctorName, address: 'தாம்பரம், சென்னை', qualifications: 'எம்.பி.பி.எஸ்' };

export function patient(name: string, extra: Partial<Patient> = {}): Patient {
  return { name, ...extra };
}

/** The text poppler's pdftotext extracts: what copy-paste and search give a person. */
export function pdfText(pdf: Uint8Array, layout = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'medscribe-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Page n as raw RGB pixels (pdftoppm's PPM), to look for the pictograms' colours. */
export function pagePixels(pdf: Uint8Array, page = 1, dpi = 40): { width: number; height: number; rgb: Uint8Array } {
  const dir = mkdtempSync(join(tmpdir(), 'medscribe-ppm-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), file]);
    // Header: "P6\n<w> <h>\n255\n" then the pixels.
    const header = ppm.subarray(0, 40).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+255\s/);
    if (!header) throw new Error('pdftoppm did not return a PPM image.');
    return { width: Number(header[1]), height: Number(header[2]), rgb: ppm.subarray(header[0].length) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many pixels are close to a colour (0–255 channels). */
export function countColour(img: { rgb: Uint8Array }, [r, g, b]: [number, number, number], tolerance = 30): number {
  let n = 0;
  for (let i = 0; i + 2 < img.rgb.length; i += 3) {
    if (Math.abs(img.rgb[i]! - r) <= tolerance && Math.abs(img.rgb[i + 1]! - g) <= tolerance && Math.abs(img.rgb[i + 2]! - b) <= tolerance) n++;
  }
  return n;
}
