import { join } from 'node:path';
import type { EngineName } from '../../shared/schemas/common';
import { type CloudConfig, type CloudService, hasKeys, secretsOf } from '../config/cloud-config';
import { CostTracker } from '../cost/budget';
import { type CostEntry, type CostLedger, JsonFileLedger } from '../cost/ledger';
import { loadPrices, type PriceTable } from '../cost/prices';
import type { BreakerOptions } from '../resilience/circuit-breaker';
import type { Clock } from '../resilience/clock';
import type { FailureKind } from '../resilience/errors';
import { createLogger, type Logger, type LogSink } from '../resilience/log';
import { ResiliencePolicy, type RetryOptions } from '../resilience/policy';

/** Everything a cloud engine needs besides its own request: one policy, one cost tracker, one logger. */
export interface CloudServices {
  config: CloudConfig;
  policy: ResiliencePolicy;
  costs: CostTracker;
  logger: Logger;
  /** Overridable for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Overridable for tests; Node's global WebSocket otherwise. */
  WebSocket?: typeof WebSocket;
}

export interface ServiceOptions {
  clock?: Clock;
  random?: () => number;
  /** Where log lines go; none by default. Secrets in the config are masked whatever the sink. */
  sink?: LogSink;
  ledger?: CostLedger;
  prices?: PriceTable;
  retry?: Partial<RetryOptions>;
  breaker?: Partial<BreakerOptions>;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
}

export const LEDGER_FILE = 'cost-ledger.json';

export function createCloudServices(config: CloudConfig, opts: ServiceOptions = {}): CloudServices {
  const logger = createLogger(opts.sink ?? (() => undefined), secretsOf(config));
  const policy = new ResiliencePolicy({ clock: opts.clock, random: opts.random, logger, retry: opts.retry, breaker: opts.breaker });
  const ledger = opts.ledger ?? new JsonFileLedger(join(config.home, LEDGER_FILE));
  const costs = new CostTracker(ledger, opts.prices ?? loadPrices(), config.budget, policy.clock);
  return { config, policy, costs, logger, fetch: opts.fetch, WebSocket: opts.WebSocket };
}

/** Why an engine cannot be used right now, or null when it can. */
export async function unavailableReason(s: CloudServices, engine: EngineName, service: CloudService): Promise<FailureKind | null> {
  if (!hasKeys(s.config, service)) return 'not-configured';
  if (!s.policy.breaker(engine).wouldAllow()) return 'circuit-open';
  try {
    await s.costs.allow(engine);
  } catch {
    return 'budget';
  }
  return null;
}

/** Records a cost; a ledger that cannot be written never fails the doctor's note. */
export async function recordCost(s: CloudServices, engine: EngineName, consultation: string, units: CostEntry['units'], inr: number): Promise<void> {
  try {
    await s.costs.record(engine, consultation, units, inr);
  } catch (err) {
    s.logger.warn(`cost ledger: could not record ${engine} cost (${err instanceof Error ? err.name : 'error'})`);
  }
}
