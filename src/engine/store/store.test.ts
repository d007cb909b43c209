import { createHash } from 'node:crypto';
import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SafeStorageKeyWrapper } from '../keys/safe-storage';
import { Store } from './store';
import { closeRawSql, failure, initStore, makeNote, PASSWORD, rawSql, storeOptions, tempHome, transcriptOf } from './test-helpers';

const homes: (() => void)[] = [];
const stores: Store[] = [];
afterEach(() => {
  closeRawSql();
  stores.splice(0).forEach((s) => s.close());
  homes.splice(0).forEach((c) => c());
});

function home(): string {
  const h = tempHome();
  homes.push(h.cleanup);
  return h.home;
}
async function fresh(): Promise<{ store: Store; home: string }> {
  const h = home();
  const store = await initStore(h);
  stores.push(store);
  return { store, home: h };
}
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('opening the store', () => {
  it('creates a data folder that opens again with the same passphrase, at the newest schema', async () => {
    const { store, home: h } = await fresh();
    expect(store.stats().schemaVersion).toBe(2);
    await store.addDoctor({ name: 'Dr Meena', password: PASSWORD });
    store.close();
    const again = await Store.open(storeOptions(h));
    stores.push(again);
    expect(again.migration.applied).toEqual([]);
    expect(again.listDoctors().map((d) => d.name)).toEqual(['Dr Meena']);
  });

  it('refuses a wrong passphrase with a sentence, and changes nothing', async () => {
    const { store, home: h } = await fresh();
    const layout = store.layout;
    store.close();
    const before = sha(layout.db);
    expect(await failure(Store.open(storeOptions(h, 'not the passphrase')))).toEqual({ code: 'wrong-passphrase', message: expect.stringMatching(/passphrase is wrong/) });
    expect(sha(layout.db)).toBe(before);
  });

  it('refuses to init over an existing database', async () => {
    const { store, home: h } = await fresh();
    store.close();
    await expect(initStore(h)).rejects.toMatchObject({ code: 'db-exists' });
  });

  it('says so when the folder was never initialised', async () => {
    await expect(Store.open(storeOptions(home()))).rejects.toMatchObject({ code: 'not-initialised' });
  });

  it('refuses a missing key file and a missing database', async () => {
    const { store, home: h } = await fresh();
    const layout = store.layout;
    store.close();
    const key = readFileSync(layout.keyFile);
    rmSync(layout.keyFile);
    await expect(Store.open(storeOptions(h))).rejects.toMatchObject({ code: 'key-missing' });
    writeFileSync(layout.keyFile, key);
    rmSync(layout.db);
    await expect(Store.open(storeOptions(h))).rejects.toMatchObject({ code: 'db-missing' });
  });

  it.each([
    ['cut to half', (p: string) => truncateSync(p, Math.floor(readFileSync(p).length / 2)), 'db-damaged'],
    ['cut to one page', (p: string) => truncateSync(p, 4096), 'db-damaged'],
    ['emptied', (p: string) => truncateSync(p, 0), 'db-damaged'],
    ['overwritten with noise', (p: string) => writeFileSync(p, Buffer.alloc(readFileSync(p).length, 7)), 'db-key-mismatch'],
  ])('refuses a database file %s and never replaces it with an empty one', async (_what, damage, code) => {
    const { store, home: h } = await fresh();
    const session = await (await store.addDoctor({ name: 'Dr A', password: PASSWORD }), store.signIn('Dr A', PASSWORD));
    for (let i = 0; i < 40; i++) store.create(session, { patient: { name: `P${i}` }, language: 'ta', note: makeNote({ complaint: 'fever '.repeat(50) }) });
    const layout = store.layout;
    store.close();
    damage(layout.db);
    const before = sha(layout.db);
    expect(await failure(Store.open(storeOptions(h)))).toEqual({ code, message: expect.stringMatching(/Nothing was changed|restore/i) });
    expect(sha(layout.db)).toBe(before);
  });

  it('refuses a damaged key file', async () => {
    const { store, home: h } = await fresh();
    const layout = store.layout;
    store.close();
    truncateSync(layout.keyFile, 40);
    expect(await failure(Store.open(storeOptions(h)))).toEqual({ code: 'key-damaged', message: expect.stringMatching(/key file is damaged/) });
  });

  it('finishes an init that stopped after writing the key, with that key', async () => {
    const { store, home: h } = await fresh();
    const layout = store.layout;
    store.close();
    const key = readFileSync(layout.keyFile);
    rmSync(layout.db);
    (await initStore(h)).close();
    expect(readFileSync(layout.keyFile)).toEqual(key);
    expect(await failure(initStore(h))).toMatchObject({ code: 'db-exists' });
  });

  it('opens with the operating system keystore in the app, and not with a passphrase', async () => {
    const h = home();
    const fakeKeystore = {
      isAsyncEncryptionAvailable: async () => true,
      encryptStringAsync: async (t: string) => Buffer.from(t).reverse(),
      decryptStringAsync: async (b: Buffer) => ({ result: Buffer.from(b).reverse().toString(), shouldReEncrypt: false }),
    };
    const opts = { ...storeOptions(h), wrapper: new SafeStorageKeyWrapper(fakeKeystore, { platform: 'win32' }) };
    (await Store.init(opts)).close();
    const again = await Store.open(opts);
    stores.push(again);
    expect(again.stats().schemaVersion).toBe(2);
    expect(await failure(Store.open(storeOptions(h)))).toEqual({ code: 'key-wrong-kind', message: expect.stringMatching(/made by the desktop app/) });
  });

  it('refuses an unencrypted SQLite file in place of the database', async () => {
    const { store, home: h } = await fresh();
    const layout = store.layout;
    store.close();
    rmSync(layout.db);
    const Database = createRequire(import.meta.url)('better-sqlite3-multiple-ciphers') as typeof BetterSqlite3;
    const plain = new Database(layout.db);
    plain.exec('CREATE TABLE t (x)');
    plain.close();
    await expect(Store.open(storeOptions(h))).rejects.toMatchObject({ code: 'db-not-encrypted' });
  });

  it('runs in WAL mode with synchronous FULL and a busy timeout', async () => {
    const { store } = await fresh();
    expect(store.stats()).toMatchObject({ journalMode: 'wal', synchronous: 'FULL', busyTimeoutMs: 5000, foreignKeys: true });
  });
});

