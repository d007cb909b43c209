import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filterSql, matchExpression, searchSql } from './search';
import type { DoctorSession } from './session';
import type { Store } from './store';
import { closeRawSql, initStore, makeNote, PASSWORD, rawSql, tempHome, transcriptOf } from './test-helpers';

const Database = createRequire(import.meta.url)('better-sqlite3-multiple-ciphers') as typeof BetterSqlite3;

const TAMIL = 'நோயாளிக்கு மூன்று நாளா காய்ச்சல் இருக்கு, டோலோ 650 குடுங்க';
const TELUGU = 'రోగికి రెండు రోజులుగా జ్వరం ఉంది, దగ్గు లేదు';
const TAMIL_INFLECTED = 'காய்ச்சலும் இருமலும் இருக்கு';
const TELUGU_INFLECTED = 'జ్వరానికి మందు ఇచ్చాను';

function tokens(tokenize: string, text: string): string[] {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize = "${tokenize}"); CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row');`);
  db.prepare('INSERT INTO t (x) VALUES (?)').run(text);
  const out = (db.prepare('SELECT term FROM v').all() as { term: string }[]).map((r) => r.term);
  db.close();
  return out;
}

describe('the tokenizer on Indic script', () => {
  it('default unicode61 cuts Tamil and Telugu words at every vowel sign and virama', () => {
    const t = tokens('unicode61', 'காய்ச்சல் జ్వరం');
    expect(t).not.toContain('காய்ச்சல்');
    expect(t).not.toContain('జ్వరం');
    expect(t.sort()).toEqual(['க', 'ச', 'சல', 'ய', 'జ', 'వర'].sort());
  });

  it('so the default tokenizer matches a fragment from the middle of a word; the store’s does not', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE d USING fts5(x); CREATE VIRTUAL TABLE m USING fts5(x, tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'")`);
    for (const t of ['d', 'm']) db.prepare(`INSERT INTO ${t} (x) VALUES (?)`).run(TAMIL);
    const hits = (t: string, q: string) => db.prepare(`SELECT count(*) FROM ${t} WHERE ${t} MATCH ?`).pluck().get(q);
    expect(hits('d', '"சல"')).toBe(1);
    expect(hits('m', '"சல"')).toBe(0);
    expect(hits('m', '"காய்ச்சல்"')).toBe(1);
    db.close();
  });

  it('the store’s tokenizer (marks are word characters) keeps each word whole', () => {
    const t = tokens("unicode61 remove_diacritics 2 categories 'L* N* Co M*'", `${TAMIL} ${TELUGU} Café`);
    expect(t).toEqual(expect.arrayContaining(['காய்ச்சல்', 'நோயாளிக்கு', 'டோலோ', 'జ్వరం', 'రోజులుగా', 'దగ్గు', '650', 'cafe']));
    expect(t.every((w) => !/^\p{M}/u.test(w))).toBe(true);
  });
});

describe('matchExpression', () => {
  it('makes every word a prefix term and drops trailing Indic marks', () => {
    expect(matchExpression('காய்ச்சல்')).toBe('"காய்ச்சல"*');
    expect(matchExpression('జ్వరం')).toBe('"జ్వర"*');
    expect(matchExpression('Ravi  Kumar')).toBe('"Ravi"* "Kumar"*');
  });

  it('keeps a short word whole rather than strip it to one letter, and matches one letter exactly', () => {
    expect(matchExpression('கை')).toBe('"கை"');
    expect(matchExpression('கண்')).toBe('"கண"*');
    expect(matchExpression('B 12')).toBe('"B" "12"*');
  });

  it('leaves no FTS5 syntax from the input', () => {
    expect(matchExpression('fever" OR "x')).toBe('"fever"* "OR"* "x"');
    expect(matchExpression('NEAR(a b) col:x ^y -z *')).toBe('"NEAR"* "a" "b" "col"* "x" "y" "z"');
    expect(matchExpression(' "*:() ')).toBeUndefined();
  });
});

