import { randomBytes } from 'node:crypto';
import { UserError } from '../dispatch';

/** Bytes in a database key (SQLCipher raw key: AES-256). */
export const DATA_KEY_BYTES = 32;

/**
 * Protects the database key at rest. The app wraps it with the operating system's keystore
 * (Electron safeStorage); the CLI and the tests wrap it with a passphrase.
 */
export interface KeyWrapper {
  /** Stored beside the wrapped key, so a folder made by the app is not fed to the passphrase unwrapper. */
  readonly kind: string;
  wrap(key: Buffer): Promise<Buffer>;
  unwrap(blob: Buffer): Promise<Buffer>;
}

/** A fresh random database key. */
export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

/** A key problem the user can act on (wrong passphrase, damaged key file, unprotected keystore). */
export class KeyError extends UserError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'KeyError';
  }
}

export function assertDataKey(key: Buffer): Buffer {
  if (key.length !== DATA_KEY_BYTES) {
    throw new KeyError('key-damaged', 'The database key file is damaged (the key has the wrong length). Restore it from a backup.');
  }
  return key;
}
