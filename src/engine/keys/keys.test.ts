import { describe, expect, it } from 'vitest';
import { decodeKeyFile, encodeKeyFile, unwrapKeyFile } from './key-file';
import { newDataKey } from './key-wrapper';
import { PassphraseKeyWrapper } from './passphrase';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password';
import { failure } from '../store/test-helpers';

const cheap = { log2N: 10, r: 8, p: 1 };


describe('PassphraseKeyWrapper', () => {
  it('unwraps what it wrapped; every wrap is different (salt and nonce)', async () => {
    const key = newDataKey();
    const w = new PassphraseKeyWrapper('மருத்துவர் passphrase', cheap);
    const a = await w.wrap(key);
    const b = await w.wrap(key);
    expect(a.equals(b)).toBe(false);
    expect(await w.unwrap(a)).toEqual(key);
    expect(a.includes(key)).toBe(false);
  });

  it('treats the passphrase in NFC, so the same words typed on another keyboard still unlock', async () => {
    const key = newDataKey();
    const composed = 'கொ';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const blob = await new PassphraseKeyWrapper(composed, cheap).wrap(key);
    expect(await new PassphraseKeyWrapper(decomposed, cheap).unwrap(blob)).toEqual(key);
  });

  it('says the passphrase is wrong, rather than returning a wrong key', async () => {
    const blob = await new PassphraseKeyWrapper('right one', cheap).wrap(newDataKey());
    expect(await failure(new PassphraseKeyWrapper('wrong one', cheap).unwrap(blob))).toEqual({ code: 'wrong-passphrase', message: expect.stringMatching(/passphrase is wrong/) });
  });

  it.each([
    ['a changed salt', 10],
    ['a changed ciphertext', 83],
    ['a changed tag', 40],
  ])('detects %s', async (_what, at) => {
    const w = new PassphraseKeyWrapper('pass', cheap);
    const blob = await w.wrap(newDataKey());
    blob[at] = (blob[at] ?? 0) ^ 1;
    expect((await failure(w.unwrap(blob))).code).toBe('wrong-passphrase');
  });

  it.each([
    ['cut short', (b: Buffer) => b.subarray(0, 50)],
    ['not a key blob', () => Buffer.from('hello')],
    ['absurd scrypt cost (a planted file)', (b: Buffer) => Buffer.concat([b.subarray(0, 5), Buffer.from([30]), b.subarray(6)])],
  ])('refuses a key blob %s as damaged', async (_what, damage) => {
    const w = new PassphraseKeyWrapper('pass', cheap);
    const blob = damage(await w.wrap(newDataKey()));
    expect((await failure(w.unwrap(blob))).code).toBe('key-damaged');
  });

  it('refuses an empty passphrase and a key of the wrong length', async () => {
    expect(() => new PassphraseKeyWrapper('', cheap)).toThrow(/empty/);
    expect((await failure(new PassphraseKeyWrapper('x', cheap).wrap(Buffer.alloc(16)))).code).toBe('key-damaged');
  });
});

describe('key file', () => {
  it('round-trips and names the wrapper kind', async () => {
    const w = new PassphraseKeyWrapper('pass', cheap);
    const key = newDataKey();
    const file = decodeKeyFile(encodeKeyFile({ kind: w.kind, wrapped: await w.wrap(key), createdAt: 'now' }));
    expect(file.kind).toBe('passphrase');
    expect(await unwrapKeyFile(file, w)).toEqual(key);
  });

  it('refuses a folder made by the app when asked for a passphrase', async () => {
    const file = { kind: 'safe-storage', wrapped: Buffer.from('x'), createdAt: '' };
    expect(await failure(unwrapKeyFile(file, new PassphraseKeyWrapper('pass', cheap)))).toEqual({ code: 'key-wrong-kind', message: expect.stringMatching(/desktop app/) });
  });

  it.each(['', '{', '{"format":"other","version":1}', 'null', '[]'])('refuses damaged key file text %j', (text) => {
    expect(() => decodeKeyFile(text)).toThrow(/key file is damaged/);
  });
});

describe('doctor passwords', () => {
  it('verifies the right password only', async () => {
    const stored = await hashPassword('s3cret-pass', cheap);
    expect(stored).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('s3cret-pass', stored)).toBe(true);
    expect(await verifyPassword('s3cret-pasS', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('same', cheap)).not.toBe(await hashPassword('same', cheap));
  });

  it.each(['', 'plain', 'scrypt$10$8$1$c2FsdA==', 'scrypt$40$8$1$c2FsdA==$aGFzaA==', 'bcrypt$10$8$1$a$b', 'scrypt$10$8$1$c2FsdA==$c2hvcnQ='])(
    'never matches a malformed stored hash %j',
    async (stored) => {
      expect(await verifyPassword('anything', stored)).toBe(false);
    },
  );

  it('burns time for unknown names and always says no', async () => {
    expect(await burnPasswordCheck('x', cheap)).toBe(false);
  });
});
