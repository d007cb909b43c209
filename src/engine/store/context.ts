import { BetterSQLiteSession } from 'drizzle-orm/better-sqlite3/session';
import { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core/db';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core/dialect';
import { UserError } from '../dispatch';
import type { ScryptCost } from '../keys/passphrase';
import { appendAudit, type AuditEvent } from './audit';
import type { SqlClient } from './connection';
import type { StoreLayout } from './layout';

export type DrizzleDb = ReturnType<typeof drizzleOver>;

/**
 * drizzle over the SQLCipher build. drizzle-orm/better-sqlite3's `drizzle()` would import the
 * plain `better-sqlite3` package at load time; its session works unchanged with this
 * API-compatible fork, so the database is assembled from the same parts here.
 */
export function drizzleOver(client: SqlClient) {
  const dialect = new SQLiteSyncDialect();
  const session = new BetterSQLiteSession(client, dialect, undefined, {});
  return new BaseSQLiteDatabase('sync', dialect, session, undefined);
}

/** What the repository functions share. Only a Store makes one. */
export interface StoreContext {
  readonly client: SqlClient;
  readonly db: DrizzleDb;
  readonly layout: StoreLayout;
  /** Derived from the database key; encrypts audio files. */
  readonly audioKey: Buffer;
  readonly passwordCost: ScryptCost;
  now(): string;
}

const preparedByContext = new WeakMap<StoreContext, Map<string, unknown>>();

/**
 * A drizzle query prepared once per open store. drizzle prepares a new native statement on every
 * call, freed only when V8 gets round to collecting it: 20,000 saves held a gigabyte of native
 * memory that way. Hot paths build their query once, with placeholders, under a fixed name.
 */
export function prepared<T>(ctx: StoreContext, name: string, build: () => T): T {
  let map = preparedByContext.get(ctx);
  if (!map) preparedByContext.set(ctx, (map = new Map()));
  if (!map.has(name)) map.set(name, build());
  return map.get(name) as T;
}

/** Runs `fn` in one IMMEDIATE transaction (a savepoint when nested). */
export function inWriteTransaction<T>(ctx: StoreContext, fn: () => T): T {
  return ctx.client.transaction(fn).immediate();
}

/**
 * Runs `fn` and appends its audit entry in the same transaction: a change (or a read) of
 * patient data and its record in the log commit together or not at all. A call refused with a
 * UserError (another doctor's id, a signed note) is still recorded, marked `refused`: those
 * attempts are what monitoring looks for.
 */
export function audited<T>(ctx: StoreContext, event: AuditEvent, fn: () => T, detailOf?: (result: T) => AuditEvent['detail']): T {
  try {
    return inWriteTransaction(ctx, () => {
      const result = fn();
      appendAudit(ctx.client, detailOf ? { ...event, detail: { ...event.detail, ...detailOf(result) } } : event, ctx.now());
      return result;
    });
  } catch (err) {
    if (err instanceof UserError) inWriteTransaction(ctx, () => appendAudit(ctx.client, { ...event, detail: { ...event.detail, refused: true } }, ctx.now()));
    throw err;
  }
}
