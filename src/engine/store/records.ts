/** Validation of what goes into the store and of the JSON that comes back out of it. */
import { z } from 'zod';
import type { Language } from '../../shared/schemas/common';
import { type ConsultationStatus, Entity, Patient, Transcript } from '../../shared/schemas/domain';
import { ClinicalNote } from '../../shared/schemas/note';
import { StoreError } from './connection';

export type PatientRecord = Patient & { id: string };

export interface ConsultationRecord {
  id: string;
  doctorId: string;
  patient: PatientRecord;
  language: Language;
  status: ConsultationStatus;
  /** Relative to the data folder; the file is encrypted (see audio-file.ts). */
  audioPath?: string;
  transcript?: Transcript;
  entities: Entity[];
  note?: ClinicalNote;
  /** The current note version (0: no note yet). */
  version: number;
  signedVersion?: number;
  signedAt?: string;
  createdAt: string;
  updatedAt: string;
}

export interface ConsultationSummary {
  id: string;
  patientName: string;
  language: Language;
  status: ConsultationStatus;
  version: number;
  signed: boolean;
  chiefComplaint: string;
  createdAt: string;
  updatedAt: string;
}

const Entities = z.array(Entity);

/** Parses input; the message names the fields that are wrong, never their values. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = [...new Set(result.error.issues.map((i) => i.path.join('.') || '(whole)'))].slice(0, 5).join(', ');
  throw new StoreError('invalid-input', `The ${what} is not valid (check: ${fields}).`);
}

export const parsePatient = (v: unknown): Patient => {
  const p = parseInput(Patient, v, 'patient');
  return { ...p, name: p.name.normalize('NFC').trim() };
};
/** Transcripts are kept NFC, as the note engine reads them (evidence offsets point into NFC text). */
export const parseTranscript = (v: unknown): Transcript => {
  const t = parseInput(Transcript, v, 'transcript');
  return { ...t, text: t.text.normalize('NFC') };
};
export const parseEntities = (v: unknown): Entity[] => parseInput(Entities, v, 'entity list');
export const parseNote = (v: unknown): ClinicalNote => parseInput(ClinicalNote, v, 'note');

/** JSON read back from the database: a row that no longer parses is damage, reported without content. */
export function fromJson<S extends z.ZodType>(schema: S, json: string, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new StoreError('db-row-damaged', `A stored ${what} cannot be read (damaged row).`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new StoreError('db-row-damaged', `A stored ${what} cannot be read (damaged row).`);
  return result.data;
}

export const readNote = (json: string): ClinicalNote => fromJson(ClinicalNote, json, 'note');
export const readTranscript = (json: string): Transcript => fromJson(Transcript, json, 'transcript');
export const readEntities = (json: string): Entity[] => fromJson(Entities, json, 'entity list');
