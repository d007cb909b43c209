import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../dispatch';
import type { SqlClient } from './connection';

/** One SQL file in drizzle/, listed in drizzle/meta/_journal.json (drizzle-kit's layout). */
export interface Migration {
  idx: number;
  tag: string;
  /** sha256 of the file: a released migration that changes is refused, not silently re-run. */
  hash: string;
  statements: string[];
}

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
}

const BREAKPOINT = '--> statement-breakpoint';
const APPLIED_TABLE = '__medscribe_migrations';

interface JournalEntry {
  idx: number;
  tag: string;
}

export function loadMigrations(dir: string): Migration[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as { entries?: JournalEntry[] };
  const entries = journal.entries ?? [];
  return entries.map((entry, i) => {
    if (entry.idx !== i || !/^[\w-]+$/.test(entry.tag)) throw new Error(`drizzle/meta/_journal.json: entry ${i} is out of order or badly named`);
    const text = readFileSync(join(dir, `${entry.tag}.sql`), 'utf8');
    const statements = text
      .split(BREAKPOINT)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    return { idx: i, tag: entry.tag, hash: createHash('sha256').update(text).digest('hex'), statements };
  });
}

/** The schema version is the number of migrations applied, kept in the database header. */
export function schemaVersion(client: SqlClient): number {
  return Number(client.pragma('user_version', { simple: true }));
}

function appliedHashes(client: SqlClient): Map<number, { tag: string; hash: string }> {
  const exists = client.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(APPLIED_TABLE);
  if (!exists) return new Map();
  const rows = client.prepare(`SELECT idx, tag, hash FROM ${APPLIED_TABLE}`).all() as { idx: number; tag: string; hash: string }[];
  return new Map(rows.map((r) => [r.idx, { tag: r.tag, hash: r.hash }]));
}

export function tooNewError(version: number, known: number): UserError {
  return new UserError(
    'db-too-new',
    `This database was written by a newer version of MedScribe (schema ${version}; this version knows up to ${known}). Install the newer MedScribe; nothing was changed.`,
  );
}

/** Refuses a database from a newer app, or one whose applied migrations differ from ours. */
export function checkCompatible(client: SqlClient, migrations: Migration[]): number {
  const version = schemaVersion(client);
  if (version > migrations.length) throw tooNewError(version, migrations.length);
  for (const [idx, applied] of appliedHashes(client)) {
    const ours = migrations[idx];
    if (!ours) throw tooNewError(idx + 1, migrations.length);
    if (ours.hash !== applied.hash || ours.tag !== applied.tag) {
      throw new UserError(
        'migration-changed',
        `Migration ${applied.tag} applied to this database differs from the one in this version of MedScribe. Released migrations must never be edited; nothing was changed.`,
      );
    }
  }
  return version;
}

/**
 * Brings the schema up to `target` (default: the newest) in one IMMEDIATE transaction: a crash or
 * an error midway leaves the database exactly at its old version.
 */
export function migrate(client: SqlClient, migrations: Migration[], target = migrations.length): MigrationResult {
  const from = checkCompatible(client, migrations);
  if (target > migrations.length || target < from) throw new Error(`cannot migrate from schema ${from} to ${target}`);
  const pending = migrations.slice(from, target);
  if (pending.length === 0) return { from, to: from, applied: [] };
  const run = client.transaction(() => {
    client.exec(`CREATE TABLE IF NOT EXISTS ${APPLIED_TABLE} (idx integer PRIMARY KEY, tag text NOT NULL, hash text NOT NULL, applied_at text NOT NULL)`);
    const record = client.prepare(`INSERT INTO ${APPLIED_TABLE} (idx, tag, hash, applied_at) VALUES (?, ?, ?, ?)`);
    for (const m of pending) {
      for (const statement of m.statements) client.exec(statement);
      record.run(m.idx, m.tag, m.hash, new Date().toISOString());
    }
    client.pragma(`user_version = ${target}`);
  });
  try {
    run.immediate();
  } catch (err) {
    const cause = err instanceof Error ? err.message : String(err);
    throw new UserError('migration-failed', `Updating the database to schema ${target} failed (${cause}); it is unchanged at schema ${from}.`);
  }
  return { from, to: target, applied: pending.map((m) => m.tag) };
}