describe('search', () => {
  let store: Store;
  let cleanup: () => void;
  let home: string;
  let s: DoctorSession;
  let now = new Date('2026-01-05T10:00:00Z');
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const h = tempHome();
    cleanup = h.cleanup;
    home = h.home;
    store = await initStore(h.home, { clock: () => now });
    await store.addDoctor({ name: 'Dr A', password: PASSWORD });
    s = await store.signIn('Dr A', PASSWORD);
    const add = (key: string, name: string, text: string, lang: 'ta' | 'te' | 'en', note = makeNote({ complaint: 'review', language: lang })) => {
      ids[key] = store.create(s, { patient: { name }, language: lang, transcript: transcriptOf(text, lang), note }).id;
    };
    add('ta', 'Lakshmi Narayanan', TAMIL, 'ta', makeNote({ complaint: 'fever for 3 days', symptom: 'fever', drug: 'paracetamol' }));
    now = new Date('2026-02-05T10:00:00Z');
    add('te', 'Venkatesh Naidu', TELUGU, 'te');
    add('taInflected', 'Murugan', TAMIL_INFLECTED, 'ta');
    add('teInflected', 'Srinivas', TELUGU_INFLECTED, 'te');
    add('en', 'John Mathew', 'Patient has burning micturition for two days.', 'en', makeNote({ complaint: 'burning micturition', drug: 'nitrofurantoin', language: 'en' }));
  });
  afterAll(() => {
    closeRawSql();
    store.close();
    cleanup();
  });

  const found = (q: string, filter = {}) => store.search(s, q, filter).map((r) => Object.keys(ids).find((k) => ids[k] === r.id));

  it('finds the Tamil and Telugu notes by their words, in every inflected form', () => {
    expect(found('காய்ச்சல்').sort()).toEqual(['ta', 'taInflected']);
    expect(found('జ్వరం').sort()).toEqual(['te', 'teInflected']);
    expect(found('மூன்று காய்ச்சல்')).toEqual(['ta']);
  });

  it('does not match a word by a fragment from its middle', () => {
    // "சல" is a token of காய்ச்சல் under the default tokenizer (see above); here it matches nothing.
    expect(found('சல')).toEqual([]);
    expect(found('వర')).toEqual([]);
  });

  it('finds patients by name, and notes by drug and English words', () => {
    expect(found('lakshmi')).toEqual(['ta']);
    expect(found('Venkat')).toEqual(['te']);
    expect(found('paracetamol')).toEqual(['ta']);
    expect(found('nitrofurantoin micturition')).toEqual(['en']);
    expect(found('micturition paracetamol')).toEqual([]);
  });

  it('filters by date and status, newest first', () => {
    expect(found('review')).toEqual(['teInflected', 'taInflected', 'te']);
    expect(found('காய்ச்சல்', { from: '2026-02-01T00:00:00Z' })).toEqual(['taInflected']);
    expect(found('காய்ச்சல்', { to: '2026-02-01T00:00:00Z' })).toEqual(['ta']);
    store.sign(s, ids.te ?? '');
    expect(found('జ్వరం', { status: 'signed' })).toEqual(['te']);
    expect(found('జ్వరం', { status: 'ready' })).toEqual(['teInflected']);
  });

  it('follows note edits and deletions', () => {
    const id = ids.en ?? '';
    store.updateNote(s, id, makeNote({ complaint: 'dysuria', drug: 'cefixime', language: 'en' }));
    expect(found('nitrofurantoin')).toEqual([]);
    expect(found('cefixime')).toEqual(['en']);
    expect(found('John')).toEqual(['en']);
    store.delete(s, id);
    expect(found('cefixime')).toEqual([]);
    expect(found('John')).toEqual([]);
  });

  it('returns summaries with the patient name and chief complaint', () => {
    expect(store.search(s, 'lakshmi')[0]).toMatchObject({ patientName: 'Lakshmi Narayanan', chiefComplaint: 'fever for 3 days', language: 'ta', version: 1, signed: false });
  });

  it('never matches the words of a query against the doctor column', () => {
    expect(found(`d${s.doctorId.replace(/-/g, '')}`)).toEqual([]);
  });

  it('lets the index walk matches newest first and stop at the limit (no sort of every match)', async () => {
    const sql = await rawSql(home);
    for (const filter of [{}, { from: '2026-01-01T00:00:00Z', status: 'ready' as const }]) {
      const f = filterSql(filter);
      const args = ['"x"*', 0, 1, 'doctor', ...f.params, 50];
      const plan = sql.prepare(`EXPLAIN QUERY PLAN ${searchSql(f.where)}`).all(...args) as { id: number; parent: number; detail: string }[];
      // The page of hits (the CTE): the index, then one lookup per match, and no sort of all matches.
      const cte = plan.find((p) => p.detail === 'CO-ROUTINE hits');
      const inCte = plan.filter((p) => p.parent === cte?.id).map((p) => p.detail);
      expect(inCte).toEqual([expect.stringMatching(/^SCAN s VIRTUAL TABLE INDEX \d+:/), 'SEARCH c USING INTEGER PRIMARY KEY (rowid=?)']);
    }
  });

  it('refuses an empty query', () => {
    expect(() => store.search(s, '  !! ')).toThrow(/at least one word/);
  });
});
