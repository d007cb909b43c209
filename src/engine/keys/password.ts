import { randomBytes, timingSafeEqual } from 'node:crypto';
import { checkCost, type ScryptCost, scryptAsync } from './passphrase';

/** 2^15 × 8 × 128 B = 32 MiB, about 0.1 s per login: slow for guessing, quick for a doctor. */
export const PASSWORD_COST: ScryptCost = { log2N: 15, r: 8, p: 1 };

const HASH_BYTES = 32;

/** `scrypt$log2N$r$p$salt$hash` (base64), so the cost can rise later without breaking old logins. */
export async function hashPassword(password: string, cost: ScryptCost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, HASH_BYTES, cost);
  return ['scrypt', cost.log2N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Constant-time comparison; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts;
  let cost: ScryptCost;
  try {
    cost = checkCost({ log2N: Number(n), r: Number(r), p: Number(p) });
  } catch {
    return false;
  }
  const expected = Buffer.from(hash ?? '', 'base64');
  if (expected.length !== HASH_BYTES) return false;
  const actual = await scryptAsync(password, Buffer.from(salt ?? '', 'base64'), HASH_BYTES, cost);
  return timingSafeEqual(actual, expected);
}

/** Spends the same time as a real check, so an unknown name cannot be told from a wrong password by timing. */
export async function burnPasswordCheck(password: string, cost: ScryptCost = PASSWORD_COST): Promise<false> {
  await scryptAsync(password, randomBytes(16), HASH_BYTES, cost);
  return false;
}
