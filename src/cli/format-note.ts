import type { ClinicalNote, Medication } from '../shared/schemas/note';

/** Pads by code points so Tamil/Telugu names do not break the columns too badly in a terminal. */
function pad(s: string, width: number): string {
  const len = [...s].length;
  return len >= width ? s : s + ' '.repeat(width - len);
}

export function prescriptionTable(meds: Medication[]): string {
  if (meds.length === 0) return '  (no medicines)\n';
  const rows = meds.map((m) => [
    m.name + (m.brand ? ` (${m.brand})` : '') + (m.form ? ` ${m.form}` : ''),
    m.strength ?? '',
    m.frequency ?? '',
    m.timing ?? '',
    m.durationDays != null ? String(m.durationDays) : '',
    [m.action !== 'start' ? m.action : '', m.route && m.route !== 'oral' ? m.route : '', m.instructions ?? ''].filter(Boolean).join('; '),
  ]);
  const head = ['Medicine', 'Strength', 'Dose', 'Food', 'Days', 'Notes'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd() + '\n';
  return line(head) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}

export function formatNote(note: ClinicalNote): string {
  const s = note.soap;
  const out: string[] = [];
  const v = s.objective.vitals;
  if (note.noMedicalContent) out.push('No clinical content was found in this transcript; nothing was recorded.\n');
  for (const f of note.flags) out.push(`! ${f.message}\n`);
  out.push('SUBJECTIVE\n');
  if (s.subjective.chiefComplaint) out.push(`  Chief complaint: ${s.subjective.chiefComplaint}\n`);
  for (const x of s.subjective.symptoms) {
    out.push(`  - ${x.negated ? 'No ' + x.name : x.name}${x.durationDays != null ? ` (${x.durationDays} day${x.durationDays === 1 ? '' : 's'})` : ''}\n`);
  }
  if (s.subjective.allergies.length) out.push(`  Allergies: ${s.subjective.allergies.map((a) => a.substance).join(', ')}\n`);
  else if (s.subjective.noKnownAllergies) out.push('  Allergies: none known\n');
  out.push('OBJECTIVE\n');
  const vit: string[] = [];
  if (v.systolic != null && v.diastolic != null) vit.push(`BP ${v.systolic}/${v.diastolic} mmHg`);
  if (v.temperatureF != null) vit.push(`Temp ${v.temperatureF} °F`);
  if (v.temperatureC != null) vit.push(`Temp ${v.temperatureC} °C`);
  if (v.pulse != null) vit.push(`Pulse ${v.pulse}/min`);
  if (v.spo2 != null) vit.push(`SpO2 ${v.spo2}%`);
  if (v.respiratoryRate != null) vit.push(`RR ${v.respiratoryRate}/min`);
  if (v.weightKg != null) vit.push(`Weight ${v.weightKg} kg`);
  if (v.fastingSugar != null) vit.push(`FBS ${v.fastingSugar} mg/dL`);
  if (v.postprandialSugar != null) vit.push(`PPBS ${v.postprandialSugar} mg/dL`);
  if (v.randomSugar != null) vit.push(`RBS ${v.randomSugar} mg/dL`);
  out.push(`  ${vit.length ? vit.join(' · ') : '(no vitals said)'}\n`);
  for (const e of s.objective.examination) out.push(`  - ${e.negated ? 'No ' + e.finding : e.finding}\n`);
  out.push('ASSESSMENT\n');
  for (const d of s.assessment.diagnoses) out.push(`  - ${d.name}${d.icd10 ? ` [ICD-10 ${d.icd10.code}]` : ''}\n`);
  if (!s.assessment.diagnoses.length) out.push('  (no diagnosis said)\n');
  out.push('PLAN\n');
  out.push(prescriptionTable(s.plan.medications));
  if (s.plan.investigations.length) out.push(`  Investigations: ${s.plan.investigations.map((i) => i.name).join(', ')}\n`);
  for (const a of s.plan.advice) out.push(`  Advice: ${a.text}\n`);
  if (s.plan.followUpDays != null) out.push(`  Follow-up: after ${s.plan.followUpDays} days\n`);
  if (s.plan.avoid.length) out.push(`  Not to take: ${s.plan.avoid.map((a) => a.name).join(', ')}\n`);
  return out.join('');
}
