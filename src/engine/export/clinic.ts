import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { UserError } from '../dispatch';

/**
 * A mistake in what the user gave the export (clinic file, logo, ICD-10 choice): one sentence to
 * act on. A UserError, so the app shows the sentence; the CLI exits with code 2.
 */
export class ExportInputError extends UserError {
  constructor(message: string) {
    super('export-input', message);
    this.name = 'ExportInputError';
  }
}

/** The letterhead: who signs the note and where the patient can call. */
export const ClinicFile = z.object({
  name: z.string().trim().min(1).max(200),
  address: z.string().max(500).default(''),
  phone: z.string().max(50).default(''),
  email: z.string().max(200).optional(),
  doctorName: z.string().trim().min(1).max(200),
  qualifications: z.string().max(200).default(''),
  registrationNumber: z.string().max(100).default(''),
  /** ABDM Health Facility Registry id, when the clinic has one. */
  facilityId: z.string().max(100).optional(),
  /** ABDM Healthcare Professionals Registry id of the doctor, when known. */
  hprId: z.string().max(100).optional(),
  /** A PNG or JPEG, relative to the clinic file. */
  logo: z.string().min(1).optional(),
});
export type ClinicFile = z.infer<typeof ClinicFile>;

export type ImageKind = 'png' | 'jpg';

export interface Clinic extends Omit<ClinicFile, 'logo'> {
  logo?: { bytes: Uint8Array; kind: ImageKind };
  /** The built-in sample letterhead: the PDF says so, so nobody mistakes it for a real clinic. */
  demo?: boolean;
}

export const DEMO_CLINIC: Clinic = {
  name: 'MedScribe Demo Clinic',
  address: 'Sample letterhead – not a real clinic. Give your own with --clinic FILE.json',
  phone: '+91 00000 00000',
  doctorName: 'Dr. Demo Doctor',
  qualifications: 'MBBS (sample)',
  registrationNumber: 'DEMO-0000',
  demo: true,
};

/** PNG and JPEG by their first bytes, not their file names. */
export function imageKind(bytes: Uint8Array): ImageKind | null {
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  return null;
}

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ExportInputError(`the ${what} "${path}" does not exist.`);
    if (code === 'EISDIR') throw new ExportInputError(`"${path}" is a folder; give the ${what} itself.`);
    throw new ExportInputError(`the ${what} "${path}" could not be read (${code ?? 'unknown error'}).`);
  }
}

/** Reads a clinic file (JSON) and its logo; every mistake becomes one sentence. */
export function loadClinicFile(path: string): Clinic {
  const text = readFile(path, 'clinic file').toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ExportInputError(`the clinic file "${path}" is not valid JSON.`);
  }
  const parsed = ClinicFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'the file';
    throw new ExportInputError(`the clinic file "${path}" has a problem in "${field}": ${issue?.message ?? 'invalid'}. It needs at least "name" and "doctorName".`);
  }
  const { logo, ...rest } = parsed.data;
  const clinic: Clinic = { ...rest };
  if (logo) {
    const logoPath = resolve(dirname(path), logo);
    const bytes = readFile(logoPath, 'clinic logo');
    const kind = imageKind(bytes);
    if (!kind) throw new ExportInputError(`the clinic logo "${logoPath}" is not a PNG or JPEG image.`);
    clinic.logo = { bytes, kind };
  }
  return clinic;
}
