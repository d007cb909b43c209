import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
// Types from @types/better-sqlite3: the cipher build has the same API (its own typings are not
// reachable through its package exports).
import type BetterSqlite3 from 'better-sqlite3';
import { UserError } from '../dispatch';

export type SqlClient = BetterSqlite3.Database;

// A native module: loaded with require (so the esbuild bundle, packages external, and vitest
// agree) and only when a database is opened, so commands that never touch the store still run
// where the binary is missing or built for another ABI.
const requireNative = createRequire(import.meta.url);
let driver: typeof BetterSqlite3 | undefined;
function sqlite(): typeof BetterSqlite3 {
  driver ??= requireNative('better-sqlite3-multiple-ciphers') as typeof BetterSqlite3;
  return driver;
}

/** Waits this long for another MedScribe process (the app and the CLI) to finish writing. */
export const BUSY_TIMEOUT_MS = 5000;

export class StoreError extends UserError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'StoreError';
  }
}

export type OpenMode = 'create' | 'open' | 'readonly';

const PLAIN_SQLITE = Buffer.from('SQLite format 3\0', 'latin1');

function damaged(detail: string): StoreError {
  return new StoreError('db-damaged', `The database file is damaged (${detail}). Nothing was changed; restore it from a backup with \`medscribe db restore\`.`);
}

/** Refuses what SQLite would otherwise "open" as a fresh empty database, or read unencrypted. */
function checkExistingFile(path: string): void {
  if (!existsSync(path)) throw new StoreError('db-missing', 'There is no database in this data folder. Run `medscribe db init`, or restore a backup.');
  const size = statSync(path).size;
  if (size < 512) throw damaged(size === 0 ? 'it is empty' : 'it is cut short');
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.equals(PLAIN_SQLITE)) {
    throw new StoreError('db-not-encrypted', 'This database file is not encrypted, so it was not written by MedScribe. Nothing was opened.');
  }
}

function classify(err: unknown): Error {
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB') {
    return new StoreError(
      'db-key-mismatch',
      'The database cannot be read with this data folder\'s key: the file is damaged, or it belongs to another data folder. Nothing was changed; restore it from a backup.',
    );
  }
  if (code === 'SQLITE_CORRUPT') return damaged('it is corrupted or cut short');
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Opens (or creates) a SQLCipher-encrypted database with a raw 256-bit key. A wrong key or a
 * damaged file is an error; it is never treated as a new, empty database.
 */
export function openDatabaseFile(path: string, key: Buffer, mode: OpenMode): SqlClient {
  if (mode === 'create') {
    if (existsSync(path)) throw new StoreError('db-exists', 'A database already exists here; it was left as it is.');
  } else {
    checkExistingFile(path);
  }
  const Database = sqlite();
  const client = new Database(path, { fileMustExist: mode !== 'create', readonly: mode === 'readonly', timeout: BUSY_TIMEOUT_MS });
  try {
    client.pragma(`cipher = 'sqlcipher'`);
    // SQLCipher 4's page format, pinned: a later default cannot make old files unreadable, and
    // the sqlcipher tool can open a file for recovery with the same raw key.
    client.pragma('legacy = 4');
    client.pragma(`key = "x'${key.toString('hex')}'"`);
    client.prepare('SELECT count(*) FROM sqlite_master').get();
    if (mode !== 'readonly') configure(client);
    return client;
  } catch (err) {
    client.close();
    throw classify(err);
  }
}

/**
 * WAL with synchronous=FULL: every commit is on disk before it returns, so a power cut (common
 * in clinics) loses nothing that was reported saved; NORMAL would be safe against a crashed app
 * but could drop the last commits on power loss. A commit costs one fsync of the WAL.
 */
function configure(client: SqlClient): void {
  const mode = client.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`could not switch the database to WAL (got ${String(mode)})`);
  client.pragma('synchronous = FULL');
  client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  client.pragma('foreign_keys = ON');
  // Sorts and temporary indexes stay in memory: SQLite's temp files would not be encrypted.
  client.pragma('temp_store = MEMORY');
}

const statements = new WeakMap<SqlClient, Map<string, BetterSqlite3.Statement>>();

/** A prepared statement, prepared once per connection (hot paths: inserts, search). */
export function cached(client: SqlClient, sql: string): BetterSqlite3.Statement {
  let map = statements.get(client);
  if (!map) statements.set(client, (map = new Map()));
  let stmt = map.get(sql);
  if (!stmt) map.set(sql, (stmt = client.prepare(sql)));
  return stmt;
}

/** `PRAGMA integrity_check`: "ok", or the first problems found. */
export function integrityCheck(client: SqlClient): string[] {
  const rows = client.pragma('integrity_check(20)') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check);
}
