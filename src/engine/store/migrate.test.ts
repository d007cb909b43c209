import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from './migrate';
import { Store } from './store';
import { closeRawSql, failure, makeNote, migrationsDir, PASSWORD, rawSql, storeOptions, tempHomes, transcriptOf } from './test-helpers';

const { home, closeFirst } = tempHomes();

/** A drizzle/ folder holding only the first `n` migrations (+ optional extra ones): an older (or broken) app. */
function migrationsFolder(n: number, extra: { tag: string; sql: string }[] = []): string {
  const dir = join(home(), 'drizzle');
  mkdirSync(join(dir, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; idx: number }[] };
  const entries = journal.entries.slice(0, n);
  for (const e of entries) copyFileSync(join(migrationsDir, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  extra.forEach((x, i) => {
    writeFileSync(join(dir, `${x.tag}.sql`), x.sql);
    entries.push({ idx: n + i, tag: x.tag });
  });
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return dir;
}

describe('released migrations', () => {
  // A released migration is never edited: change the schema with a new file. If this fails
  // because you edited one, undo the edit; if you added one, pin its hash here.
  it('are exactly the files that were released', () => {
    const pinned = {
      '0000_initial': '60dc1db6e63b5b8ef70d9ce0d7553ec512fa39870532e2014928a8304855235e',
      '0001_search': '1398a3f60972bfbcfa4bb6c3555649c8450ffa1713836c5bde65ceb117c62f2e',
    };
    const found = Object.fromEntries(loadMigrations(migrationsDir).map((m) => [m.tag, createHash('sha256').update(readFileSync(join(migrationsDir, `${m.tag}.sql`))).digest('hex')]));
    expect(found).toEqual(pinned);
  });
});

describe('0000_initial on an empty database', () => {
  it('creates the tables and records schema 1', async () => {
    const h = home();
    const store = await Store.init(storeOptions(h, undefined, { migrationsDir: migrationsFolder(1) }));
    closeFirst(() => store.close());
    const sql = await rawSql(h);
    expect(schemaVersion(sql)).toBe(1);
    const tables = sql.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['__medscribe_migrations', 'audit_log', 'clinic', 'consultations', 'doctors', 'meta', 'note_versions', 'patients']);
  });
});

describe('0001_search on a database at schema 1', () => {
  it('indexes the consultations already there, and the app finds them after the update', async () => {
    const h = home();
    const old = await Store.init(storeOptions(h, undefined, { migrationsDir: migrationsFolder(1) }));
    await old.addDoctor({ name: 'Dr A', password: PASSWORD });
    const doctorId = old.listDoctors()[0]?.id;
    const now = new Date().toISOString();
    const sql = await rawSql(h);
    const insert = (name: string, text: string, deleted: string | null) => {
      const patient = randomUUID();
      const id = randomUUID();
      sql.prepare('INSERT INTO patients (id, doctor_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(patient, doctorId, name, now, now);
      sql
        .prepare("INSERT INTO consultations (id, doctor_id, patient_id, language, status, transcript, current_version, created_at, updated_at, deleted_at) VALUES (?, ?, ?, 'ta', 'ready', ?, 1, ?, ?, ?)")
        .run(id, doctorId, patient, JSON.stringify(transcriptOf(text)), now, now, deleted);
      sql
        .prepare('INSERT INTO note_versions (id, consultation_id, version, note, author_id, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?)')
        .run(randomUUID(), id, JSON.stringify(makeNote({ complaint: 'fever', drug: 'amoxicillin' })), doctorId, now, now);
      return id;
    };
    const kept = insert('Meenakshi', 'மூன்று நாளா காய்ச்சல்', null);
    insert('Deleted Person', 'காய்ச்சல் இருக்கு', now);
    closeRawSql();
    old.close();

    const updated = await Store.open(storeOptions(h));
    closeFirst(() => updated.close());
    expect(updated.migration).toEqual({ from: 1, to: 2, applied: ['0001_search'] });
    const s = await updated.signIn('Dr A', PASSWORD);
    expect(updated.search(s, 'காய்ச்சல்').map((c) => c.id)).toEqual([kept]);
    expect(updated.search(s, 'Meenakshi').map((c) => c.id)).toEqual([kept]);
    expect(updated.search(s, 'amoxicillin').map((c) => c.id)).toEqual([kept]);
    expect(updated.search(s, 'Deleted')).toEqual([]);
  });
});

describe('migrating', () => {
  it('rolls a failing migration back completely, leaving the old version', async () => {
    const h = home();
    const store = await Store.init(storeOptions(h, undefined, { migrationsDir: migrationsFolder(1) }));
    const sql = await rawSql(h);
    const broken = loadMigrations(migrationsFolder(1, [{ tag: '0001_broken', sql: 'CREATE TABLE half_done (a);\n--> statement-breakpoint\nSELECT * FROM no_such_table;' }]));
    expect(await failure(() => migrate(sql, broken))).toEqual({ code: 'migration-failed', message: expect.stringMatching(/unchanged at schema 1/) });
    expect(schemaVersion(sql)).toBe(1);
    expect(sql.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    store.close();
  });

  it('refuses a database written by a newer MedScribe, without changing it', async () => {
    const h = home();
    const store = await Store.init(storeOptions(h));
    const db = store.layout.db;
    store.close();
    (await rawSql(h)).pragma('user_version = 3');
    closeRawSql();
    const before = createHash('sha256').update(readFileSync(db)).digest('hex');
    expect(await failure(Store.open(storeOptions(h)))).toEqual({ code: 'db-too-new', message: expect.stringMatching(/newer version of MedScribe \(schema 3; this version knows up to 2\)/) });
    expect(createHash('sha256').update(readFileSync(db)).digest('hex')).toBe(before);
  });

  it('refuses a database on which a released migration was applied in another form', async () => {
    const h = home();
    (await Store.init(storeOptions(h))).close();
    (await rawSql(h)).prepare("UPDATE __medscribe_migrations SET hash = 'x' WHERE idx = 0").run();
    closeRawSql();
    expect(await failure(Store.open(storeOptions(h)))).toMatchObject({ code: 'migration-changed' });
  });

  it('refuses a journal whose entries are out of order', () => {
    const dir = migrationsFolder(2);
    const journalPath = join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
    journal.entries.reverse();
    writeFileSync(journalPath, JSON.stringify(journal));
    expect(() => loadMigrations(dir)).toThrow(/out of order/);
  });
});
