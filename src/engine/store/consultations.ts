/**
 * Consultations and their notes, always for the signed-in doctor: every query carries the
 * session's doctor id, and another doctor's consultation is "not found", exactly like one that
 * does not exist. Every note edit is a new version; signing freezes the note.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Language } from '../../shared/schemas/common';
import type { ConsultationStatus, Entity, Patient, Transcript } from '../../shared/schemas/domain';
import type { ClinicalNote } from '../../shared/schemas/note';
import { cached, StoreError } from './connection';
import { audited, type StoreContext } from './context';
import { insertConsultationQuery, insertPatientQuery, insertVersionQuery, noteVersionQuery, ownedConsultationQuery, patientQuery, updateConsultationQuery } from './queries';
import { type ConsultationRecord, type ConsultationSummary, type PatientRecord, parseEntities, parseNote, parsePatient, parseTranscript, readEntities, readNote, readTranscript } from './records';
import { consultations, noteVersions } from './schema';
import { type ConsultationFilter, filterSql, indexConsultation, summariesOf, toSummary, unindexConsultation } from './search';
import { type DoctorSession, requireDoctor } from './session';

export interface NewConsultation {
  /** A new patient, or the id of one of this doctor's patients. */
  patient: Patient | { id: string };
  language: Language;
  transcript?: Transcript;
  entities?: Entity[];
  note?: ClinicalNote;
  status?: Exclude<ConsultationStatus, 'signed'>;
}

export interface ConsultationChanges {
  status?: Exclude<ConsultationStatus, 'signed'>;
  transcript?: Transcript;
  entities?: Entity[];
}

type Row = typeof consultations.$inferSelect;

const NOT_FOUND = 'There is no such consultation for this doctor.';

/** One of the doctor's live consultations, or "not found". */
export function ownedConsultation(ctx: StoreContext, doctorId: string, id: string): Row {
  const row = ownedConsultationQuery(ctx).get({ id, doctorId });
  if (!row) throw new StoreError('not-found', NOT_FOUND);
  return row;
}

export function refuseIfSigned(row: Row): void {
  if (row.signedVersion !== null) {
    throw new StoreError('note-signed', `This consultation was signed (${row.signedAt ?? ''}) and can no longer be changed.`);
  }
}

function patientOf(ctx: StoreContext, doctorId: string, patientId: string): PatientRecord | undefined {
  const p = patientQuery(ctx).get({ id: patientId, doctorId });
  if (!p) return undefined;
  return {
    id: p.id,
    name: p.name,
    ...(p.age !== null ? { age: p.age } : {}),
    ...(p.sex !== null ? { sex: p.sex } : {}),
    ...(p.phone !== null ? { phone: p.phone } : {}),
    ...(p.abhaId !== null ? { abhaId: p.abhaId } : {}),
  };
}

