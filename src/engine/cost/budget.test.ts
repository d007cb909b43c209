import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../resilience/clock';
import { CostTracker, monthOf } from './budget';
import { type CostLedger, JsonFileLedger, MemoryLedger } from './ledger';
import { groqChatInr, groqWhisperInr, loadPrices, reverieInr, reverieMinutes } from './prices';

const prices = loadPrices();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('prices', () => {
  it('bills Reverie per started minute at ₹0.50', () => {
    expect(reverieMinutes(prices, 1_000)).toBe(1);
    expect(reverieMinutes(prices, 60_000)).toBe(1);
    expect(reverieMinutes(prices, 60_001)).toBe(2);
    expect(reverieInr(prices, 298_000)).toBe(2.5);
    expect(reverieMinutes({ ...prices, reverie: { ...prices.reverie, billing: 'per-second' } }, 90_000)).toBe(1.5);
  });

  it('prices Groq tokens from the table and an unknown model as the dearest', () => {
    // 1 M input at $0.15 + 1 M output at $0.60 = $0.75 = ₹66 at 88/$.
    expect(groqChatInr(prices, 'openai/gpt-oss-120b', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(66);
    expect(groqChatInr(prices, 'openai/gpt-oss-20b', { inputTokens: 1_000_000, outputTokens: 0 })).toBe(6.6);
    expect(groqChatInr(prices, 'some/new-model', { inputTokens: 0, outputTokens: 1_000_000 })).toBe(52.8);
  });

  it('prices Groq Whisper per audio hour with a 10 s minimum', () => {
    expect(groqWhisperInr(prices, 'whisper-large-v3', 3_600_000)).toBe(9.77);
    expect(groqWhisperInr(prices, 'whisper-large-v3', 1_000)).toBe(groqWhisperInr(prices, 'whisper-large-v3', 10_000));
  });
});

describe('budget', () => {
  const march = new Date(2026, 2, 10, 12).getTime();
  const tracker = (ledger: CostLedger = new MemoryLedger(), hardStop = false) => {
    const clock = new ManualClock(march);
    return { t: new CostTracker(ledger, prices, { monthlyInr: 5000, warnFraction: 0.8, hardStop }, clock), clock, ledger };
  };

  it('warns from ₹4,000 of ₹5,000 and counts only this month', async () => {
    const { t, clock } = tracker();
    clock.advance(-31 * 86_400_000);
    await t.record('groq', 'c0', { inputTokens: 10 }, 3000); // February: not counted
    clock.advance(31 * 86_400_000);
    await t.record('reverie', 'c1', { minutes: 10 }, 3999.99);
    expect(await t.status()).toMatchObject({ spentInr: 3999.99, level: 'ok', warnAtInr: 4000 });
    expect(CostTracker.flags(await t.status(), false)).toEqual([]);
    await t.record('groq', 'c2', { inputTokens: 100, outputTokens: 10 }, 0.01);
    const s = await t.status();
    expect(s.level).toBe('warning');
    expect(CostTracker.flags(s, false)[0]).toMatchObject({ severity: 'info', code: 'budget-warning', message: "This month's cloud spending is ₹4,000 of the ₹5,000 budget." });
  });

  it('refuses cloud calls once spent only with the hard stop on', async () => {
    const soft = tracker();
    await soft.t.record('groq', 'c', {}, 5000);
    await expect(soft.t.allow('groq')).resolves.toBeUndefined();
    const hard = tracker(new MemoryLedger(), true);
    await hard.t.allow('groq');
    await hard.t.record('groq', 'c', {}, 5000);
    await expect(hard.t.allow('groq')).rejects.toMatchObject({ kind: 'budget' });
    expect(CostTracker.flags(await hard.t.status(), true)[0]).toMatchObject({ severity: 'warning', code: 'budget-exhausted' });
  });

  it('persists to a JSON file in MEDSCRIBE_HOME with amounts only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medscribe-cost-'));
    dirs.push(dir);
    const path = join(dir, 'home', 'cost-ledger.json');
    const { t } = tracker(new JsonFileLedger(path));
    await Promise.all([t.record('reverie', 'consult-1', { minutes: 3 }, 1.5), t.record('groq', 'consult-1', { inputTokens: 1200, outputTokens: 800 }, 0.06)]);
    const again = tracker(new JsonFileLedger(path)).t;
    expect((await again.status()).spentInr).toBe(1.56);
    const file = JSON.parse(readFileSync(path, 'utf8')) as { version: number; entries: Record<string, unknown>[] };
    expect(file.version).toBe(1);
    expect(file.entries.map((e) => Object.keys(e).sort())).toEqual([
      ['at', 'consultation', 'engine', 'inr', 'month', 'units'],
      ['at', 'consultation', 'engine', 'inr', 'month', 'units'],
    ]);
    expect(file.entries[0]).toMatchObject({ month: monthOf(march), engine: 'reverie', units: { minutes: 3 } });
  });

  it('starts a new ledger beside a damaged one instead of failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'medscribe-cost-'));
    dirs.push(dir);
    const path = join(dir, 'cost-ledger.json');
    writeFileSync(path, '{ not json');
    const ledger = new JsonFileLedger(path);
    expect(await ledger.entries(monthOf(march))).toEqual([]);
    expect(existsSync(path)).toBe(false);
    await ledger.append({ at: new Date(march).toISOString(), month: monthOf(march), engine: 'groq', consultation: 'c', units: {}, inr: 1 });
    expect((await ledger.entries(monthOf(march))).length).toBe(1);
  });
});
