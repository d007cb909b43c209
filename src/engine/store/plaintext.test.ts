import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { initStore, makeNote, PASSWORD, tempHome, transcriptOf } from './test-helpers';

const NAME = 'Thirumalai Venkataraman';
const TAMIL = 'மூன்று நாளா காய்ச்சல் இருக்கு';
const TELUGU = 'రెండు రోజులుగా జ్వరం ఉంది';
const DRUG = 'azithromycin';
const needles = [NAME, 'Venkataraman', TAMIL, 'காய்ச்சல்', TELUGU, DRUG];

/** Which of the needles occur, as UTF-8 (and UTF-16, SQLite's other text encoding), in `bytes`. */
function leaks(bytes: Buffer): string[] {
  return needles.filter((n) => bytes.includes(Buffer.from(n, 'utf8')) || bytes.includes(Buffer.from(n, 'utf16le')));
}

describe('nothing readable on disk', () => {
  it('the scan itself finds the words in an unencrypted database (control)', () => {
    const h = tempHome();
    try {
      const Database = createRequire(import.meta.url)('better-sqlite3-multiple-ciphers') as typeof BetterSqlite3;
      const db = new Database(join(h.home, 'plain.db'));
      db.exec('CREATE TABLE t (x)');
      db.prepare('INSERT INTO t VALUES (?)').run(`${NAME} ${TAMIL} ${TELUGU} ${DRUG}`);
      db.close();
      expect(leaks(readFileSync(join(h.home, 'plain.db')))).toEqual(needles);
    } finally {
      h.cleanup();
    }
  });

  it('the database, its WAL, the audio files, the key file and a backup hold no patient name, Tamil, Telugu or drug', async () => {
    const h = tempHome();
    const store = await initStore(h.home);
    try {
      await store.addDoctor({ name: 'Dr A', password: PASSWORD });
      const s = await store.signIn('Dr A', PASSWORD);
      for (let i = 0; i < 30; i++) {
        const c = store.create(s, {
          patient: { name: NAME, phone: '9876543210' },
          language: i % 2 ? 'te' : 'ta',
          transcript: transcriptOf(`${i % 2 ? TELUGU : TAMIL}. ${DRUG} 500 mg OD.`, i % 2 ? 'te' : 'ta'),
          note: makeNote({ complaint: `${TAMIL} ${DRUG}`, symptom: 'fever', drug: DRUG }),
        });
        store.updateNote(s, c.id, makeNote({ complaint: `${TELUGU} ${NAME}`, drug: DRUG }));
        if (i < 3) await store.saveAudio(s, c.id, Readable.from([Buffer.from(`${NAME} ${TAMIL} ${DRUG} `.repeat(500))]));
      }
      // The data is really there, readable through the store.
      expect(store.search(s, 'காய்ச்சல்').length).toBeGreaterThan(0);
      expect(store.search(s, DRUG).length).toBe(30);

      const backup = join(h.home, 'backup.msbackup');
      store.backup(backup);
      const layout = store.layout;
      expect(existsSync(`${layout.db}-wal`)).toBe(true);
      const files = [
        layout.db,
        `${layout.db}-wal`,
        `${layout.db}-shm`,
        layout.keyFile,
        backup,
        ...readdirSync(layout.audioDir).map((f) => join(layout.audioDir, f)),
      ];
      expect(files.filter((f) => f.endsWith('.msa'))).toHaveLength(3);
      expect(readFileSync(`${layout.db}-wal`).length).toBeGreaterThan(100_000);
      for (const f of files) expect({ file: f, leaks: leaks(readFileSync(f)) }).toEqual({ file: f, leaks: [] });
      // And once everything is checkpointed into the main file.
      store.close();
      expect(leaks(readFileSync(layout.db))).toEqual([]);
    } finally {
      store.close();
      h.cleanup();
    }
  });
});
