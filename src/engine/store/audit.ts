/**
 * The audit log: append-only (SQL triggers refuse UPDATE and DELETE) and hash-chained, each
 * entry's SHA-256 covering its content and the previous entry's hash, so an edited, removed or
 * re-ordered row is found by `verifyAudit`. The newest seq and hash are also kept in `meta`, so
 * cutting entries off the end is found too. Entries carry ids, actions and counts: never patient
 * names, search words or note text.
 */
import { createHash } from 'node:crypto';
import { cached, type SqlClient } from './connection';

export type AuditAction =
  | 'create'
  | 'read'
  | 'list'
  | 'search'
  | 'update'
  | 'sign'
  | 'delete'
  | 'export'
  | 'login'
  | 'login-failed'
  | 'add'
  | 'backup'
  | 'restore';

export type AuditEntity = 'consultation' | 'note' | 'audio' | 'doctor' | 'clinic' | 'database';

export interface AuditEvent {
  actorId: string | null;
  action: AuditAction;
  entity: AuditEntity;
  entityId?: string | null;
  /** Numbers and flags only (a version, a result count), by type. */
  detail?: Record<string, number | boolean>;
}

export interface AuditEntry extends Required<Omit<AuditEvent, 'detail'>> {
  seq: number;
  at: string;
  detail: string;
  prevHash: string;
  hash: string;
}

export type AuditVerdict =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenAt: number; reason: string };

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_KEY = 'audit_head';

interface Row {
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export function entryHash(prevHash: string, e: { seq: number; at: string; actorId: string | null; action: string; entity: string; entityId: string | null; detail: string }): string {
  const body = JSON.stringify([e.seq, e.at, e.actorId, e.action, e.entity, e.entityId, e.detail]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

function canonicalDetail(detail: AuditEvent['detail']): string {
  if (!detail) return '';
  const keys = Object.keys(detail).sort();
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, detail[k]])));
}

/** Appends one entry. Must run inside the transaction of the change it records. */
export function appendAudit(client: SqlClient, event: AuditEvent, at: string): AuditEntry {
  if (!client.inTransaction) throw new Error('appendAudit must run inside the transaction it records');
  const last = cached(client, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const entry = {
    seq: (last?.seq ?? 0) + 1,
    at,
    actorId: event.actorId,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId ?? null,
    detail: canonicalDetail(event.detail),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = entryHash(entry.prevHash, entry);
  cached(client, 'INSERT INTO audit_log (seq, at, actor_id, action, entity, entity_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(entry.seq, at, entry.actorId, entry.action, entry.entity, entry.entityId, entry.detail, entry.prevHash, hash);
  cached(client, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(HEAD_KEY, `${entry.seq} ${hash}`);
  return { ...entry, hash };
}

/** Walks the whole chain; reports the first entry that does not hold. */
export function verifyAudit(client: SqlClient): AuditVerdict {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  const rows = client.prepare('SELECT seq, at, actor_id, action, entity, entity_id, detail, prev_hash, hash FROM audit_log ORDER BY seq').iterate() as IterableIterator<Row>;
  for (const r of rows) {
    entries++;
    const broken = (reason: string): AuditVerdict => ({ ok: false, entries, brokenAt: r.seq, reason });
    if (r.seq !== expectedSeq) return broken(`entry ${r.seq} follows entry ${expectedSeq - 1}: entries ${expectedSeq}–${r.seq - 1} were removed`);
    if (r.prev_hash !== prevHash) return broken(`entry ${r.seq} does not link to entry ${r.seq - 1} (its previous-hash differs)`);
    const e = { seq: r.seq, at: r.at, actorId: r.actor_id, action: r.action, entity: r.entity, entityId: r.entity_id, detail: r.detail };
    if (entryHash(prevHash, e) !== r.hash) return broken(`entry ${r.seq} was changed after it was written (its hash does not match its content)`);
    prevHash = r.hash;
    expectedSeq++;
  }
  const head = client.prepare('SELECT value FROM meta WHERE key = ?').get(HEAD_KEY) as { value: string } | undefined;
  const lastSeq = expectedSeq - 1;
  if (head) {
    const [seqText, hash] = head.value.split(' ');
    const headSeq = Number(seqText);
    if (headSeq !== lastSeq || hash !== prevHash) {
      return { ok: false, entries, brokenAt: Math.min(headSeq, lastSeq + 1), reason: `the log ends at entry ${lastSeq} but entry ${headSeq} was written: entries were removed from the end` };
    }
  } else if (entries > 0) {
    return { ok: false, entries, brokenAt: 1, reason: 'the record of the newest entry is missing' };
  }
  return { ok: true, entries };
}