describe('doctors', () => {
  it('signs in with the right password only, whatever the spacing and case of the name', async () => {
    const { store } = await fresh();
    await store.addDoctor({ name: '  Dr   Meena ', password: PASSWORD, registrationNumber: 'TN-1234' });
    const s = await store.signIn('dr meena', PASSWORD);
    expect(s.doctorName).toBe('Dr Meena');
    await expect(store.signIn('Dr Meena', 'wrong-password')).rejects.toMatchObject({ code: 'sign-in-refused' });
    await expect(store.signIn('Dr Nobody', PASSWORD)).rejects.toMatchObject({ code: 'sign-in-refused' });
  });

  it('refuses a duplicate name, an empty name and a short password', async () => {
    const { store } = await fresh();
    await store.addDoctor({ name: 'Dr Meena', password: PASSWORD });
    await expect(store.addDoctor({ name: 'DR MEENA', password: PASSWORD })).rejects.toMatchObject({ code: 'doctor-exists' });
    await expect(store.addDoctor({ name: '   ', password: PASSWORD })).rejects.toMatchObject({ code: 'doctor-name' });
    await expect(store.addDoctor({ name: 'Dr Ravi', password: 'short' })).rejects.toMatchObject({ code: 'password-short' });
  });

  it('stores a scrypt hash, not the password', async () => {
    const { store, home: h } = await fresh();
    await store.addDoctor({ name: 'Dr Meena', password: PASSWORD });
    const hash = (await rawSql(h)).prepare('SELECT password_hash FROM doctors').pluck().get() as string;
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(hash).not.toContain(PASSWORD);
  });
});

