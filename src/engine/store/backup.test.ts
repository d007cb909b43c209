import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from './store';
import { failure, initStore, makeNote, PASSWORD, rawSql, storeOptions, tempHomes, transcriptOf } from './test-helpers';

const { home, closeFirst } = tempHomes();
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** A data folder with one doctor and two consultations, and a backup of it. */
async function withBackup() {
  const h = home();
  const store = await initStore(h);
  await store.addDoctor({ name: 'Dr A', password: PASSWORD });
  const s = await store.signIn('Dr A', PASSWORD);
  const first = store.create(s, { patient: { name: 'Saranya' }, language: 'ta', transcript: transcriptOf('காய்ச்சல் இருக்கு'), note: makeNote({ complaint: 'fever' }) });
  const backup = join(home(), 'clinic.msbackup');
  const info = store.backup(backup);
  // Written after the backup: gone again after a restore.
  const later = store.create(s, { patient: { name: 'Later' }, language: 'en', note: makeNote({ complaint: 'cough' }) });
  store.close();
  return { h, backup, info, first: first.id, later: later.id };
}

describe('backup and restore', () => {
  it('round-trips: the restored folder has exactly what was backed up, search and audit intact', async () => {
    const { h, backup, info, first, later } = await withBackup();
    expect(info.schemaVersion).toBe(2);
    expect(readFileSync(backup).subarray(0, 17).toString('latin1')).toBe('MEDSCRIBE-BACKUP\n');
    const result = await Store.restore(storeOptions(h), backup);
    expect(result.previous && existsSync(result.previous)).toBe(true);
    const store = await Store.open(storeOptions(h));
    closeFirst(() => store.close());
    const s = await store.signIn('Dr A', PASSWORD);
    expect(store.list(s).map((c) => c.id)).toEqual([first]);
    expect(() => store.get(s, later)).toThrow(/no such consultation/);
    expect(store.search(s, 'காய்ச்சல்').map((c) => c.id)).toEqual([first]);
    expect(store.verifyAudit()).toMatchObject({ ok: true });
    const actions = (await rawSql(h)).prepare('SELECT action FROM audit_log ORDER BY seq').pluck().all();
    expect(actions).toEqual(['create', 'add', 'login', 'create', 'restore', 'login', 'list', 'read', 'search']);
  });

  it('restores into a new data folder with the passphrase alone (a new computer)', async () => {
    const { backup, first } = await withBackup();
    const fresh = join(home(), 'new', 'folder');
    await Store.restore(storeOptions(fresh), backup);
    const store = await Store.open(storeOptions(fresh));
    closeFirst(() => store.close());
    const s = await store.signIn('Dr A', PASSWORD);
    expect(store.get(s, first).patient.name).toBe('Saranya');
  });

  it('refuses the backup with the wrong passphrase on a new computer, writing nothing', async () => {
    const { backup } = await withBackup();
    const fresh = home();
    expect(await failure(Store.restore(storeOptions(fresh, 'wrong passphrase'), backup))).toMatchObject({ code: 'wrong-passphrase' });
    expect(readdirSync(fresh)).toEqual([]);
  });

  it.each([
    ['one flipped byte', (p: string) => {
      const b = readFileSync(p);
      b[b.length - 5000] = (b[b.length - 5000] ?? 0) ^ 0xff;
      writeFileSync(p, b);
    }, /checksum does not match/],
    ['cut short', (p: string) => truncateSync(p, readFileSync(p).length - 4096), /cut short/],
    ['extra bytes', (p: string) => writeFileSync(p, Buffer.concat([readFileSync(p), Buffer.from('x')])), /extra bytes/],
    ['no header', (p: string) => writeFileSync(p, readFileSync(p).subarray(17)), /not a MedScribe backup/],
    ['a damaged header', (p: string) => writeFileSync(p, Buffer.concat([Buffer.from('MEDSCRIBE-BACKUP\n{"format":1'), readFileSync(p).subarray(40)])), /header/],
  ])('refuses a backup with %s and leaves the live database untouched', async (_what, damage, message) => {
    const { h, backup, later } = await withBackup();
    damage(backup);
    const db = join(h, 'medscribe.db');
    const before = sha(db);
    expect(await failure(Store.restore(storeOptions(h), backup))).toEqual({ code: 'backup-damaged', message: expect.stringMatching(message) });
    expect(sha(db)).toBe(before);
    expect(readdirSync(h).sort()).toEqual(['medscribe.db', 'medscribe.key']);
    const store = await Store.open(storeOptions(h));
    closeFirst(() => store.close());
    const s = await store.signIn('Dr A', PASSWORD);
    expect(store.get(s, later).patient.name).toBe('Later');
  });

  it('refuses a backup from another data folder (another key) without touching this one', async () => {
    const { backup } = await withBackup();
    const other = home();
    (await initStore(other)).close();
    const before = sha(join(other, 'medscribe.db'));
    expect(await failure(Store.restore(storeOptions(other), backup))).toMatchObject({ code: 'backup-other-key' });
    expect(sha(join(other, 'medscribe.db'))).toBe(before);
  });

  it('refuses a backup whose database fails its integrity check, even with a matching checksum', async () => {
    const { h, backup } = await withBackup();
    // Rewrite the payload with one page of noise and a checksum to match: only the key and
    // SQLite's own checks can tell.
    const raw = readFileSync(backup);
    const headerEnd = raw.indexOf(0x0a, 17) + 1;
    const header = JSON.parse(raw.subarray(17, headerEnd - 1).toString()) as { sha256: string };
    const payload = Buffer.from(raw.subarray(headerEnd));
    payload.fill(0x41, 4096 * 3, 4096 * 4);
    header.sha256 = createHash('sha256').update(payload).digest('hex');
    writeFileSync(backup, Buffer.concat([Buffer.from('MEDSCRIBE-BACKUP\n'), Buffer.from(`${JSON.stringify(header)}\n`), payload]));
    const before = sha(join(h, 'medscribe.db'));
    expect(await failure(Store.restore(storeOptions(h), backup))).toEqual({ code: 'backup-damaged', message: expect.stringMatching(/integrity check/) });
    expect(sha(join(h, 'medscribe.db'))).toBe(before);
  });

  it('refuses to overwrite an existing file when backing up', async () => {
    const { h, backup } = await withBackup();
    const store = await Store.open(storeOptions(h));
    closeFirst(() => store.close());
    expect(() => store.backup(backup)).toThrow(/already exists/);
  });
});
