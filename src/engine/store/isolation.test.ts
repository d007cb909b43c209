import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorSession } from './session';
import type { Store } from './store';
import { closeRawSql, initStore, makeNote, PASSWORD, rawSql, tempHome, transcriptOf } from './test-helpers';

// Two doctors share one PC. Doctor A must not reach doctor B's consultations through any call.
let store: Store;
let cleanup: () => void;
let home: string;
let a: DoctorSession;
let b: DoctorSession;
let bId: string;

beforeAll(async () => {
  const h = tempHome();
  cleanup = h.cleanup;
  home = h.home;
  store = await initStore(h.home);
  await store.addDoctor({ name: 'Dr A', password: PASSWORD });
  await store.addDoctor({ name: 'Dr B', password: 'b-password-2' });
  a = await store.signIn('Dr A', PASSWORD);
  b = await store.signIn('Dr B', 'b-password-2');
  store.create(a, { patient: { name: 'Anitha' }, language: 'ta', transcript: transcriptOf('தலைவலி இருக்கு'), note: makeNote({ complaint: 'headache' }) });
  const c = store.create(b, { patient: { name: 'Bhaskar Rao' }, language: 'te', transcript: transcriptOf('జ్వరం ఉంది', 'te'), note: makeNote({ complaint: 'fever', drug: 'paracetamol', language: 'te' }) });
  bId = c.id;
  await store.saveAudio(b, bId, Readable.from([Buffer.from('audio of B')]));
});
afterAll(() => {
  closeRawSql();
  store.close();
  cleanup();
});

describe('doctor isolation', () => {
  it('lists and searches only the signed-in doctor’s consultations', () => {
    expect(store.list(a).map((c) => c.patientName)).toEqual(['Anitha']);
    expect(store.list(b).map((c) => c.patientName)).toEqual(['Bhaskar Rao']);
    expect(store.search(a, 'Bhaskar')).toEqual([]);
    expect(store.search(a, 'జ్వరం')).toEqual([]);
    expect(store.search(a, 'paracetamol')).toEqual([]);
    expect(store.search(b, 'Bhaskar').map((c) => c.id)).toEqual([bId]);
  });

  it.each([
    ['read', () => store.get(a, bId)],
    ['export', () => store.export(a, bId)],
    ['list versions', () => store.versions(a, bId)],
    ['read a version', () => store.version(a, bId, 1)],
    ['diff', () => store.diff(a, bId, 1, 1)],
    ['edit the note', () => store.updateNote(a, bId, makeNote({ complaint: 'x' }))],
    ['change status', () => store.update(a, bId, { status: 'failed' })],
    ['sign', () => store.sign(a, bId)],
    ['delete', () => store.delete(a, bId)],
    ['open the audio', () => store.openAudio(a, bId)],
  ])('refuses to %s another doctor’s consultation, exactly as if it did not exist', (_what, call) => {
    expect(call).toThrow('There is no such consultation for this doctor.');
  });

  it('records every refused attempt in the audit log, with A as the actor', async () => {
    const refused = (await rawSql(home))
      .prepare("SELECT action FROM audit_log WHERE actor_id = ? AND entity_id = ? AND detail LIKE '%\"refused\":true%' ORDER BY seq")
      .pluck()
      .all(a.doctorId, bId);
    expect(refused).toEqual(['read', 'export', 'read', 'read', 'read', 'update', 'update', 'sign', 'delete', 'read']);
    expect(store.verifyAudit()).toMatchObject({ ok: true });
  });

  it('refuses to replace another doctor’s audio', async () => {
    await expect(store.saveAudio(a, bId, Readable.from([Buffer.from('x')]))).rejects.toThrow('There is no such consultation for this doctor.');
  });

  it('refuses to file a consultation under another doctor’s patient', () => {
    const patientOfB = store.get(b, bId).patient.id;
    expect(() => store.create(a, { patient: { id: patientOfB }, language: 'te' })).toThrow(/no such patient/);
    expect(store.create(b, { patient: { id: patientOfB }, language: 'te' }).patient.name).toBe('Bhaskar Rao');
  });

  it('leaves B’s consultation untouched after all of A’s attempts', () => {
    const c = store.get(b, bId);
    expect(c).toMatchObject({ status: 'ready', version: 1, patient: { name: 'Bhaskar Rao' } });
  });

  it('refuses calls without a real session: forged, signed out, or from another store', async () => {
    const forged = { doctorId: b.doctorId, doctorName: 'Dr B' } as unknown as DoctorSession;
    expect(() => store.list(forged)).toThrow('Sign in as a doctor first.');
    expect(() => store.get(forged, bId)).toThrow('Sign in as a doctor first.');
    expect(() => store.search(forged, 'fever')).toThrow('Sign in as a doctor first.');
    const other = tempHome();
    const otherStore = await initStore(other.home);
    try {
      await otherStore.addDoctor({ name: 'Dr B', password: 'b-password-2' });
      const foreign = await otherStore.signIn('Dr B', 'b-password-2');
      expect(() => store.list(foreign)).toThrow('Sign in as a doctor first.');
    } finally {
      otherStore.close();
      other.cleanup();
    }
    const temp = await store.signIn('Dr A', PASSWORD);
    store.signOut(temp);
    expect(() => store.list(temp)).toThrow('Sign in as a doctor first.');
  });
});
