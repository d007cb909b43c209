import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityCheck } from './connection';
import { Store } from './store';
import { closeRawSql, initStore, migrationsDir, PASSPHRASE, PASSWORD, rawSql, storeOptions, tempHome } from './test-helpers';

// The child runs as plain Node: bundle it (packages external, so the native module resolves
// from the project's node_modules).
const root = fileURLToPath(new URL('../../../', import.meta.url));
const bundle = join(root, 'out', 'test', `crash-writer-${process.pid}.mjs`);

beforeAll(async () => {
  mkdirSync(dirname(bundle), { recursive: true });
  await build({
    entryPoints: [fileURLToPath(new URL('./crash-writer.ts', import.meta.url))],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
  });
});
afterAll(() => rmSync(bundle, { force: true }));

/** Starts the writer, lets it commit at least `atLeast` notes, then SIGKILLs it mid-write. */
function runAndKill(home: string, atLeast: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, home, migrationsDir, PASSPHRASE, PASSWORD], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ids: string[] = [];
    let pending = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) if (l !== 'ready') ids.push(l);
      if (!killed && ids.length >= atLeast) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(ids);
      else reject(new Error(`the writer stopped by itself (code ${code}): ${stderr.slice(-500)}`));
    });
  });
}

describe('a crash in the middle of writing (kill -9)', () => {
  it('leaves a database that passes integrity_check and holds every note reported committed', async () => {
    const h = tempHome();
    const store = await initStore(h.home);
    await store.addDoctor({ name: 'Dr Crash', password: PASSWORD });
    store.close();
    try {
      let committed: string[] = [];
      for (const [round, atLeast] of [[1, 40], [2, 75], [3, 13]] as const) {
        const ids = await runAndKill(h.home, atLeast);
        expect(ids.length, `round ${round}`).toBeGreaterThanOrEqual(atLeast);
        committed = [...committed, ...ids];
        const reopened = await Store.open(storeOptions(h.home));
        try {
          const sql = await rawSql(h.home);
          expect(integrityCheck(sql)).toEqual(['ok']);
          sql.exec("INSERT INTO consultation_search (consultation_search) VALUES ('integrity-check')");
          expect(reopened.verifyAudit()).toMatchObject({ ok: true });
          const s = await reopened.signIn('Dr Crash', PASSWORD);
          const last = committed[committed.length - 1] ?? '';
          expect(reopened.get(s, last)).toMatchObject({ version: 2, note: { chiefComplaint: expect.stringMatching(/^காய்ச்சல் \d+/) } });
          const stored = new Set(sql.prepare('SELECT id FROM consultations').pluck().all());
          expect(committed.filter((id) => !stored.has(id))).toEqual([]);
          expect(reopened.search(s, 'காய்ச்சல்', { limit: 500 }).length).toBe(Math.min(500, stored.size));
        } finally {
          closeRawSql();
          reopened.close();
        }
      }
    } finally {
      h.cleanup();
    }
  }, 60_000);
});
