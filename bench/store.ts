/**
 * Local store speed over generated consultations (Tamil, Telugu and English transcripts and
 * notes, five doctors): insert throughput, the latency of saving one note on its own, and
 * search latency p50/p95 through the real API (doctor scope, filters, audit entry, commit).
 * Run: npm run bench:store. BENCH_NOTES (default 100000) sets the count. Target: search p95 ≤ 20 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClinicalNote } from '../src/shared/schemas/note';
import type { Language } from '../src/shared/schemas/common';
import { readKeyFile, unwrapKeyFile } from '../src/engine/keys/key-file';
import { PassphraseKeyWrapper } from '../src/engine/keys/passphrase';
import { openDatabaseFile } from '../src/engine/store/connection';
import { storeLayout } from '../src/engine/store/layout';
import { doctorMatch, searchSql } from '../src/engine/store/search';
import type { DoctorSession } from '../src/engine/store/session';
import { Store } from '../src/engine/store/store';

const total = Number(process.env.BENCH_NOTES ?? 100_000);
const migrationsDir = fileURLToPath(new URL('../../drizzle/', import.meta.url));
const cheap = { log2N: 10, r: 8, p: 1 }; // key derivation is not what is measured here

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const FIRST = ['Lakshmi', 'Murugan', 'Priya', 'Venkatesh', 'Anjali', 'Suresh', 'Kavitha', 'Srinivas', 'Meena', 'Arjun', 'Divya', 'Ravi', 'Saranya', 'Karthik', 'Padma', 'Rajesh'];
const LAST = ['Kumar', 'Reddy', 'Naidu', 'Pillai', 'Iyer', 'Rao', 'Subramanian', 'Krishnan', 'Sharma', 'Chowdary'];
const TA = ['மூன்று நாளா காய்ச்சல் இருக்கு', 'இருமல் இருக்கு ராத்திரி அதிகமா', 'தலைவலி ரெண்டு நாளா', 'வயிற்று வலி சாப்பிட்ட பிறகு', 'சளி மூக்கு ஒழுகுது', 'வாந்தி இல்லை', 'உடம்பு வலி இருக்கு'];
const TE = ['రెండు రోజులుగా జ్వరం ఉంది', 'దగ్గు ఎక్కువగా ఉంది', 'తలనొప్పి వస్తోంది', 'కడుపు నొప్పి ఉంది', 'జలుబు ఉంది', 'వాంతులు లేవు', 'ఒళ్ళు నొప్పులు'];
const EN = ['fever for three days', 'dry cough at night', 'headache since yesterday', 'burning micturition', 'loose stools twice', 'body ache', 'sore throat'];
const SYMPTOMS = ['fever', 'cough', 'headache', 'abdominal pain', 'cold', 'vomiting', 'body ache', 'sore throat', 'burning micturition', 'loose stools'];
const DRUGS = ['paracetamol', 'amoxicillin', 'azithromycin', 'cetirizine', 'pantoprazole', 'metformin', 'amlodipine', 'ondansetron', 'ibuprofen', 'nitrofurantoin', 'montelukast', 'domperidone'];
const DIAGNOSES = ['viral fever', 'acute pharyngitis', 'urinary tract infection', 'acute gastroenteritis', 'migraine', 'type 2 diabetes mellitus', 'hypertension'];

function consultation(i: number): { name: string; language: Language; text: string; note: ClinicalNote } {
  const language = pick(['ta', 'te', 'en'] as const);
  const phrases = language === 'ta' ? TA : language === 'te' ? TE : EN;
  const drugs = [pick(DRUGS), pick(DRUGS)];
  const text = Array.from({ length: 8 }, () => `${pick(phrases)}. ${pick(EN)}.`).join(' ') + ` ${drugs[0]} 500 mg 1-0-1 after food 5 days.`;
  const symptom = pick(SYMPTOMS);
  const note = ClinicalNote.parse({
    schemaVersion: 1,
    language,
    createdAt: new Date().toISOString(),
    chiefComplaint: `${symptom} for ${1 + (i % 7)} days`,
    soap: {
      subjective: { chiefComplaint: `${symptom} for ${1 + (i % 7)} days`, symptoms: [{ name: symptom, durationDays: 1 + (i % 7) }, { name: pick(SYMPTOMS) }] },
      objective: { vitals: { temperatureF: 98 + (i % 5), pulse: 70 + (i % 30), systolic: 110 + (i % 40), diastolic: 70 + (i % 20) } },
      assessment: { diagnoses: [{ name: pick(DIAGNOSES) }] },
      plan: {
        medications: drugs.map((name) => ({ name, strength: '500 mg', frequency: '1-0-1', timing: 'after food', durationDays: 5 })),
        investigations: [{ name: 'CBC' }],
        advice: [{ text: 'plenty of fluids' }],
        followUpDays: 3,
      },
    },
    engines: { entities: 'offline-rules', soap: 'offline-rules' },
  });
  return { name: `${pick(FIRST)} ${pick(LAST)} ${i}`, language, text, note };
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const fmt = (xs: number[]) => {
  xs.sort((a, b) => a - b);
  return `p50 ${pct(xs, 50).toFixed(2)}  p95 ${pct(xs, 95).toFixed(2)}  max ${(xs[xs.length - 1] ?? NaN).toFixed(2)} ms`;
};

const home = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'medscribe-bench-store-'));
try {
  const wrapper = new PassphraseKeyWrapper('bench passphrase', cheap);
  const store = await Store.init({ home, migrationsDir, wrapper, passwordCost: cheap });
  const sessions: DoctorSession[] = [];
  for (let d = 0; d < 5; d++) {
    await store.addDoctor({ name: `Dr Bench ${d}`, password: 'bench-password' });
    sessions.push(await store.signIn(`Dr Bench ${d}`, 'bench-password'));
  }
  const session = (i: number) => sessions[i % sessions.length] as DoctorSession;

  // Bulk: store.batch, one transaction around the real create() (each a savepoint, with its
  // index and audit entry). Only the create() calls are timed, not making up the notes.
  let t0 = 0;
  let bulkMs = 0;
  store.batch(() => {
    for (let i = 0; i < total; i++) {
      const c = consultation(i);
      t0 = performance.now();
      store.create(session(i), { patient: { name: c.name, age: 20 + (i % 60) }, language: c.language, transcript: { language: c.language, text: c.text, segments: [], engine: 'offline-rules' }, note: c.note });
      bulkMs += performance.now() - t0;
    }
  });
  const rssAfterBulk = process.memoryUsage().rss;
  // A second, unscoped connection (as the benchmark holds the key): checkpoint, and time the SQL alone.
  const sql = openDatabaseFile(storeLayout(home).db, await unwrapKeyFile(readKeyFile(storeLayout(home).keyFile), wrapper), 'open');
  sql.pragma('wal_checkpoint(TRUNCATE)');
  const stats = store.stats();

  // One note saved on its own: its own transaction and fsync (what the app does per save).
  const single: number[] = [];
  for (let i = 0; i < 200; i++) {
    const c = consultation(total + i);
    t0 = performance.now();
    store.create(session(i), { patient: { name: c.name }, language: c.language, transcript: { language: c.language, text: c.text, segments: [], engine: 'offline-rules' }, note: c.note });
    single.push(performance.now() - t0);
  }

  const queries: [string, object][] = [];
  for (let i = 0; i < 600; i++) {
    const kind = i % 8;
    const q = [pick(FIRST), `${pick(FIRST)} ${pick(LAST)}`, 'காய்ச்சல்', 'జ్వరం', pick(DRUGS), `${pick(DRUGS)} ${pick(SYMPTOMS).split(' ')[0]}`, 'தலைவலி', `${pick(LAST)} ${Math.floor(rand() * total)}`][kind] as string;
    const filter = i % 5 === 0 ? { status: 'ready' } : i % 7 === 0 ? { from: new Date(Date.now() - 86_400_000).toISOString() } : {};
    queries.push([q, filter]);
  }
  for (const [q, f] of queries.slice(0, 50)) store.search(session(0), q, f); // warm-up
  const api: number[] = [];
  const sqlOnly: number[] = [];
  const byKind = new Map<string, number[]>();
  let hits = 0;
  queries.forEach(([q, f], i) => {
    const s = performance.now();
    hits += store.search(session(i), q, f).length;
    const ms = performance.now() - s;
    api.push(ms);
    const kind = /[\u0B80-\u0BFF]/u.test(q) ? 'Tamil word' : /[\u0C00-\u0C7F]/u.test(q) ? 'Telugu word' : /\d/.test(q) ? 'name + number' : DRUGS.some((d) => q.startsWith(d)) ? 'drug (+ symptom)' : 'patient name';
    byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
  });
  const raw = sql.prepare(searchSql(''));
  queries.forEach(([q], i) => {
    const s = performance.now();
    raw.all(doctorMatch(session(i).doctorId, q), 0, Number.MAX_SAFE_INTEGER, session(i).doctorId, 50);
    sqlOnly.push(performance.now() - s);
  });
  const plan = sql.prepare(`EXPLAIN QUERY PLAN ${raw.source}`).all('"x"*', 0, 1, 'd', 50) as { detail: string }[];

  console.log(`notes: ${stats.consultations} (5 doctors, ta/te/en), database ${(stats.databaseBytes / 1e6).toFixed(0)} MB encrypted (SQLCipher, WAL, synchronous=FULL)`);
  console.log(`bulk insert: ${total} in ${(bulkMs / 1000).toFixed(1)} s = ${((total / bulkMs) * 1000).toFixed(0)} notes/s (one transaction; each create validates, indexes and audits)`);
  console.log(`process memory after the bulk insert: ${(rssAfterBulk / 1e6).toFixed(0)} MB resident`);
  console.log(`single save (own transaction + fsync): ${fmt(single)}`);
  console.log(`search via the API (${queries.length} queries, ≤50 results, audit entry + commit): ${fmt(api)}  (target p95 ≤ 20)`);
  for (const [kind, xs] of byKind) console.log(`  ${kind.padEnd(16)} ${fmt(xs)}`);
  console.log(`search SQL alone (no filters, no audit): ${fmt(sqlOnly)}; mean results ${(hits / queries.length).toFixed(1)}`);
  console.log(`plan: ${plan.map((p) => p.detail).join(' | ')}`);
  sql.close();
  store.close();
} finally {
  if (!process.env.BENCH_KEEP) rmSync(home, { recursive: true, force: true });
}
