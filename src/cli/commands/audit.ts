import { parseCommandArgs } from '../args';
import type { Command } from '../index';
import { type Io, UsageError } from '../io';
import { withStore } from './db';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Check that the audit log is intact (nothing edited, removed or re-ordered).',
  usage: 'medscribe audit verify [--json]',
  async run(args, io: Io) {
    const { positionals, values } = parseCommandArgs(args, { json: { type: 'boolean', default: false } }, true);
    if (positionals.length !== 1 || positionals[0] !== 'verify') throw new UsageError(positionals[0] ? `there is no "audit ${positionals.join(' ')}".` : 'say what to do: verify.');
    return withStore((store) => {
      const verdict = store.verifyAudit();
      if (values.json) io.out(`${JSON.stringify(verdict)}\n`);
      if (verdict.ok) {
        if (!values.json) io.out(`The audit log is intact: ${verdict.entries} entries, each linked to the one before.\n`);
        return 0;
      }
      io.err(`The audit log was tampered with: ${verdict.reason} (first broken entry: ${verdict.brokenAt}).\n`);
      return 1;
    });
  },
};