describe('clinic profile', () => {
  it('keeps the letterhead details and logo bytes', async () => {
    const { store } = await fresh();
    await store.addDoctor({ name: 'Dr A', password: PASSWORD });
    const s = await store.signIn('Dr A', PASSWORD);
    expect(store.clinicProfile()).toBeUndefined();
    const logo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    store.setClinicProfile(s, { name: 'Sri Clinic', address: '12 Anna Salai, Chennai', phone: '044 1234', registrationNumber: 'CE/123', logo });
    store.setClinicProfile(s, { name: 'Sri Clinic', address: '14 Anna Salai, Chennai', phone: '044 1234', registrationNumber: 'CE/123', logo });
    expect(store.clinicProfile()).toMatchObject({ address: '14 Anna Salai, Chennai', logo });
    expect(() => store.setClinicProfile(s, { name: 'x', address: '', phone: '', registrationNumber: '', logo: Buffer.alloc(3 * 1024 * 1024) })).toThrow(/2 MB/);
  });
});

describe('consultations and note versions', () => {
  async function withDoctor() {
    const { store, home: h } = await fresh();
    await store.addDoctor({ name: 'Dr A', password: PASSWORD });
    return { store, s: await store.signIn('Dr A', PASSWORD), sql: await rawSql(h) };
  }

  it('stores a consultation and reads back what was stored', async () => {
    const { store, s } = await withDoctor();
    const note = makeNote({ complaint: 'fever for 3 days', drug: 'paracetamol' });
    const c = store.create(s, {
      patient: { name: 'Lakshmi', age: 34, sex: 'female', phone: '9876543210', abhaId: '12-3456-7890-1234' },
      language: 'ta',
      transcript: transcriptOf('மூன்று நாளா காய்ச்சல்'),
      note,
    });
    const back = store.get(s, c.id);
    expect(back).toMatchObject({ status: 'ready', version: 1, patient: { name: 'Lakshmi', age: 34, abhaId: '12-3456-7890-1234' }, transcript: { text: 'மூன்று நாளா காய்ச்சல்' } });
    expect(back.note).toEqual(note);
    expect(store.list(s).map((x) => x.id)).toEqual([c.id]);
  });

  it('keeps every edit as a version with its author and time, diffable', async () => {
    const { store, s } = await withDoctor();
    const c = store.create(s, { patient: { name: 'Ravi' }, language: 'en', note: makeNote({ complaint: 'fever', drug: 'paracetamol' }) });
    const edited = makeNote({ complaint: 'fever and cough', drug: 'azithromycin' });
    expect(store.updateNote(s, c.id, edited, 1)).toBe(2);
    expect(store.get(s, c.id).note?.chiefComplaint).toBe('fever and cough');
    expect(store.versions(s, c.id).map((v) => [v.version, v.authorId === s.doctorId])).toEqual([[1, true], [2, true]]);
    expect(store.version(s, c.id, 1).chiefComplaint).toBe('fever');
    const changes = store.diff(s, c.id, 1, 2);
    expect(changes).toContainEqual({ path: 'chiefComplaint', kind: 'changed', before: 'fever', after: 'fever and cough' });
    expect(changes).toContainEqual({ path: 'soap.plan.medications[0].name', kind: 'changed', before: 'paracetamol', after: 'azithromycin' });
    expect(() => store.updateNote(s, c.id, edited, 1)).toThrow(/changed since it was opened/);
  });

  it('freezes the note at sign-off and says why later edits are refused', async () => {
    const { store, s, sql } = await withDoctor();
    const c = store.create(s, { patient: { name: 'Ravi' }, language: 'en', note: makeNote({ complaint: 'fever' }) });
    expect(store.sign(s, c.id).version).toBe(1);
    expect(store.get(s, c.id)).toMatchObject({ status: 'signed', signedVersion: 1 });
    expect(() => store.updateNote(s, c.id, makeNote({ complaint: 'x' }))).toThrow(/signed .* can no longer be changed/);
    expect(() => store.update(s, c.id, { status: 'ready' })).toThrow(/can no longer be changed/);
    expect(() => store.delete(s, c.id)).toThrow(/can no longer be changed/);
    expect(() => store.sign(s, c.id)).toThrow(/signed/);
    // The database refuses too, whatever the code above it does.
    expect(() =>
      sql.prepare("INSERT INTO note_versions (id, consultation_id, version, note, author_id, created_at, updated_at) VALUES ('x', ?, 2, '{}', ?, '', '')").run(c.id, s.doctorId),
    ).toThrow(/the note is signed/);
    expect(() => sql.prepare("UPDATE note_versions SET note = '{}'").run()).toThrow(/never change/);
  });

  it('refuses to sign a consultation with no note yet', async () => {
    const { store, s } = await withDoctor();
    const c = store.create(s, { patient: { name: 'Ravi' }, language: 'en' });
    expect(c.status).toBe('recorded');
    expect(() => store.sign(s, c.id)).toThrow(/no note to sign/);
  });

  it('deletes with a tombstone: gone from lists and reads, row kept with deleted_at and updated_at', async () => {
    const { store, s, sql } = await withDoctor();
    const c = store.create(s, { patient: { name: 'Ravi' }, language: 'en', note: makeNote({ complaint: 'fever' }) });
    store.delete(s, c.id);
    expect(store.list(s)).toEqual([]);
    expect(() => store.get(s, c.id)).toThrow(/no such consultation/);
    const row = sql.prepare('SELECT deleted_at, updated_at FROM consultations WHERE id = ?').get(c.id) as { deleted_at: string | null; updated_at: string };
    expect(row.deleted_at).not.toBeNull();
    expect(row.updated_at).toBe(row.deleted_at);
    expect(sql.prepare('SELECT count(*) FROM note_versions WHERE deleted_at IS NOT NULL').pluck().get()).toBe(1);
  });

  it('rejects invalid input naming the field, not the value', async () => {
    const { store, s } = await withDoctor();
    const bad = { patient: { name: 'Secret Name', age: 400 }, language: 'ta' as const };
    expect(() => store.create(s, bad)).toThrow(/patient is not valid \(check: age\)/);
    try {
      store.create(s, bad);
    } catch (err) {
      expect(String(err)).not.toContain('Secret Name');
    }
    expect(() => store.create(s, { patient: { name: 'x' }, language: 'ta', note: { schemaVersion: 2 } as never })).toThrow(/note is not valid/);
  });

  it('filters the list by status and date', async () => {
    let now = new Date('2026-01-10T09:00:00Z');
    const h = home();
    const store = await initStore(h, { clock: () => now });
    stores.push(store);
    await store.addDoctor({ name: 'Dr A', password: PASSWORD });
    const s = await store.signIn('Dr A', PASSWORD);
    const jan = store.create(s, { patient: { name: 'A' }, language: 'en', note: makeNote({ complaint: 'a' }) });
    now = new Date('2026-02-10T09:00:00Z');
    const feb = store.create(s, { patient: { name: 'B' }, language: 'en', note: makeNote({ complaint: 'b' }) });
    store.sign(s, feb.id);
    expect(store.list(s, { from: '2026-02-01T00:00:00Z' }).map((c) => c.id)).toEqual([feb.id]);
    expect(store.list(s, { to: '2026-02-01T00:00:00Z' }).map((c) => c.id)).toEqual([jan.id]);
    expect(store.list(s, { status: 'signed' }).map((c) => c.id)).toEqual([feb.id]);
    expect(store.list(s).map((c) => c.id)).toEqual([feb.id, jan.id]);
    expect(() => store.list(s, { from: 'not a date' })).toThrow(/not a valid date/);
  });
});