/** The record of a stored row; `known` skips re-reading what the caller just wrote. */
function toRecord(ctx: StoreContext, row: Row, known: { patient?: PatientRecord; note?: ClinicalNote; transcript?: Transcript; entities?: Entity[] } = {}): ConsultationRecord {
  const patient = known.patient ?? patientOf(ctx, row.doctorId, row.patientId);
  if (!patient) throw new StoreError('db-row-damaged', 'A stored consultation has lost its patient (damaged row).');
  const version = known.note ?? (row.currentVersion > 0 ? currentNote(ctx, row) : undefined);
  const transcript = known.transcript ?? (row.transcript !== null ? readTranscript(row.transcript) : undefined);
  return {
    id: row.id,
    doctorId: row.doctorId,
    patient,
    language: row.language,
    status: row.status,
    ...(row.audioPath !== null ? { audioPath: row.audioPath } : {}),
    ...(transcript ? { transcript } : {}),
    entities: known.entities ?? readEntities(row.entities),
    ...(version ? { note: version } : {}),
    version: row.currentVersion,
    ...(row.signedVersion !== null ? { signedVersion: row.signedVersion } : {}),
    ...(row.signedAt !== null ? { signedAt: row.signedAt } : {}),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function currentNote(ctx: StoreContext, row: Row): ClinicalNote {
  const v = noteVersionQuery(ctx).get({ consultationId: row.id, version: row.currentVersion });
  if (!v) throw new StoreError('db-row-damaged', 'A stored note version is missing (damaged row).');
  return readNote(v.note);
}

/** The placeholders of updateConsultationQuery that keep a row as it is. */
function unchanged(row: Row) {
  return { seq: row.seq, currentVersion: row.currentVersion, status: row.status, transcript: row.transcript, entities: row.entities };
}

function addVersion(ctx: StoreContext, consultationId: string, version: number, note: ClinicalNote, authorId: string, now: string): void {
  insertVersionQuery(ctx).run({ id: randomUUID(), consultationId, version, note: JSON.stringify(note), authorId, now });
}

export function createConsultation(ctx: StoreContext, session: DoctorSession, input: NewConsultation): ConsultationRecord {
  const doctorId = requireDoctor(ctx, session);
  const existingPatientId = 'id' in input.patient ? input.patient.id : undefined;
  const newPatient = 'id' in input.patient ? undefined : parsePatient(input.patient);
  const transcript = input.transcript === undefined ? undefined : parseTranscript(input.transcript);
  const entities = parseEntities(input.entities ?? []);
  const note = input.note === undefined ? undefined : parseNote(input.note);
  const now = ctx.now();
  const id = randomUUID();
  return audited(ctx, { actorId: doctorId, action: 'create', entity: 'consultation', entityId: id, detail: { version: note ? 1 : 0 } }, () => {
    let patient: PatientRecord | undefined;
    if (existingPatientId === undefined) {
      patient = { ...(newPatient ?? { name: '' }), id: randomUUID() };
      const { id: patientId, name, age, sex, phone, abhaId } = patient;
      insertPatientQuery(ctx).run({ id: patientId, doctorId, name, age: age ?? null, sex: sex ?? null, phone: phone ?? null, abhaId: abhaId ?? null, now });
    } else {
      patient = patientOf(ctx, doctorId, existingPatientId);
      if (!patient) throw new StoreError('not-found', 'There is no such patient for this doctor.');
    }
    const patientId = patient.id;
    const row = insertConsultationQuery(ctx).get({
      id,
      doctorId,
      patientId,
      language: input.language,
      status: input.status ?? (note ? 'ready' : 'recorded'),
      transcript: transcript ? JSON.stringify(transcript) : null,
      entities: JSON.stringify(entities),
      currentVersion: note ? 1 : 0,
      now,
    });
    if (note) addVersion(ctx, id, 1, note, doctorId, now);
    indexConsultation(ctx.client, row.seq);
    return toRecord(ctx, row, { patient, ...(note ? { note } : {}), ...(transcript ? { transcript } : {}), entities });
  });
}

export function getConsultation(ctx: StoreContext, session: DoctorSession, id: string): ConsultationRecord {
  const doctorId = requireDoctor(ctx, session);
  return audited(ctx, { actorId: doctorId, action: 'read', entity: 'consultation', entityId: id }, () => toRecord(ctx, ownedConsultation(ctx, doctorId, id)));
}

/** The doctor's consultations, newest first. */
export function listConsultations(ctx: StoreContext, session: DoctorSession, filter: ConsultationFilter = {}): ConsultationSummary[] {
  const doctorId = requireDoctor(ctx, session);
  const f = filterSql(filter);
  const sql = `WITH hits AS (SELECT c.seq FROM consultations c WHERE c.doctor_id = ? AND c.deleted_at IS NULL${f.where}
    ORDER BY c.created_at DESC, c.seq DESC LIMIT ?)${summariesOf('created')}`;
  return audited(
    ctx,
    { actorId: doctorId, action: 'list', entity: 'consultation' },
    () => (cached(ctx.client, sql).all(doctorId, ...f.params, f.limit) as Parameters<typeof toSummary>[0][]).map(toSummary),
    (rows) => ({ results: rows.length }),
  );
}

/**
 * Saves an edited note as a new version. `baseVersion` (the version the editor opened) guards
 * against two windows overwriting each other. Refused once the consultation is signed.
 */
export function updateNote(ctx: StoreContext, session: DoctorSession, id: string, note: ClinicalNote, baseVersion?: number): number {
  const doctorId = requireDoctor(ctx, session);
  const parsed = parseNote(note);
  return audited(ctx, { actorId: doctorId, action: 'update', entity: 'note', entityId: id }, () => {
    const row = ownedConsultation(ctx, doctorId, id);
    refuseIfSigned(row);
    if (baseVersion !== undefined && baseVersion !== row.currentVersion) {
      throw new StoreError('note-stale', `The note changed since it was opened (it is now version ${row.currentVersion}). Reopen it and edit again.`);
    }
    const now = ctx.now();
    const version = row.currentVersion + 1;
    addVersion(ctx, id, version, parsed, doctorId, now);
    const status = row.status === 'recorded' || row.status === 'failed' ? 'ready' : row.status;
    updateConsultationQuery(ctx).run({ ...unchanged(row), currentVersion: version, status, now });
    indexConsultation(ctx.client, row.seq);
    return version;
  }, (version) => ({ version }));
}

/** Pipeline progress: status, transcript, entities. Refused once signed. */
export function updateConsultation(ctx: StoreContext, session: DoctorSession, id: string, changes: ConsultationChanges): void {
  const doctorId = requireDoctor(ctx, session);
  const transcript = changes.transcript === undefined ? undefined : parseTranscript(changes.transcript);
  const entities = changes.entities === undefined ? undefined : parseEntities(changes.entities);
  if ((changes.status as string | undefined) === 'signed') throw new StoreError('invalid-input', 'Sign a consultation with sign, not by setting its status.');
  audited(ctx, { actorId: doctorId, action: 'update', entity: 'consultation', entityId: id }, () => {
    const row = ownedConsultation(ctx, doctorId, id);
    refuseIfSigned(row);
    updateConsultationQuery(ctx).run({
      ...unchanged(row),
      ...(changes.status ? { status: changes.status } : {}),
      ...(transcript ? { transcript: JSON.stringify(transcript) } : {}),
      ...(entities ? { entities: JSON.stringify(entities) } : {}),
      now: ctx.now(),
    });
    if (transcript) indexConsultation(ctx.client, row.seq);
  });
}

/** Signs the current version: from now on the note, transcript and status are frozen. */
export function signConsultation(ctx: StoreContext, session: DoctorSession, id: string): { version: number; signedAt: string } {
  const doctorId = requireDoctor(ctx, session);
  return audited(ctx, { actorId: doctorId, action: 'sign', entity: 'note', entityId: id }, () => {
    const row = ownedConsultation(ctx, doctorId, id);
    refuseIfSigned(row);
    if (row.currentVersion === 0) throw new StoreError('note-missing', 'There is no note to sign yet.');
    const signedAt = ctx.now();
    ctx.db.update(consultations).set({ signedVersion: row.currentVersion, signedAt, status: 'signed', updatedAt: signedAt }).where(eq(consultations.seq, row.seq)).run();
    return { version: row.currentVersion, signedAt };
  }, (r) => ({ version: r.version }));
}

/**
 * Deletes with a tombstone (deleted_at), so the deletion can sync; the row leaves search and
 * every list at once. A signed consultation is a medical record and is kept.
 */
export function deleteConsultation(ctx: StoreContext, session: DoctorSession, id: string): void {
  const doctorId = requireDoctor(ctx, session);
  audited(ctx, { actorId: doctorId, action: 'delete', entity: 'consultation', entityId: id }, () => {
    const row = ownedConsultation(ctx, doctorId, id);
    refuseIfSigned(row);
    const now = ctx.now();
    ctx.db.update(consultations).set({ deletedAt: now, updatedAt: now }).where(eq(consultations.seq, row.seq)).run();
    ctx.db.update(noteVersions).set({ deletedAt: now, updatedAt: now }).where(eq(noteVersions.consultationId, id)).run();
    unindexConsultation(ctx.client, row.seq);
  });
}

/** Everything an export (PDF, FHIR) needs; recorded in the audit log as an export. */
export function exportConsultation(ctx: StoreContext, session: DoctorSession, id: string): ConsultationRecord {
  const doctorId = requireDoctor(ctx, session);
  return audited(
    ctx,
    { actorId: doctorId, action: 'export', entity: 'consultation', entityId: id },
    () => toRecord(ctx, ownedConsultation(ctx, doctorId, id)),
    (r) => ({ version: r.version }),
  );
}
