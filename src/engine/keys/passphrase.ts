import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { assertDataKey, KeyError, type KeyWrapper } from './key-wrapper';

/** scrypt cost as log2(N), r and p. */
export interface ScryptCost {
  log2N: number;
  r: number;
  p: number;
}

/**
 * 2^17 × 8 × 128 B = 128 MiB and about half a second per unlock on a clinic PC: paid once
 * per start, and it makes guessing a stolen key file's passphrase expensive (OWASP's scrypt
 * floor is 2^17, r=8, p=1).
 */
export const PASSPHRASE_COST: ScryptCost = { log2N: 17, r: 8, p: 1 };

const MAGIC = Buffer.from('MSKP', 'latin1');
const VERSION = 1;
const SALT = 16;
const NONCE = 12;
const TAG = 16;
const HEADER = MAGIC.length + 4 + SALT;

export function scryptAsync(secret: string, salt: Buffer, length: number, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 128 * N * cost.r * cost.p + 32 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, length, options, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

/** Refuses cost parameters from a file that would take minutes or gigabytes (a tampered key file). */
export function checkCost(cost: ScryptCost): ScryptCost {
  const ok = cost.log2N >= 10 && cost.log2N <= 20 && cost.r >= 1 && cost.r <= 16 && cost.p >= 1 && cost.p <= 4;
  if (!ok) throw new KeyError('key-damaged', 'The database key file is damaged (unreadable protection settings). Restore it from a backup.');
  return cost;
}

/**
 * Wraps the database key with a passphrase: scrypt (random salt) derives a key-encryption key,
 * AES-256-GCM encrypts the database key and authenticates the header, so a wrong passphrase
 * and a changed file are told apart from a good unlock, never mistaken for one.
 *
 * Blob: "MSKP" | version | log2N | r | p | salt(16) | nonce(12) | tag(16) | ciphertext(32).
 */
export class PassphraseKeyWrapper implements KeyWrapper {
  readonly kind = 'passphrase';
  readonly #passphrase: string;
  readonly #cost: ScryptCost;

  constructor(passphrase: string, cost: ScryptCost = PASSPHRASE_COST) {
    if (passphrase.length === 0) throw new KeyError('passphrase-empty', 'The passphrase is empty.');
    this.#passphrase = passphrase;
    this.#cost = checkCost(cost);
  }

  async wrap(key: Buffer): Promise<Buffer> {
    assertDataKey(key);
    const { log2N, r, p } = this.#cost;
    const header = Buffer.concat([MAGIC, Buffer.from([VERSION, log2N, r, p]), randomBytes(SALT)]);
    const kek = await scryptAsync(this.#passphrase, header.subarray(HEADER - SALT), 32, this.#cost);
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', kek, nonce);
    cipher.setAAD(header);
    const ct = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([header, nonce, cipher.getAuthTag(), ct]);
  }

  async unwrap(blob: Buffer): Promise<Buffer> {
    if (blob.length !== HEADER + NONCE + TAG + 32 || !blob.subarray(0, MAGIC.length).equals(MAGIC) || blob[4] !== VERSION) {
      throw new KeyError('key-damaged', 'The database key file is damaged or is not a MedScribe passphrase key. Restore it from a backup.');
    }
    const cost = checkCost({ log2N: blob[5] ?? 0, r: blob[6] ?? 0, p: blob[7] ?? 0 });
    const header = blob.subarray(0, HEADER);
    const kek = await scryptAsync(this.#passphrase, header.subarray(HEADER - SALT), 32, cost);
    const decipher = createDecipheriv('aes-256-gcm', kek, blob.subarray(HEADER, HEADER + NONCE));
    decipher.setAAD(header);
    decipher.setAuthTag(blob.subarray(HEADER + NONCE, HEADER + NONCE + TAG));
    try {
      return assertDataKey(Buffer.concat([decipher.update(blob.subarray(HEADER + NONCE + TAG)), decipher.final()]));
    } catch (err) {
      if (err instanceof KeyError) throw err;
      throw new KeyError('wrong-passphrase', 'The passphrase is wrong (or the key file was altered). Nothing was opened or changed.');
    }
  }
}
