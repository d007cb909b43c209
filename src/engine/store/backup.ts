/**
 * Backups: `VACUUM INTO` writes a consistent, still-encrypted copy of the live database (the
 * SQLite backup API refuses encrypted sources), wrapped in a header with its size, SHA-256 and
 * the wrapped key, so a backup restores onto a new computer with the passphrase alone.
 * Restore checks everything (checksum, key, integrity_check, schema version) on a copy in the
 * data folder before one atomic rename replaces the live database.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { KeyError, type KeyWrapper } from '../keys/key-wrapper';
import { encodeKeyFile, type KeyFile, readKeyFile, syncDir, unwrapKeyFile, writeFileAtomic } from '../keys/key-file';
import { integrityCheck, openDatabaseFile, type SqlClient, StoreError } from './connection';
import type { StoreLayout } from './layout';
import { checkCompatible, type Migration, schemaVersion } from './migrate';

const MAGIC = Buffer.from('MEDSCRIBE-BACKUP\n', 'latin1');
const MAX_HEADER = 64 * 1024;
const COPY_CHUNK = 1024 * 1024;

export interface BackupHeader {
  format: 1;
  createdAt: string;
  schemaVersion: number;
  bytes: number;
  sha256: string;
  key: { kind: string; wrapped: string };
}

export interface BackupInfo {
  file: string;
  bytes: number;
  schemaVersion: number;
  createdAt: string;
}

const damagedBackup = (why: string) => new StoreError('backup-damaged', `The backup file is damaged or is not a MedScribe backup (${why}). Nothing was changed.`);

/** Copies `length` bytes of `fd` from `position` to `out`, hashing them. */
function copyHashed(fd: number, position: number, length: number, out: number | undefined): string {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(COPY_CHUNK);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, chunk, 0, Math.min(COPY_CHUNK, length - done), position + done);
    if (n === 0) break;
    hash.update(chunk.subarray(0, n));
    if (out !== undefined) writeSync(out, chunk, 0, n);
    done += n;
  }
  if (done !== length) throw damagedBackup('it is cut short');
  return hash.digest('hex');
}

export function writeBackup(client: SqlClient, keyFile: KeyFile, file: string): BackupInfo {
  if (existsSync(file)) throw new StoreError('backup-exists', 'The backup file already exists; choose a new name.');
  const snapshot = `${file}.snapshot-tmp`;
  const part = `${file}.part`;
  rmSync(snapshot, { force: true });
  try {
    client.prepare('VACUUM INTO ?').run(snapshot);
    const bytes = statSync(snapshot).size;
    const src = openSync(snapshot, 'r');
    const out = openSync(part, 'wx', 0o600);
    let outOpen = true;
    try {
      const sha256 = copyHashed(src, 0, bytes, undefined);
      const header: BackupHeader = {
        format: 1,
        createdAt: new Date().toISOString(),
        schemaVersion: schemaVersion(client),
        bytes,
        sha256,
        key: { kind: keyFile.kind, wrapped: keyFile.wrapped.toString('base64') },
      };
      writeSync(out, Buffer.concat([MAGIC, Buffer.from(`${JSON.stringify(header)}\n`)]));
      copyHashed(src, 0, bytes, out);
      fsyncSync(out);
      closeSync(out);
      outOpen = false;
      renameSync(part, file);
      return { file, bytes, schemaVersion: header.schemaVersion, createdAt: header.createdAt };
    } finally {
      closeSync(src);
      if (outOpen) closeSync(out);
    }
  } finally {
    rmSync(snapshot, { force: true });
    rmSync(part, { force: true });
  }
}

export function readBackupHeader(fd: number): { header: BackupHeader; offset: number } {
  const head = Buffer.alloc(MAGIC.length + MAX_HEADER);
  const n = readSync(fd, head, 0, head.length, 0);
  if (n < MAGIC.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) throw damagedBackup('no backup header');
  const end = head.indexOf(0x0a, MAGIC.length);
  if (end < 0) throw damagedBackup('the header is incomplete');
  let h: Partial<BackupHeader>;
  try {
    h = JSON.parse(head.subarray(MAGIC.length, end).toString('utf8')) as Partial<BackupHeader>;
  } catch {
    throw damagedBackup('the header is unreadable');
  }
  const valid =
    h.format === 1 && typeof h.createdAt === 'string' && Number.isInteger(h.schemaVersion) && Number.isInteger(h.bytes) &&
    typeof h.sha256 === 'string' && typeof h.key?.kind === 'string' && typeof h.key.wrapped === 'string';
  if (!valid) throw damagedBackup('the header is incomplete');
  return { header: h as BackupHeader, offset: end + 1 };
}

