/** Shared by the store tests: a temporary data folder with cheap key derivation. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../../shared/schemas/common';
import type { Transcript } from '../../shared/schemas/domain';
import { ClinicalNote } from '../../shared/schemas/note';
import { readKeyFile, unwrapKeyFile } from '../keys/key-file';
import { PassphraseKeyWrapper, type ScryptCost } from '../keys/passphrase';
import { openDatabaseFile, type SqlClient } from './connection';
import { storeLayout } from './layout';
import { Store, type StoreOptions } from './store';
import { afterEach } from 'vitest';

export const migrationsDir = fileURLToPath(new URL('../../../drizzle/', import.meta.url));

/** Cheap scrypt so tests stay fast; production costs are in keys/. */
export const TEST_COST: ScryptCost = { log2N: 10, r: 8, p: 1 };
export const PASSPHRASE = 'correct horse battery staple';
export const PASSWORD = 'doctor-password-1';

export function tempHome(prefix = 'medscribe-store-'): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), prefix));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/**
 * Temp data folders for the tests of one file: after each test, raw SQL connections and
 * stores (`closeFirst`) are closed, then the folders are removed.
 */
export function tempHomes(): { home: () => string; closeFirst: (close: () => void) => void } {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    closeRawSql();
    cleanups.splice(0).forEach((c) => c());
  });
  return {
    home: () => {
      const h = tempHome();
      cleanups.push(h.cleanup);
      return h.home;
    },
    closeFirst: (close) => void cleanups.unshift(close),
  };
}

export function storeOptions(home: string, passphrase = PASSPHRASE, extra: Partial<StoreOptions> = {}): StoreOptions {
  return { home, wrapper: new PassphraseKeyWrapper(passphrase, TEST_COST), migrationsDir, passwordCost: TEST_COST, ...extra };
}

export function initStore(home: string, extra: Partial<StoreOptions> = {}): Promise<Store> {
  return Store.init(storeOptions(home, PASSPHRASE, extra));
}

export function transcriptOf(text: string, language: Language = 'ta'): Transcript {
  return { language, text, engine: 'offline-rules', segments: [{ startMs: 0, endMs: 1000, text, language, engine: 'offline-rules' }] };
}

/** A small but complete note. */
export function makeNote(opts: { complaint: string; symptom?: string; drug?: string; language?: Language }): ClinicalNote {
  return ClinicalNote.parse({
    schemaVersion: 1,
    language: opts.language ?? 'ta',
    createdAt: '2026-01-05T10:00:00.000Z',
    chiefComplaint: opts.complaint,
    soap: {
      subjective: { chiefComplaint: opts.complaint, symptoms: opts.symptom ? [{ name: opts.symptom, durationDays: 3 }] : [] },
      objective: { vitals: { temperatureF: 101 } },
      assessment: { diagnoses: [] },
      plan: { medications: opts.drug ? [{ name: opts.drug, strength: '650 mg', frequency: '1-0-1', timing: 'after food', durationDays: 3 }] : [] },
    },
    engines: { entities: 'offline-rules', soap: 'offline-rules' },
  });
}

/** The error a call or promise fails with, as a plain object so `message` can be matched too. */
export async function failure(run: Promise<unknown> | (() => unknown)): Promise<{ code: unknown; message: string }> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (err) {
    return { code: (err as { code?: unknown }).code, message: err instanceof Error ? err.message : String(err) };
  }
  throw new Error('expected a failure, but it succeeded');
}

const rawConnections: SqlClient[] = [];

/**
 * A second, unscoped connection to a data folder's database, as someone holding the key would
 * have: for checking what is on disk and for tampering. The Store itself offers none.
 */
export async function rawSql(home: string, passphrase = PASSPHRASE): Promise<SqlClient> {
  const layout = storeLayout(home);
  const key = await unwrapKeyFile(readKeyFile(layout.keyFile), new PassphraseKeyWrapper(passphrase, TEST_COST));
  const client = openDatabaseFile(layout.db, key, 'open');
  rawConnections.push(client);
  return client;
}

export function closeRawSql(): void {
  for (const c of rawConnections.splice(0)) if (c.open) c.close();
}
