import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from './schema';
import type { Store } from './store';
import type { SqlClient } from './connection';
import { closeRawSql, initStore, rawSql, tempHome } from './test-helpers';

// drizzle/ holds hand-written SQL (drizzle-kit's layout); this keeps schema.ts and it in step.
let store: Store;
let cleanup: () => void;
let sql: SqlClient;
beforeAll(async () => {
  const h = tempHome();
  cleanup = h.cleanup;
  store = await initStore(h.home);
  sql = await rawSql(h.home);
});
afterAll(() => {
  closeRawSql();
  store.close();
  cleanup();
});

const tables = Object.values(schema as Record<string, unknown>).filter((v): v is SQLiteTable => is(v, SQLiteTable));

describe('schema.ts and the migrated database', () => {
  it('covers every table', () => {
    expect(tables.map((t) => getTableConfig(t).name).sort()).toEqual(['audit_log', 'clinic', 'consultations', 'doctors', 'meta', 'note_versions', 'patients']);
  });

  it.each(tables.map((t) => [getTableConfig(t).name, t] as const))('%s has the same columns, nullability, keys and indexes', (name, table) => {
    const config = getTableConfig(table);
    const info = sql.prepare(`PRAGMA table_info(${name})`).all() as { name: string; notnull: number; pk: number }[];
    const inDb = Object.fromEntries(info.map((c) => [c.name, { notNull: c.notnull === 1 || c.pk === 1, pk: c.pk === 1 }]));
    const inSchema = Object.fromEntries(config.columns.map((c) => [c.name, { notNull: c.notNull, pk: c.primary }]));
    expect(inSchema).toEqual(inDb);
    const indexes = sql.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).pluck().all(name);
    expect(config.indexes.map((i) => i.config.name).sort()).toEqual([...indexes].sort());
  });
});
