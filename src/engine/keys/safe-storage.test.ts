import { describe, expect, it, vi } from 'vitest';
import { newDataKey } from './key-wrapper';
import { SafeStorageKeyWrapper, type SafeStorageLike } from './safe-storage';
import { failure } from '../store/test-helpers';

/** Stands in for Electron's safeStorage: "encrypts" by XOR with a machine secret. */
function fakeSafeStorage(opts: { available?: boolean; backend?: string; reEncrypt?: boolean; refuse?: boolean } = {}): SafeStorageLike & { calls: string[] } {
  const secret = 0x5a;
  const calls: string[] = [];
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ secret));
  return {
    calls,
    isAsyncEncryptionAvailable: async () => opts.available ?? true,
    encryptStringAsync: async (s) => {
      calls.push('encrypt');
      return Buffer.concat([Buffer.from('v11'), xor(Buffer.from(s))]);
    },
    decryptStringAsync: async (b) => {
      calls.push('decrypt');
      if (opts.refuse || !b.subarray(0, 3).equals(Buffer.from('v11'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: xor(b.subarray(3)).toString(), shouldReEncrypt: opts.reEncrypt ?? false };
    },
    ...(opts.backend ? { getSelectedStorageBackend: () => opts.backend ?? 'unknown' } : {}),
  };
}


describe('SafeStorageKeyWrapper', () => {
  it('round-trips on Windows and macOS', async () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const w = new SafeStorageKeyWrapper(fakeSafeStorage(), { platform });
      const key = newDataKey();
      const blob = await w.wrap(key);
      expect(blob.includes(key)).toBe(false);
      expect(await w.unwrap(blob)).toEqual(key);
      expect(await w.protection()).toBe('protected');
    }
  });

  it('round-trips on Linux with a real keyring', async () => {
    const w = new SafeStorageKeyWrapper(fakeSafeStorage({ backend: 'gnome_libsecret' }), { platform: 'linux' });
    const key = newDataKey();
    expect(await w.unwrap(await w.wrap(key))).toEqual(key);
  });

  it.each(['basic_text', 'unknown'])('refuses Linux backend %s as unprotected, before encrypting anything', async (backend) => {
    const storage = fakeSafeStorage({ backend });
    const w = new SafeStorageKeyWrapper(storage, { platform: 'linux' });
    expect(await w.protection()).toBe('unprotected');
    expect(await failure(w.wrap(newDataKey()))).toEqual({ code: 'keystore-unprotected', message: expect.stringMatching(/basic_text/) });
    expect(storage.calls).toEqual([]);
  });

  it('works on basic_text only when the user accepted it, and warns every time', async () => {
    const onWarning = vi.fn();
    const w = new SafeStorageKeyWrapper(fakeSafeStorage({ backend: 'basic_text' }), { platform: 'linux', allowUnprotected: true, onWarning });
    const key = newDataKey();
    expect(await w.unwrap(await w.wrap(key))).toEqual(key);
    expect(onWarning).toHaveBeenCalledTimes(2);
  });

  it('refuses when the keystore is not available', async () => {
    const w = new SafeStorageKeyWrapper(fakeSafeStorage({ available: false }), { platform: 'win32' });
    expect((await failure(w.wrap(newDataKey()))).code).toBe('keystore-unavailable');
  });

  it('turns a keystore refusal (another machine or user) into a sentence', async () => {
    const w = new SafeStorageKeyWrapper(fakeSafeStorage(), { platform: 'win32' });
    expect(await failure(w.unwrap(Buffer.from('garbage')))).toEqual({ code: 'keystore-refused', message: expect.stringMatching(/another computer or user account/) });
  });

  it('hands back a re-encrypted blob when the OS rotated its key', async () => {
    const onReEncrypted = vi.fn();
    const storage = fakeSafeStorage({ reEncrypt: true });
    const w = new SafeStorageKeyWrapper(storage, { platform: 'darwin', onReEncrypted });
    const key = newDataKey();
    expect(await w.unwrap(await w.wrap(key))).toEqual(key);
    expect(onReEncrypted).toHaveBeenCalledTimes(1);
    const fresh = onReEncrypted.mock.calls[0]?.[0] as Buffer;
    expect(await new SafeStorageKeyWrapper(fakeSafeStorage(), { platform: 'darwin' }).unwrap(fresh)).toEqual(key);
  });

  it('refuses a blob that decrypts to something that is not a 32-byte key', async () => {
    const storage = fakeSafeStorage();
    const blob = await storage.encryptStringAsync(Buffer.alloc(16).toString('base64'));
    expect((await failure(new SafeStorageKeyWrapper(storage, { platform: 'win32' }).unwrap(blob))).code).toBe('key-damaged');
  });
});
