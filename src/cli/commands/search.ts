import { ConsultationStatus } from '../../shared/schemas/domain';
import type { ConsultationSummary } from '../../engine/store/records';
import { oneOf, parseCommandArgs } from '../args';
import type { Command } from '../index';
import { type Io, UsageError } from '../io';
import { signInDoctor, withStore } from './db';

/** A calendar date (YYYY-MM-DD) as local midnight; `dayAfter` for an inclusive "to". */
export function localDate(text: string, flag: string, dayAfter = false): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const date = new Date(y, mo - 1, d + (dayAfter ? 1 : 0));
  const real = m && new Date(y, mo - 1, d).getMonth() === mo - 1 && new Date(y, mo - 1, d).getDate() === d;
  if (!real) throw new UsageError(`${flag} must be a date like 2026-01-31 (got "${text}").`);
  return date.toISOString();
}

function table(rows: ConsultationSummary[]): string {
  const lines = rows.map((r) => [r.createdAt.slice(0, 10), r.status.padEnd(9), (r.patientName || '(no name)').slice(0, 28).padEnd(28), r.chiefComplaint.slice(0, 40).padEnd(40), r.id].join('  '));
  return `${['DATE      ', 'STATUS   ', 'PATIENT'.padEnd(28), 'COMPLAINT'.padEnd(40), 'ID'].join('  ')}\n${lines.join('\n')}\n`;
}

export const searchCommand: Command = {
  name: 'search',
  summary: 'Search your consultations: patient names, transcripts and notes (Tamil, Telugu, English).',
  usage: 'medscribe search QUERY --doctor NAME [--json] [--from DATE] [--to DATE] [--status STATUS] [--limit N]',
  async run(args, io: Io) {
    const { positionals, values } = parseCommandArgs(
      args,
      {
        doctor: { type: 'string', short: 'd' },
        json: { type: 'boolean', default: false },
        from: { type: 'string' },
        to: { type: 'string' },
        status: { type: 'string' },
        limit: { type: 'string' },
      },
      true,
    );
    const query = positionals.join(' ').trim();
    if (!query) throw new UsageError('give the words to search for.');
    if (!values.doctor) throw new UsageError('--doctor NAME is required: each doctor searches only their own consultations.');
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit must be a whole number from 1 to 500.');
    const filter = {
      ...(values.from ? { from: localDate(values.from, '--from') } : {}),
      ...(values.to ? { to: localDate(values.to, '--to', true) } : {}),
      ...(values.status ? { status: oneOf(values.status, ConsultationStatus.options, '--status') } : {}),
      limit,
    };
    const doctor = values.doctor;
    return withStore(async (store) => {
      const session = await signInDoctor(store, doctor);
      const rows = store.search(session, query, filter);
      if (values.json) io.out(`${JSON.stringify(rows, null, 2)}\n`);
      else if (rows.length === 0) io.err('No consultations match.\n');
      else io.out(table(rows));
      return 0;
    });
  },
};
