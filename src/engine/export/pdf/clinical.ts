import type { ClinicalNote } from '../../../shared/schemas/note';
import {
  doseColumn,
  foodColumn,
  followUpDate,
  formatDate,
  medicationNotes,
  medicineLabel,
  medicineWithStrength,
  noteDate,
  vitalsList,
} from '../format';
import { createPdf, type PdfInput, savePdf } from './document';
import { drawFooter, drawLetterhead, drawPatientBlock, drawRunningHeader, drawSignature, type Letterhead } from './letterhead';
import { lineHeight, MUTED, PageFlow } from './page-flow';
import { type Column, drawTable } from './table';

const RX_COLUMNS: Column[] = [
  { title: '#', width: 4, align: 'center' },
  { title: 'Medicine', width: 29, bold: true },
  { title: 'Strength', width: 12 },
  { title: 'Dose (M-N-N)', width: 12, align: 'center' },
  { title: 'Food', width: 13 },
  { title: 'Days', width: 7, align: 'center' },
  { title: 'Notes', width: 23 },
];

function rxRows(note: ClinicalNote): string[][] {
  return note.soap.plan.medications.map((m, i) => [
    String(i + 1),
    medicineLabel(m),
    m.strength ?? '',
    doseColumn(m),
    foodColumn(m),
    m.durationDays != null ? String(m.durationDays) : '',
    medicationNotes(m),
  ]);
}

function followUpText(note: ClinicalNote): string {
  const plan = note.soap.plan;
  const date = followUpDate(note);
  if (date) return `${formatDate(date)} (after ${plan.followUpDays} day${plan.followUpDays === 1 ? '' : 's'})`;
  return plan.followUpText ?? '';
}

/** The clinical note on the clinic's letterhead: SOAP, the prescription table, signature. */
export async function renderClinicalPdf(input: PdfInput): Promise<Uint8Array> {
  const { note, patient, clinic } = input;
  const { doc, text, paper, logo } = await createPdf(input, 'Consultation note', '');
  const lh: Letterhead = { clinic, logo, text, paper };
  const dateText = formatDate(noteDate(note));
  const running = [patient.name, dateText].filter(Boolean).join(' · ');
  const s = paper.scale;
  const flow = new PageFlow(doc, text, paper, (page, i) => (i === 0 ? drawLetterhead(page, lh) : drawRunningHeader(page, lh, running)), 16 * s);
  const body = 10 * s;
  const head = 11.5 * s;

  flow.gap(4 * s);
  flow.paragraph('Consultation note', { size: 13 * s, weight: 'bold' });
  drawPatientBlock(flow, patient, dateText);

  const soap = note.soap;
  if (note.noMedicalContent) {
    flow.gap(6 * s);
    flow.paragraph('No symptoms, findings, diagnosis or medicines were recorded in this consultation.', { size: body, color: MUTED });
  }

  const subj = soap.subjective;
  const allergies = subj.allergies.map((a) => (a.reaction ? `${a.substance} (${a.reaction})` : a.substance)).join(', ');
  const subjective: [string, string][] = [
    ['Chief complaint:', subj.chiefComplaint || note.chiefComplaint],
    ['History:', subj.history],
    ['Allergies:', allergies || (subj.noKnownAllergies ? 'No known allergies' : '')],
  ];
  const previous = soap.plan.previousMedications.map((m) => m.name).join(', ');
  if (previous) subjective.push(['Medicines taken before:', previous]);
  section(flow, 'Subjective', subjective, head, body);

  const vitals = vitalsList(soap.objective.vitals).join(' · ');
  const exam = soap.objective.examination.map((e) => (e.negated ? `no ${e.finding}` : e.finding)).join(', ');
  section(flow, 'Objective', [['Vitals:', vitals], ['Examination:', exam]], head, body);

  if (soap.assessment.diagnoses.length) {
    flow.heading('Assessment', head);
    for (const d of soap.assessment.diagnoses) {
      const code = d.icd10 ? ` — ICD-10 ${d.icd10.code}${d.icd10.title ? ` (${d.icd10.title})` : ''}` : '';
      flow.paragraph(`• ${capital(d.name)}${code}`, { size: body }, 4 * s);
    }
  }

  const plan = soap.plan;
  const hasPlan = plan.medications.length + plan.investigations.length + plan.advice.length + plan.avoid.length + plan.givenInClinic.length > 0 || plan.followUpDays != null || plan.followUpText;
  if (hasPlan) {
    flow.heading('Plan', head);
    if (plan.medications.length) {
      flow.gap(2 * s);
      drawTable(flow, RX_COLUMNS, rxRows(note), 9.2 * s);
      flow.gap(4 * s);
    } else {
      flow.paragraph('No medicines prescribed.', { size: body, color: MUTED });
    }
    const given = plan.givenInClinic.map(medicineWithStrength).join(', ');
    const lines: [string, string][] = [
      ['Given in the clinic:', given],
      ['Not to take:', plan.avoid.map((a) => capital(a.name)).join(', ')],
      ['Investigations:', plan.investigations.map((i) => i.name).join(', ')],
    ];
    for (const [label, value] of lines) if (value) flow.labelled(label, value, body);
    if (plan.advice.length) {
      flow.ensure(lineHeight(body) * 2);
      flow.labelled('Advice:', '', body);
      for (const a of plan.advice) flow.paragraph(`• ${a.text}`, { size: body }, 8 * s);
    }
    const fu = followUpText(note);
    if (fu) flow.labelled('Follow-up:', fu, body);
  }

  drawSignature(flow, clinic);
  flow.finish((page, i, n) => drawFooter(page, lh, i, n, clinic.demo ? 'sample letterhead' : ''));
  return savePdf(doc);
}

function section(flow: PageFlow, title: string, rows: [string, string][], head: number, body: number): void {
  const filled = rows.filter(([, v]) => v.trim());
  if (!filled.length) return;
  flow.heading(title, head);
  for (const [label, value] of filled) flow.labelled(label, value, body);
  flow.gap(lineHeight(body) * 0.15);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
