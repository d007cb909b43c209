import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from './audit';
import type { Store } from './store';
import type { SqlClient } from './connection';
import { initStore, makeNote, PASSWORD, rawSql, tempHomes, transcriptOf } from './test-helpers';

const { home, closeFirst } = tempHomes();

async function busyStore(): Promise<{ store: Store; sql: SqlClient }> {
  const dir = home();
  const store = await initStore(dir);
  closeFirst(() => store.close());
  await store.addDoctor({ name: 'Dr A', password: PASSWORD });
  const s = await store.signIn('Dr A', PASSWORD);
  const c = store.create(s, { patient: { name: 'Kavitha Subramanian' }, language: 'ta', transcript: transcriptOf('காய்ச்சல் இருக்கு'), note: makeNote({ complaint: 'fever', drug: 'dolo' }) });
  store.get(s, c.id);
  store.search(s, 'Kavitha');
  store.updateNote(s, c.id, makeNote({ complaint: 'fever and cough' }));
  store.export(s, c.id);
  store.sign(s, c.id);
  const d = store.create(s, { patient: { name: 'Other' }, language: 'en' });
  store.delete(s, d.id);
  return { store, sql: await rawSql(dir) };
}

type Row = { seq: number; actor_id: string | null; action: string; entity: string; entity_id: string | null; detail: string; prev_hash: string };

describe('audit log', () => {
  it('records every create, read, search, update, export, sign and delete, with ids only', async () => {
    const { store, sql } = await busyStore();
    const rows = sql.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Row[];
    expect(rows.map((r) => r.action)).toEqual(['create', 'add', 'login', 'create', 'read', 'search', 'update', 'export', 'sign', 'create', 'delete']);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    const text = JSON.stringify(rows);
    for (const secret of ['Kavitha', 'Subramanian', 'காய்ச்சல்', 'dolo', 'fever', 'Dr A']) expect(text).not.toContain(secret);
    expect(rows.find((r) => r.action === 'search')?.detail).toBe('{"results":1}');
    expect(store.verifyAudit()).toEqual({ ok: true, entries: 11 });
  });

  it('refuses UPDATE and DELETE on the log in SQL', async () => {
    const { sql } = await busyStore();
    expect(() => sql.prepare("UPDATE audit_log SET action = 'read' WHERE seq = 3").run()).toThrow(/append-only/);
    expect(() => sql.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
  });

  it('finds an entry edited with raw SQL and names it', async () => {
    const { store, sql } = await busyStore();
    sql.exec('DROP TRIGGER audit_log_no_update');
    sql.prepare("UPDATE audit_log SET entity_id = 'someone-else' WHERE seq = 5").run();
    expect(store.verifyAudit()).toEqual({ ok: false, entries: 5, brokenAt: 5, reason: expect.stringMatching(/entry 5 was changed/) });
  });

  it('finds an edited entry whose hash was recomputed, by the next link', async () => {
    const { store, sql } = await busyStore();
    sql.exec('DROP TRIGGER audit_log_no_update');
    sql.prepare("UPDATE audit_log SET hash = ? WHERE seq = 6").run('f'.repeat(64));
    expect(store.verifyAudit()).toMatchObject({ ok: false, brokenAt: 6 });
    const { entryHash } = await import('./audit');
    // Re-hash entry 6 consistently: then entry 7 no longer links to it.
    const r = sql.prepare('SELECT * FROM audit_log WHERE seq = 6').get() as Row & { at: string };
    const rehashed = entryHash(r.prev_hash, { seq: 6, at: r.at, actorId: r.actor_id, action: 'read', entity: r.entity, entityId: r.entity_id, detail: r.detail });
    sql.prepare("UPDATE audit_log SET action = 'read', hash = ? WHERE seq = 6").run(rehashed);
    expect(store.verifyAudit()).toEqual({ ok: false, entries: 7, brokenAt: 7, reason: expect.stringMatching(/entry 7 does not link to entry 6/) });
  });

  it('finds removed entries, in the middle and at the end', async () => {
    const { store, sql } = await busyStore();
    sql.exec('DROP TRIGGER audit_log_no_delete');
    sql.prepare('DELETE FROM audit_log WHERE seq = 11').run();
    expect(store.verifyAudit()).toMatchObject({ ok: false, reason: expect.stringMatching(/removed from the end/) });
    sql.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    expect(store.verifyAudit()).toMatchObject({ ok: false, brokenAt: 5, reason: expect.stringMatching(/entries 4–4 were removed/) });
  });
});
