import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyError, type KeyWrapper } from './key-wrapper';

/** What the key file holds: the wrapped key and which wrapper made it. Never the key itself. */
export interface KeyFile {
  kind: string;
  wrapped: Buffer;
  createdAt: string;
}

const FORMAT = 'medscribe-db-key';

/** Writes a file so that a crash leaves either the old or the new content, never half of one. */
export function writeFileAtomic(path: string, data: Buffer | string, mode = 0o600): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(dirname(path));
}

/** Makes a rename durable (POSIX); Windows has no directory handles to flush. */
export function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function encodeKeyFile(file: KeyFile): string {
  return `${JSON.stringify({ format: FORMAT, version: 1, kind: file.kind, wrapped: file.wrapped.toString('base64'), createdAt: file.createdAt })}\n`;
}

export function decodeKeyFile(text: string): KeyFile {
  const damaged = new KeyError('key-damaged', 'The database key file is damaged. Restore it from a backup.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw damaged;
  }
  if (typeof parsed !== 'object' || parsed === null) throw damaged;
  const o = parsed as Record<string, unknown>;
  if (o.format !== FORMAT || o.version !== 1 || typeof o.kind !== 'string' || typeof o.wrapped !== 'string') throw damaged;
  return { kind: o.kind, wrapped: Buffer.from(o.wrapped, 'base64'), createdAt: typeof o.createdAt === 'string' ? o.createdAt : '' };
}

export function readKeyFile(path: string): KeyFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new KeyError('key-missing', 'The database key file is missing. Restore the data folder from a backup.');
    }
    throw err;
  }
  return decodeKeyFile(text);
}

/** Unwraps with the wrapper the file names; a folder made by the app is not tried with a passphrase. */
export async function unwrapKeyFile(file: KeyFile, wrapper: KeyWrapper): Promise<Buffer> {
  if (file.kind !== wrapper.kind) {
    const made = file.kind === 'safe-storage' ? 'the desktop app (protected by the operating system keystore)' : `a "${file.kind}" key`;
    throw new KeyError('key-wrong-kind', `This data folder's key was made by ${made}; it cannot be unlocked with a ${wrapper.kind}.`);
  }
  return wrapper.unwrap(file.wrapped);
}
