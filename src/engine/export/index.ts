import type { z } from 'zod';
import { Patient } from '../../shared/schemas/domain';
import { ClinicalNote } from '../../shared/schemas/note';
import { loadLexicon } from '../nlp/lexicon';
import { type Clinic, DEMO_CLINIC, ExportInputError } from './clinic';
import { type Bundle, type IdGenerator } from './fhir/builder';
import { buildOpConsultBundle, buildPrescriptionBundle } from './fhir/bundles';
import { applyIcd10Choices, type Icd10Choices, type Icd10Lookup, normaliseIcd10 } from './icd10';
import { renderClinicalPdf } from './pdf/clinical';
import type { Paper } from './pdf/page-flow';
import { renderTakeHomePdf } from './pdf/take-home';

export { DEMO_CLINIC, ExportInputError, loadClinicFile, type Clinic } from './clinic';
export { seededIds, randomIds, type Bundle, type IdGenerator } from './fhir/builder';
export { buildOpConsultBundle, buildPrescriptionBundle } from './fhir/bundles';
export { applyIcd10Choices, type Icd10Choices } from './icd10';
export { renderClinicalPdf } from './pdf/clinical';
export { renderTakeHomePdf } from './pdf/take-home';
export type { Paper } from './pdf/page-flow';

export interface ExportOptions {
  note: ClinicalNote;
  patient?: Patient;
  /** The letterhead; the labelled demo clinic when absent. */
  clinic?: Clinic;
  paper?: Paper;
  /** The doctor's ICD-10 choices: diagnosis name → code. */
  icd10?: Icd10Choices;
  resourcesDir: string;
  /** Export time and resource ids for the FHIR bundles (fixed in tests). */
  now?: Date;
  newId?: IdGenerator;
  patientId?: string;
}

export interface ExportResult {
  /** The note with the doctor's ICD-10 choices applied: what the PDF and bundles carry. */
  note: ClinicalNote;
  notePdf: Uint8Array;
  takeHomePdf: Uint8Array;
  opConsultBundle: Bundle;
  prescriptionBundle: Bundle;
  timings: { notePdfMs: number; takeHomePdfMs: number; fhirMs: number };
}

/** Titles for codes the doctor typed that were not among the note's suggestions: from the diagnosis lexicon. */
function lexiconLookup(resourcesDir: string): Icd10Lookup {
  return (code) => {
    try {
      for (const d of loadLexicon(resourcesDir).diagnoses.values()) if (d.icd10 && normaliseIcd10(d.icd10) === code) return d.icd10Title;
    } catch {
      // No lexicon (a bare resources folder): the code is kept without a title.
    }
    return undefined;
  };
}

function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new ExportInputError(`the ${what} is not valid (${issue ? `${issue.path.map(String).join('.') || 'value'}: ${issue.message}` : 'unknown problem'}).`);
}

/** Every export of one note: the clinical PDF, the take-home sheet and the two ABDM bundles. */
export async function exportNote(opts: ExportOptions): Promise<ExportResult> {
  const parsed = parseInput<ClinicalNote>(ClinicalNote, opts.note, 'note');
  const patient = parseInput<Patient>(Patient, opts.patient ?? {}, 'patient');
  const note = applyIcd10Choices(parsed, opts.icd10, lexiconLookup(opts.resourcesDir));
  const clinic = opts.clinic ?? DEMO_CLINIC;
  const pdfInput = { note, patient, clinic, paper: opts.paper, resourcesDir: opts.resourcesDir };
  let t = performance.now();
  const notePdf = await renderClinicalPdf(pdfInput);
  const notePdfMs = performance.now() - t;
  t = performance.now();
  const takeHomePdf = await renderTakeHomePdf(pdfInput);
  const takeHomePdfMs = performance.now() - t;
  t = performance.now();
  const fhirInput = { note, patient, clinic, now: opts.now, newId: opts.newId, patientId: opts.patientId };
  const opConsultBundle = buildOpConsultBundle(fhirInput);
  const prescriptionBundle = buildPrescriptionBundle(fhirInput);
  const fhirMs = performance.now() - t;
  return { note, notePdf, takeHomePdf, opConsultBundle, prescriptionBundle, timings: { notePdfMs, takeHomePdfMs, fhirMs } };
}

/** The files `medscribe note --out DIR` writes, by name. */
export function exportFiles(r: ExportResult): Record<string, string | Uint8Array> {
  return {
    'note.json': `${JSON.stringify(r.note, null, 2)}\n`,
    'note.pdf': r.notePdf,
    'take-home.pdf': r.takeHomePdf,
    'fhir-bundle.json': `${JSON.stringify(r.opConsultBundle, null, 2)}\n`,
    'prescription-bundle.json': `${JSON.stringify(r.prescriptionBundle, null, 2)}\n`,
  };
}
