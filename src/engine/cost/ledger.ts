import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { EngineName } from '../../shared/schemas/common';

/**
 * One billed cloud call. Deliberately no patient data: the consultation is a random id made for
 * the run, and only amounts are kept (minutes, tokens), never text or audio.
 */
export const CostEntry = z.object({
  at: z.string(),
  /** "2026-11" (local month of the clinic). */
  month: z.string().regex(/^\d{4}-\d{2}$/),
  engine: EngineName,
  consultation: z.string(),
  units: z.object({
    minutes: z.number().nonnegative().optional(),
    audioSeconds: z.number().nonnegative().optional(),
    inputTokens: z.number().int().nonnegative().optional(),
    outputTokens: z.number().int().nonnegative().optional(),
  }),
  inr: z.number().nonnegative(),
});
export type CostEntry = z.infer<typeof CostEntry>;

/** Where cost entries live: a JSON file now, the encrypted store later (same two calls). */
export interface CostLedger {
  entries(month: string): Promise<CostEntry[]>;
  append(entry: CostEntry): Promise<void>;
}

export class MemoryLedger implements CostLedger {
  readonly all: CostEntry[] = [];
  async entries(month: string): Promise<CostEntry[]> {
    return this.all.filter((e) => e.month === month);
  }
  async append(entry: CostEntry): Promise<void> {
    this.all.push(CostEntry.parse(entry));
  }
}

const LedgerFile = z.object({ version: z.literal(1), entries: z.array(CostEntry) });
/** Months kept in the file: enough for a year's accounts. */
const KEEP_MONTHS = 13;

/** A JSON file in MEDSCRIBE_HOME, written atomically (temp file + rename); appends are serialised. */
export class JsonFileLedger implements CostLedger {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  private read(): CostEntry[] {
    try {
      return LedgerFile.parse(JSON.parse(readFileSync(this.path, 'utf8'))).entries;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      // A damaged ledger must not stop notes: start a new one beside the old (kept for the accounts).
      renameSync(this.path, `${this.path}.damaged-${Date.now()}`);
      return [];
    }
  }

  async entries(month: string): Promise<CostEntry[]> {
    await this.chain;
    return this.read().filter((e) => e.month === month);
  }

  append(entry: CostEntry): Promise<void> {
    const valid = CostEntry.parse(entry);
    const next = this.chain.then(() => {
      const months = [...new Set([...this.read().map((e) => e.month), valid.month])].sort().slice(-KEEP_MONTHS);
      const entries = [...this.read(), valid].filter((e) => months.includes(e.month));
      mkdirSync(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ version: 1, entries }, null, 1)}\n`, { mode: 0o600 });
      renameSync(tmp, this.path);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
