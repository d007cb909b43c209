import type { EngineName } from '../../shared/schemas/common';
import type { ReviewFlag } from '../../shared/schemas/note';
import type { Clock } from '../resilience/clock';
import { CloudError } from '../resilience/errors';
import type { CostEntry, CostLedger } from './ledger';
import type { PriceTable } from './prices';

export interface BudgetOptions {
  monthlyInr: number;
  /** 0.8: warn at ₹4,000 of ₹5,000. */
  warnFraction: number;
  /** Refuse cloud calls once the budget is spent (the offline engines are used instead). */
  hardStop: boolean;
}

export type BudgetLevel = 'ok' | 'warning' | 'exhausted';

export interface BudgetStatus {
  spentInr: number;
  budgetInr: number;
  warnAtInr: number;
  level: BudgetLevel;
}

const inr = (n: number) => `₹${n.toLocaleString('en-IN', { maximumFractionDigits: 2 })}`;

/** The clinic's local month. */
export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** Cost per consultation and the monthly budget, over a ledger. */
export class CostTracker {
  constructor(
    readonly ledger: CostLedger,
    readonly prices: PriceTable,
    readonly budget: BudgetOptions,
    private readonly clock: Clock,
  ) {}

  async status(): Promise<BudgetStatus> {
    const entries = await this.ledger.entries(monthOf(this.clock.now()));
    const spentInr = Math.round(entries.reduce((s, e) => s + e.inr, 0) * 100) / 100;
    const budgetInr = this.budget.monthlyInr;
    const warnAtInr = budgetInr * this.budget.warnFraction;
    const level: BudgetLevel = spentInr >= budgetInr ? 'exhausted' : spentInr >= warnAtInr ? 'warning' : 'ok';
    return { spentInr, budgetInr, warnAtInr, level };
  }

  /** Throws a `budget` CloudError when the hard stop is on and the month's budget is spent. */
  async allow(engine: EngineName): Promise<void> {
    if (!this.budget.hardStop) return;
    const s = await this.status();
    if (s.level === 'exhausted') throw new CloudError(engine, 'budget', `${engine}: monthly cloud budget spent`);
  }

  async record(engine: EngineName, consultation: string, units: CostEntry['units'], amountInr: number): Promise<void> {
    const now = this.clock.now();
    await this.ledger.append({ at: new Date(now).toISOString(), month: monthOf(now), engine, consultation, units, inr: amountInr });
  }

  /** What the doctor is told about the budget (nothing while under 80 %). */
  static flags(s: BudgetStatus, hardStop: boolean): ReviewFlag[] {
    if (s.level === 'ok') return [];
    const message =
      s.level === 'exhausted'
        ? `This month's cloud budget of ${inr(s.budgetInr)} is spent (${inr(s.spentInr)}).${hardStop ? ' Cloud engines are off until next month; the offline engines are used.' : ''}`
        : `This month's cloud spending is ${inr(s.spentInr)} of the ${inr(s.budgetInr)} budget.`;
    return [{ severity: s.level === 'exhausted' && hardStop ? 'warning' : 'info', code: `budget-${s.level}`, message, evidence: [] }];
  }
}
