import { assertDataKey, KeyError, type KeyWrapper } from './key-wrapper';

/**
 * The part of Electron's `safeStorage` this wrapper uses (Electron 45 async API). The app passes
 * `safeStorage` from main; src/engine never imports electron.
 */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export interface SafeStorageWrapperOptions {
  /** process.platform, injectable for tests. */
  platform?: NodeJS.Platform;
  /**
   * Linux with no keyring ("basic_text"): safeStorage then encrypts with a key hard-coded in
   * Chromium, which protects nothing. Refused unless the user explicitly accepted it.
   */
  allowUnprotected?: boolean;
  onWarning?: (message: string) => void;
  /** The OS rotated its key: persist this new blob in place of the old one. */
  onReEncrypted?: (blob: Buffer) => void | Promise<void>;
}

export type Protection = 'protected' | 'unprotected' | 'unavailable';

const UNPROTECTED =
  'This computer has no keyring that MedScribe can use to protect its database key (Linux "basic_text" storage). ' +
  'Install and unlock GNOME Keyring or KWallet, or use a passphrase instead.';

/** Wraps the database key with the operating system's keystore (DPAPI, Keychain, libsecret/KWallet). */
export class SafeStorageKeyWrapper implements KeyWrapper {
  readonly kind = 'safe-storage';
  readonly #storage: SafeStorageLike;
  readonly #opts: SafeStorageWrapperOptions;

  constructor(storage: SafeStorageLike, opts: SafeStorageWrapperOptions = {}) {
    this.#storage = storage;
    this.#opts = opts;
  }

  async protection(): Promise<Protection> {
    if (!(await this.#storage.isAsyncEncryptionAvailable())) return 'unavailable';
    const platform = this.#opts.platform ?? process.platform;
    if (platform === 'linux') {
      const backend = this.#storage.getSelectedStorageBackend?.() ?? 'unknown';
      // "unknown" means the app is not ready yet: no protection can be promised either.
      if (backend === 'basic_text' || backend === 'unknown') return 'unprotected';
    }
    return 'protected';
  }

  async #ensureUsable(): Promise<void> {
    const protection = await this.protection();
    if (protection === 'unavailable') {
      throw new KeyError('keystore-unavailable', 'The operating system keystore is not available yet, so the database key cannot be unlocked. Restart MedScribe.');
    }
    if (protection === 'unprotected') {
      if (!this.#opts.allowUnprotected) throw new KeyError('keystore-unprotected', UNPROTECTED);
      this.#opts.onWarning?.(UNPROTECTED);
    }
  }

  async wrap(key: Buffer): Promise<Buffer> {
    await this.#ensureUsable();
    return this.#storage.encryptStringAsync(assertDataKey(key).toString('base64'));
  }

  async unwrap(blob: Buffer): Promise<Buffer> {
    await this.#ensureUsable();
    let decrypted: { result: string; shouldReEncrypt: boolean };
    try {
      decrypted = await this.#storage.decryptStringAsync(blob);
    } catch {
      throw new KeyError(
        'keystore-refused',
        'The operating system could not unlock the database key (was the data folder copied from another computer or user account?). Restore from a backup with its passphrase.',
      );
    }
    const key = assertDataKey(Buffer.from(decrypted.result, 'base64'));
    if (decrypted.shouldReEncrypt && this.#opts.onReEncrypted) await this.#opts.onReEncrypted(await this.wrap(key));
    return key;
  }
}
