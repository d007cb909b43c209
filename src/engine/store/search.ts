/**
 * Full-text search over patient names, transcripts and notes (FTS5, table consultation_search,
 * created in drizzle/0001_search.sql, where the tokenizer choice is explained), always for one
 * doctor's consultations.
 */
import type { ConsultationStatus } from '../../shared/schemas/domain';
import { cached, type SqlClient, StoreError } from './connection';
import { audited, type StoreContext } from './context';
import type { ConsultationSummary } from './records';
import { type DoctorSession, requireDoctor } from './session';

export interface ConsultationFilter {
  /** ISO instant, inclusive. */
  from?: string;
  /** ISO instant, exclusive. */
  to?: string;
  status?: ConsultationStatus;
  /** At most this many results (default 50, at most 500). */
  limit?: number;
}

/** The text a consultation is found by: same expression as the backfill in drizzle/0001_search.sql. */
const INDEX_ROW = `
INSERT INTO consultation_search (rowid, doctor, patient, transcript, note)
SELECT c.seq, 'd' || replace(c.doctor_id, '-', ''), p.name, coalesce(json_extract(c.transcript, '$.text'), ''),
  coalesce((
    SELECT group_concat(j.value, ' ') FROM note_versions v, json_tree(v.note) j
    WHERE v.consultation_id = c.id AND v.version = c.current_version
      AND j.type = 'text' AND j.fullkey NOT LIKE '%.evidence%'
      AND j.fullkey NOT IN ('$.createdAt', '$.language') AND j.fullkey NOT LIKE '$.engines%'
  ), '')
FROM consultations c JOIN patients p ON p.id = c.patient_id
WHERE c.seq = ? AND c.deleted_at IS NULL`;

export function unindexConsultation(client: SqlClient, seq: number): void {
  cached(client, 'DELETE FROM consultation_search WHERE rowid = ?').run(seq);
}

/** (Re)writes one consultation's index entry; call inside the transaction that changed it. */
export function indexConsultation(client: SqlClient, seq: number): void {
  unindexConsultation(client, seq);
  cached(client, INDEX_ROW).run(seq);
}

const MAX_TERMS = 8;

/**
 * The FTS5 MATCH expression for what a doctor typed: every word must occur, as a word prefix
 * (search as you type); a one-letter word must match whole. Tamil and Telugu add case and
 * clitic endings to a word (காய்ச்சல் → காய்ச்சலும், జ్వరం → జ్వరానికి), so a word's trailing vowel
 * signs, virama or anusvara are dropped before the prefix match when two letters remain.
 * Words are cut where the tokenizer cuts (anything but letters, marks, digits), so no FTS5
 * syntax from the input survives. Undefined when nothing searchable is left.
 */
export function matchExpression(query: string): string | undefined {
  const words = query
    .normalize('NFC')
    .split(/[^\p{L}\p{M}\p{N}\p{Co}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, MAX_TERMS);
  if (words.length === 0) return undefined;
  return words
    .map((w) => {
      const stem = w.replace(/\p{M}+$/u, '');
      const letters = stem.replace(/\p{M}/gu, '').length;
      // A one-letter prefix would match nearly every note: such a word must match whole.
      if (w.replace(/\p{M}/gu, '').length < 2) return `"${w}"`;
      return `"${letters >= 2 ? stem : w}"*`;
    })
    .join(' ');
}

interface SummaryRow {
  id: string;
  patient_name: string;
  language: ConsultationSummary['language'];
  status: ConsultationStatus;
  current_version: number;
  signed_version: number | null;
  chief_complaint: string | null;
  created_at: string;
  updated_at: string;
}

/** A summary per row of a CTE `hits(seq)` already cut to one doctor's page of results. */
export function summariesOf(order: 'created' | 'saved'): string {
  return `
SELECT c.id, p.name AS patient_name, c.language, c.status, c.current_version, c.signed_version,
  json_extract(v.note, '$.chiefComplaint') AS chief_complaint, c.created_at, c.updated_at
FROM hits JOIN consultations c ON c.seq = hits.seq JOIN patients p ON p.id = c.patient_id
LEFT JOIN note_versions v ON v.consultation_id = c.id AND v.version = c.current_version
ORDER BY ${order === 'created' ? 'c.created_at DESC, c.seq DESC' : 'c.seq DESC'}`;
}

export function toSummary(r: SummaryRow): ConsultationSummary {
  return {
    id: r.id,
    patientName: r.patient_name,
    language: r.language,
    status: r.status,
    version: r.current_version,
    signed: r.signed_version !== null,
    chiefComplaint: r.chief_complaint ?? '',
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** SQL conditions and parameters for a filter, on consultations aliased `c`. */
export function filterSql(filter: ConsultationFilter): { where: string; params: (string | number)[]; limit: number } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const [instant, op] of [[filter.from, '>='], [filter.to, '<']] as const) {
    if (instant === undefined) continue;
    if (Number.isNaN(Date.parse(instant))) throw new StoreError('invalid-filter', 'A date filter is not a valid date.');
    parts.push(`c.created_at ${op} ?`);
    params.push(new Date(instant).toISOString());
  }
  if (filter.status !== undefined) {
    parts.push('c.status = ?');
    params.push(filter.status);
  }
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), 500);
  return { where: parts.map((p) => ` AND ${p}`).join(''), params, limit };
}