export interface RestoreResult {
  schemaVersion: number;
  createdAt: string;
  /** The database that was replaced, kept beside it. */
  previous?: string;
}

/**
 * Verifies `file` fully, then replaces the live database. Nothing in the data folder changes
 * unless every check passes. The caller must have closed its own connection.
 */
export async function restoreBackup(layout: StoreLayout, wrapper: KeyWrapper, file: string, migrations: Migration[]): Promise<RestoreResult> {
  const candidate = `${layout.db}.restore-tmp`;
  mkdirSync(layout.home, { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw new StoreError('backup-missing', 'The backup file cannot be read (check the path).');
  }
  let header: BackupHeader;
  try {
    const parsed = readBackupHeader(fd);
    header = parsed.header;
    const out = openSync(candidate, 'w', 0o600);
    try {
      if (copyHashed(fd, parsed.offset, header.bytes, out) !== header.sha256) throw damagedBackup('its checksum does not match');
      if (readSync(fd, Buffer.alloc(1), 0, 1, parsed.offset + header.bytes) !== 0) throw damagedBackup('it has extra bytes at the end');
      fsyncSync(out);
    } finally {
      closeSync(out);
    }
  } catch (err) {
    rmSync(candidate, { force: true });
    throw err;
  } finally {
    closeSync(fd);
  }
  const fromBackup: KeyFile = { kind: header.key.kind, wrapped: Buffer.from(header.key.wrapped, 'base64'), createdAt: header.createdAt };
  const liveKey = existsSync(layout.keyFile);
  try {
    const key = liveKey ? await unwrapKeyFile(readKeyFile(layout.keyFile), wrapper) : await unwrapKeyFile(fromBackup, wrapper);
    verifyCandidate(candidate, key, migrations);
    const previous = existsSync(layout.db) ? setAsideLive(layout, key) : undefined;
    renameSync(candidate, layout.db);
    syncDir(layout.home);
    if (!liveKey) writeFileAtomic(layout.keyFile, encodeKeyFile(fromBackup));
    return { schemaVersion: header.schemaVersion, createdAt: header.createdAt, ...(previous ? { previous } : {}) };
  } finally {
    rmSync(candidate, { force: true });
  }
}

function verifyCandidate(path: string, key: Buffer, migrations: Migration[]): void {
  let client: SqlClient;
  try {
    client = openDatabaseFile(path, key, 'readonly');
  } catch (err) {
    if (err instanceof StoreError && err.code === 'db-key-mismatch') {
      throw new StoreError('backup-other-key', 'This backup was made with another data folder\'s key, or it is damaged. Restore it into an empty data folder instead. Nothing was changed.');
    }
    if (err instanceof StoreError || err instanceof KeyError) throw new StoreError('backup-damaged', `The backup cannot be opened: ${err.message}`);
    throw err;
  }
  try {
    let problems: string[];
    try {
      problems = integrityCheck(client);
    } catch {
      problems = ['unreadable'];
    }
    if (problems.length !== 1 || problems[0] !== 'ok') throw damagedBackup('the database inside failed its integrity check');
    checkCompatible(client, migrations);
  } finally {
    client.close();
  }
}

/**
 * Keeps a copy of the live database (and its WAL) beside it, then removes the WAL so it cannot
 * be replayed onto the restored file. Refuses while another process is writing.
 */
function setAsideLive(layout: StoreLayout, key: Buffer): string {
  try {
    const live = openDatabaseFile(layout.db, key, 'open');
    try {
      const [ckpt] = live.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (ckpt && ckpt.busy !== 0) throw new StoreError('db-busy', 'Another MedScribe window or command is using the database. Close it and restore again. Nothing was changed.');
    } finally {
      live.close();
    }
  } catch (err) {
    // A damaged live database is a reason to restore: set it aside as it is.
    if (err instanceof StoreError && err.code === 'db-busy') throw err;
  }
  const previous = `${layout.db}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  copyFileSync(layout.db, previous);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(layout.db + suffix)) {
      if (suffix === '-wal') copyFileSync(layout.db + suffix, previous + suffix);
      rmSync(layout.db + suffix, { force: true });
    }
  }
  return previous;
}
