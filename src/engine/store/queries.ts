/**
 * The store's frequent queries, each prepared once per open store (see `prepared` in
 * context.ts for why) with placeholders for its values. Every consultation query here takes
 * the doctor id; the callers get it from a session.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { prepared, type StoreContext } from './context';
import { consultations, doctors, noteVersions, patients } from './schema';

const p = sql.placeholder;

export const ownedConsultationQuery = (ctx: StoreContext) =>
  prepared(ctx, 'owned-consultation', () =>
    ctx.db
      .select()
      .from(consultations)
      .where(and(eq(consultations.id, p('id')), eq(consultations.doctorId, p('doctorId')), isNull(consultations.deletedAt)))
      .prepare(),
  );

export const patientQuery = (ctx: StoreContext) =>
  prepared(ctx, 'patient', () =>
    ctx.db
      .select()
      .from(patients)
      .where(and(eq(patients.id, p('id')), eq(patients.doctorId, p('doctorId')), isNull(patients.deletedAt)))
      .prepare(),
  );

export const noteVersionQuery = (ctx: StoreContext) =>
  prepared(ctx, 'note-version', () =>
    ctx.db
      .select({ note: noteVersions.note })
      .from(noteVersions)
      .where(and(eq(noteVersions.consultationId, p('consultationId')), eq(noteVersions.version, p('version'))))
      .prepare(),
  );

export const versionListQuery = (ctx: StoreContext) =>
  prepared(ctx, 'version-list', () =>
    ctx.db
      .select({ version: noteVersions.version, authorId: noteVersions.authorId, createdAt: noteVersions.createdAt })
      .from(noteVersions)
      .where(eq(noteVersions.consultationId, p('consultationId')))
      .orderBy(asc(noteVersions.version))
      .prepare(),
  );

export const insertPatientQuery = (ctx: StoreContext) =>
  prepared(ctx, 'insert-patient', () =>
    ctx.db
      .insert(patients)
      .values({ id: p('id'), doctorId: p('doctorId'), name: p('name'), age: p('age'), sex: p('sex'), phone: p('phone'), abhaId: p('abhaId'), createdAt: p('now'), updatedAt: p('now') })
      .prepare(),
  );

export const insertConsultationQuery = (ctx: StoreContext) =>
  prepared(ctx, 'insert-consultation', () =>
    ctx.db
      .insert(consultations)
      .values({
        id: p('id'),
        doctorId: p('doctorId'),
        patientId: p('patientId'),
        language: p('language'),
        status: p('status'),
        transcript: p('transcript'),
        entities: p('entities'),
        currentVersion: p('currentVersion'),
        createdAt: p('now'),
        updatedAt: p('now'),
      })
      .returning()
      .prepare(),
  );

export const insertVersionQuery = (ctx: StoreContext) =>
  prepared(ctx, 'insert-version', () =>
    ctx.db
      .insert(noteVersions)
      .values({ id: p('id'), consultationId: p('consultationId'), version: p('version'), note: p('note'), authorId: p('authorId'), createdAt: p('now'), updatedAt: p('now') })
      .prepare(),
  );

/** Sets the note version, status, transcript and entities of one row (callers pass the old value to keep one). */
export const updateConsultationQuery = (ctx: StoreContext) =>
  prepared(ctx, 'update-consultation', () =>
    ctx.db
      .update(consultations)
      // set() takes no bare placeholders; wrapped in sql they bind the same way.
      .set({
        currentVersion: sql`${p('currentVersion')}`,
        status: sql`${p('status')}`,
        transcript: sql`${p('transcript')}`,
        entities: sql`${p('entities')}`,
        updatedAt: sql`${p('now')}`,
      })
      .where(eq(consultations.seq, p('seq')))
      .prepare(),
  );

export const doctorByNameQuery = (ctx: StoreContext) =>
  prepared(ctx, 'doctor-by-name', () =>
    ctx.db
      .select({ id: doctors.id, name: doctors.name, passwordHash: doctors.passwordHash })
      .from(doctors)
      .where(and(eq(doctors.nameKey, p('nameKey')), isNull(doctors.deletedAt)))
      .prepare(),
  );
