import { resolve } from 'node:path';
import type { Patient } from '../../shared/schemas/domain';
import { type Clinic, DEMO_CLINIC, ExportInputError, loadClinicFile } from './clinic';
import type { Icd10Choices } from './icd10';
import type { Paper } from './pdf/page-flow';

/** The export options as a command line gives them: strings, each checked here. */
export interface ExportFlags {
  patient?: string;
  age?: string;
  sex?: string;
  paper?: string;
  clinic?: string;
  icd10?: string[];
}

export interface ExportRequest {
  patient: Patient;
  clinic: Clinic;
  paper: Paper;
  icd10: Icd10Choices;
}

const SEXES = ['male', 'female', 'other'] as const;

/** Checks the flags and reads the clinic file; every mistake is one sentence (ExportInputError). */
export function exportRequest(flags: ExportFlags): ExportRequest {
  const patient: Patient = { name: (flags.patient ?? '').trim() };
  if (patient.name.length > 200) throw new ExportInputError('--patient is longer than 200 characters.');
  if (flags.age !== undefined) {
    const age = Number(flags.age);
    if (!/^\d{1,3}$/.test(flags.age.trim()) || age > 130) throw new ExportInputError(`--age must be a whole number of years from 0 to 130 (got "${flags.age}").`);
    patient.age = age;
  }
  if (flags.sex !== undefined) {
    const sex = flags.sex.toLowerCase();
    if (!(SEXES as readonly string[]).includes(sex)) throw new ExportInputError(`--sex must be one of ${SEXES.join(', ')} (got "${flags.sex}").`);
    patient.sex = sex as Patient['sex'];
  }
  const paper = (flags.paper ?? 'a4').toLowerCase();
  if (paper !== 'a4' && paper !== 'a5') throw new ExportInputError(`--paper must be a4 or a5 (got "${flags.paper}").`);
  const icd10: Icd10Choices = {};
  for (const choice of flags.icd10 ?? []) {
    const eq = choice.lastIndexOf('=');
    if (eq <= 0) throw new ExportInputError(`--icd10 takes DIAGNOSIS=CODE, like "gastritis=K29.7" (got "${choice}").`);
    icd10[choice.slice(0, eq).trim()] = choice.slice(eq + 1).trim();
  }
  const clinic = flags.clinic ? loadClinicFile(resolve(flags.clinic)) : DEMO_CLINIC;
  return { patient, clinic, paper, icd10 };
}
