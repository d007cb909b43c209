/**
 * Child process for crash.test.ts: writes notes in a loop until it is killed, printing each
 * consultation id only after its transaction has committed.
 * Usage: node crash-writer.mjs HOME MIGRATIONS_DIR PASSPHRASE PASSWORD
 */
import { writeSync } from 'node:fs';
import { ClinicalNote } from '../../shared/schemas/note';
import { PassphraseKeyWrapper } from '../keys/passphrase';
import { Store } from './store';

const [home, migrationsDir, passphrase, password] = process.argv.slice(2);
if (!home || !migrationsDir || !passphrase || !password) {
  process.stderr.write('usage: crash-writer HOME MIGRATIONS_DIR PASSPHRASE PASSWORD\n');
  process.exit(2);
}
const cost = { log2N: 10, r: 8, p: 1 };
const store = await Store.open({ home, migrationsDir, wrapper: new PassphraseKeyWrapper(passphrase, cost), passwordCost: cost });
const session = await store.signIn('Dr Crash', password);
const note = (i: number) =>
  ClinicalNote.parse({
    schemaVersion: 1,
    language: 'ta',
    createdAt: new Date().toISOString(),
    chiefComplaint: `காய்ச்சல் ${i} ${'long text '.repeat(200)}`,
    soap: { subjective: {}, objective: { vitals: {} }, assessment: {}, plan: {} },
    engines: { entities: 'offline-rules', soap: 'offline-rules' },
  });
writeSync(1, 'ready\n');
for (let i = 0; ; i++) {
  const c = store.create(session, { patient: { name: `Patient ${i}` }, language: 'ta', note: note(i) });
  store.updateNote(session, c.id, note(i + 1));
  // Synchronous write to fd 1: the id is printed only after both commits returned.
  writeSync(1, `${c.id}\n`);
}