/**
 * Parameters: MATCH, lowest and highest row number, doctor id, the filter's, limit.
 * CROSS JOIN keeps the index as the outer loop: left to itself, SQLite walks the doctor's date
 * index when a date filter is given and probes the index once per consultation.
 */
export function searchSql(filterWhere: string): string {
  return `WITH hits AS (
    SELECT c.seq FROM consultation_search s CROSS JOIN consultations c ON c.seq = s.rowid
    WHERE consultation_search MATCH ? AND s.rowid BETWEEN ? AND ? AND c.doctor_id = ? AND c.deleted_at IS NULL${filterWhere}
    ORDER BY s.rowid DESC LIMIT ?)${summariesOf('saved')}`;
}

/**
 * The whole MATCH expression: the doctor's token in the `doctor` column (see
 * drizzle/0001_search.sql) and the words in the other columns only.
 */
export function doctorMatch(doctorId: string, query: string): string | undefined {
  const terms = matchExpression(query);
  return terms && `doctor : "d${doctorId.replace(/-/g, '').toLowerCase()}" AND {patient transcript note} : (${terms})`;
}

/**
 * Newest first (in the order saved on this computer). The index walks the doctor's matches from
 * the newest and stops at the limit; a date range becomes a range of row numbers first, so an
 * old range does not walk through everything newer.
 */
export function searchConsultations(ctx: StoreContext, session: DoctorSession, query: string, filter: ConsultationFilter = {}): ConsultationSummary[] {
  const doctorId = requireDoctor(ctx, session);
  const match = doctorMatch(doctorId, query);
  if (!match) throw new StoreError('search-empty', 'Type at least one word (letters or digits) to search for.');
  const f = filterSql(filter);
  const sql = searchSql(f.where);
  return audited(
    ctx,
    { actorId: doctorId, action: 'search', entity: 'consultation' },
    () => {
      const range = seqRange(ctx, doctorId, filter);
      if (!range) return [];
      return (cached(ctx.client, sql).all(match, range[0], range[1], doctorId, ...f.params, f.limit) as SummaryRow[]).map(toSummary);
    },
    (rows) => ({ results: rows.length }),
  );
}

/** The row numbers of the doctor's consultations in the date range: a superset bound, exact. */
function seqRange(ctx: StoreContext, doctorId: string, filter: ConsultationFilter): [number, number] | undefined {
  if (filter.from === undefined && filter.to === undefined) return [0, Number.MAX_SAFE_INTEGER];
  const f = filterSql({ ...filter, status: undefined });
  const row = cached(ctx.client, `SELECT min(c.seq) AS lo, max(c.seq) AS hi FROM consultations c WHERE c.doctor_id = ?${f.where}`).get(doctorId, ...f.params) as {
    lo: number | null;
    hi: number | null;
  };
  return row.lo === null || row.hi === null ? undefined : [row.lo, row.hi];
}
