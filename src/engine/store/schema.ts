/**
 * The tables, as drizzle sees them. The SQL that creates them lives in drizzle/ (one file per
 * migration, never edited once released); schema.test.ts checks the two agree. Rows that sync
 * carry client-generated UUIDs, updated_at and a deleted_at tombstone instead of being deleted.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { Language } from '../../shared/schemas/common';
import { ConsultationStatus } from '../../shared/schemas/domain';

/** A zod enum's values as the non-empty tuple drizzle wants. */
function values<T extends string>(options: readonly T[]): [T, ...T[]] {
  const [first, ...rest] = options;
  if (first === undefined) throw new Error('an enum needs at least one value');
  return [first, ...rest];
}

const stamps = {
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  deletedAt: text('deleted_at'),
};

export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const clinic = sqliteTable('clinic', {
  id: text('id').primaryKey(),
  name: text('name').notNull().default(''),
  address: text('address').notNull().default(''),
  phone: text('phone').notNull().default(''),
  registrationNumber: text('registration_number').notNull().default(''),
  logo: blob('logo', { mode: 'buffer' }),
  logoPath: text('logo_path'),
  ...stamps,
});

export const doctors = sqliteTable(
  'doctors',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** NFC, lower case, single spaces: what a login is looked up by. */
    nameKey: text('name_key').notNull(),
    qualifications: text('qualifications').notNull().default(''),
    registrationNumber: text('registration_number').notNull().default(''),
    passwordHash: text('password_hash').notNull(),
    ...stamps,
  },
  (t) => [uniqueIndex('doctors_name_key_live').on(t.nameKey).where(sql`${t.deletedAt} IS NULL`)],
);

export const patients = sqliteTable(
  'patients',
  {
    id: text('id').primaryKey(),
    doctorId: text('doctor_id')
      .notNull()
      .references(() => doctors.id),
    name: text('name').notNull().default(''),
    age: integer('age'),
    sex: text('sex', { enum: ['male', 'female', 'other'] }),
    phone: text('phone'),
    abhaId: text('abha_id'),
    ...stamps,
  },
  (t) => [index('patients_doctor').on(t.doctorId)],
);

export const consultations = sqliteTable(
  'consultations',
  {
    /** Local row number: the search index key. Explicit, so VACUUM (and so backups) keep it. */
    seq: integer('seq').primaryKey(),
    id: text('id').notNull().unique(),
    doctorId: text('doctor_id')
      .notNull()
      .references(() => doctors.id),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    language: text('language', { enum: values(Language.options) }).notNull(),
    status: text('status', { enum: values(ConsultationStatus.options) }).notNull(),
    audioPath: text('audio_path'),
    /** Transcript JSON (text and segments). */
    transcript: text('transcript'),
    /** Entity[] JSON. */
    entities: text('entities').notNull().default('[]'),
    currentVersion: integer('current_version').notNull().default(0),
    signedVersion: integer('signed_version'),
    signedAt: text('signed_at'),
    ...stamps,
  },
  (t) => [index('consultations_doctor_created').on(t.doctorId, t.createdAt)],
);

export const noteVersions = sqliteTable(
  'note_versions',
  {
    id: text('id').primaryKey(),
    consultationId: text('consultation_id')
      .notNull()
      .references(() => consultations.id),
    version: integer('version').notNull(),
    /** ClinicalNote JSON, whole, so any two versions can be compared. */
    note: text('note').notNull(),
    authorId: text('author_id')
      .notNull()
      .references(() => doctors.id),
    ...stamps,
  },
  (t) => [uniqueIndex('note_versions_consultation_version').on(t.consultationId, t.version)],
);

export const auditLog = sqliteTable('audit_log', {
  seq: integer('seq').primaryKey(),
  at: text('at').notNull(),
  actorId: text('actor_id'),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id'),
  /** Counts and version numbers only: never names, queries or note text. */
  detail: text('detail').notNull().default(''),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});
