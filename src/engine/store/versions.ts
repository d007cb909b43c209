/** A consultation's note history: every saved version, who wrote it and when, and diffs. */
import type { ClinicalNote } from '../../shared/schemas/note';
import { StoreError } from './connection';
import { audited, type StoreContext } from './context';
import { ownedConsultation } from './consultations';
import { diffNotes, type NoteChange } from './note-diff';
import { readNote } from './records';
import { noteVersionQuery, versionListQuery } from './queries';
import { type DoctorSession, requireDoctor } from './session';

export interface NoteVersionInfo {
  version: number;
  authorId: string;
  createdAt: string;
  /** This is the version that was signed. */
  signed: boolean;
}

export function listVersions(ctx: StoreContext, session: DoctorSession, id: string): NoteVersionInfo[] {
  const doctorId = requireDoctor(ctx, session);
  return audited(ctx, { actorId: doctorId, action: 'read', entity: 'note', entityId: id }, () => {
    const c = ownedConsultation(ctx, doctorId, id);
    return versionListQuery(ctx)
      .all({ consultationId: c.id })
      .map((v) => ({ ...v, signed: v.version === c.signedVersion }));
  });
}

function versionNote(ctx: StoreContext, consultationId: string, version: number): ClinicalNote {
  const row = noteVersionQuery(ctx).get({ consultationId, version });
  if (!row) throw new StoreError('not-found', `This consultation has no note version ${version}.`);
  return readNote(row.note);
}

export function getVersion(ctx: StoreContext, session: DoctorSession, id: string, version: number): ClinicalNote {
  const doctorId = requireDoctor(ctx, session);
  return audited(ctx, { actorId: doctorId, action: 'read', entity: 'note', entityId: id, detail: { version } }, () =>
    versionNote(ctx, ownedConsultation(ctx, doctorId, id).id, version),
  );
}

/** What changed from version `from` to version `to`. */
export function diffVersions(ctx: StoreContext, session: DoctorSession, id: string, from: number, to: number): NoteChange[] {
  const doctorId = requireDoctor(ctx, session);
  return audited(ctx, { actorId: doctorId, action: 'read', entity: 'note', entityId: id, detail: { from, to } }, () => {
    const c = ownedConsultation(ctx, doctorId, id);
    return diffNotes(versionNote(ctx, c.id, from), versionNote(ctx, c.id, to));
  });
}
