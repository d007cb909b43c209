import type { Language } from '../../shared/schemas/common';
import type { Patient } from '../../shared/schemas/domain';
import type { ClinicalNote, Medication, Vitals } from '../../shared/schemas/note';

/** Indian clinics read dates in India's time zone, whatever the machine's zone. */
export const TIME_ZONE = 'Asia/Kolkata';

const LOCALES: Record<Language, string> = { en: 'en-IN', ta: 'ta-IN', te: 'te-IN' };

/** "24 Nov 2026" (or the Tamil/Telugu long form with the weekday, for the patient's sheet). */
export function formatDate(date: Date, language: Language = 'en', long = false): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: long || language !== 'en' ? 'long' : 'short',
    year: 'numeric',
    ...(long ? { weekday: 'long' as const } : {}),
  }).format(date);
}

/** The calendar date (YYYY-MM-DD) in India of an instant. */
export function indiaDate(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

export function noteDate(note: ClinicalNote): Date {
  const d = new Date(note.createdAt);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

/** The follow-up day, when the doctor said one in days. */
export function followUpDate(note: ClinicalNote): Date | undefined {
  const days = note.soap.plan.followUpDays;
  if (days == null) return undefined;
  return new Date(noteDate(note).getTime() + Math.round(days) * 86_400_000);
}

export function ageSex(p: Patient): string {
  const sex = p.sex ? { male: 'Male', female: 'Female', other: 'Other' }[p.sex] : '';
  return [p.age != null ? `${p.age} y` : '', sex].filter(Boolean).join(' / ');
}

/** "Paracetamol" from "paracetamol": generic names print with a capital. */
export function drugName(m: Pick<Medication, 'name'>): string {
  return m.name.charAt(0).toUpperCase() + m.name.slice(1);
}

/** The medicine as a pharmacist reads it: "Paracetamol (Dolo 650) tablet". */
export function medicineLabel(m: Medication): string {
  return [drugName(m), m.brand && m.brand.toLowerCase() !== m.name.toLowerCase() ? `(${m.brand})` : '', m.form ?? '']
    .filter(Boolean)
    .join(' ');
}

/** "Salbutamol nebulization 2.5 mg": a medicine named in a sentence. */
export function medicineWithStrength(m: Medication): string {
  return [medicineLabel(m), m.strength ?? ''].filter(Boolean).join(' ');
}

/** The doses of a "1-0-1" or "1-1-1-1" pattern, or null for SOS, STAT, weekly, once. */
export function doseSlots(frequency: string | undefined): number[] | null {
  if (!frequency || !/^\d/.test(frequency)) return null;
  const slots = frequency.split('-').map(Number);
  return slots.every((n) => Number.isFinite(n)) ? slots : null;
}

export type Slot = 'morning' | 'noon' | 'evening' | 'night';

/** The time of day of each position: three slots are morning-noon-night; four add the evening. */
export function slotNames(count: number): Slot[] {
  return count === 4 ? ['morning', 'noon', 'evening', 'night'] : ['morning', 'noon', 'night'];
}

/** "½" for 0.5: how a dose is written on a prescription. */
export function doseText(n: number): string {
  const whole = Math.floor(n);
  const frac = n - whole;
  const f = frac === 0.5 ? '½' : frac === 0.25 ? '¼' : frac === 0.75 ? '¾' : frac ? String(frac).slice(1) : '';
  return whole === 0 && f ? f : `${whole}${f}`;
}

/** The notes column: what the other columns do not say. */
export function medicationNotes(m: Medication): string {
  return [
    m.action === 'continue' ? 'continue' : m.action === 'add' ? 'add' : '',
    m.frequency === 'SOS' ? 'only when needed' : m.frequency === 'STAT' ? 'once, now' : m.frequency === 'weekly' ? 'once a week' : m.frequency === 'once' ? 'once only' : '',
    m.route && m.route !== 'oral' ? m.route : '',
    m.timing === 'bedtime' ? 'at bedtime' : '',
    m.instructions ?? '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** The dose column: the pattern itself ("1-0-1"), or SOS/STAT. */
export function doseColumn(m: Medication): string {
  if (!m.frequency) return '';
  const slots = doseSlots(m.frequency);
  return slots ? slots.map(doseText).join('-') : m.frequency === 'weekly' || m.frequency === 'once' ? '' : m.frequency;
}

export function foodColumn(m: Medication): string {
  if (!m.timing || m.timing === 'bedtime') return '';
  return m.timing.charAt(0).toUpperCase() + m.timing.slice(1);
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Vitals as printed ("BP 124/82 mmHg"), in the order a doctor reads them. */
export function vitalsList(v: Vitals): string[] {
  const out: string[] = [];
  if (v.systolic != null && v.diastolic != null) out.push(`BP ${num(v.systolic)}/${num(v.diastolic)} mmHg`);
  else if (v.systolic != null) out.push(`Systolic BP ${num(v.systolic)} mmHg`);
  if (v.pulse != null) out.push(`Pulse ${num(v.pulse)}/min`);
  if (v.temperatureF != null) out.push(`Temp ${num(v.temperatureF)} °F`);
  if (v.temperatureC != null) out.push(`Temp ${num(v.temperatureC)} °C`);
  if (v.spo2 != null) out.push(`SpO2 ${num(v.spo2)}%`);
  if (v.respiratoryRate != null) out.push(`RR ${num(v.respiratoryRate)}/min`);
  if (v.weightKg != null) out.push(`Weight ${num(v.weightKg)} kg`);
  if (v.heightCm != null) out.push(`Height ${num(v.heightCm)} cm`);
  if (v.fastingSugar != null) out.push(`FBS ${num(v.fastingSugar)} mg/dL`);
  if (v.postprandialSugar != null) out.push(`PPBS ${num(v.postprandialSugar)} mg/dL`);
  if (v.randomSugar != null) out.push(`RBS ${num(v.randomSugar)} mg/dL`);
  return out;
}

export function symptomText(s: { name: string; durationDays?: number; durationText?: string }): string {
  if (s.durationDays != null) return `${s.name} for ${num(s.durationDays)} day${s.durationDays === 1 ? '' : 's'}`;
  return s.durationText ? `${s.name} (${s.durationText})` : s.name;
}
