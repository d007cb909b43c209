import { readFileSync } from 'node:fs';
import { z } from 'zod';
import defaults from './prices.json';

const ChatPrice = z.object({ usdPerMillionInput: z.number().nonnegative(), usdPerMillionOutput: z.number().nonnegative() });
const WhisperPrice = z.object({ usdPerHour: z.number().nonnegative(), minimumSeconds: z.number().nonnegative() });

export const PriceTable = z.object({
  usdToInr: z.number().positive(),
  reverie: z.object({ inrPerMinute: z.number().nonnegative(), billing: z.enum(['per-started-minute', 'per-second']) }),
  groq: z.object({ chat: z.record(z.string(), ChatPrice), whisper: z.record(z.string(), WhisperPrice) }),
  huggingface: z.object({ inrPerCall: z.number().nonnegative() }),
});
export type PriceTable = z.infer<typeof PriceTable>;

/** The shipped table, or a replacement file (same shape) when the clinic's prices differ. */
export function loadPrices(path?: string): PriceTable {
  return PriceTable.parse(path ? JSON.parse(readFileSync(path, 'utf8')) : defaults);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Reverie minutes billed for one request of `audioMs`. */
export function reverieMinutes(prices: PriceTable, audioMs: number): number {
  const minutes = audioMs / 60_000;
  return prices.reverie.billing === 'per-started-minute' ? Math.max(1, Math.ceil(minutes - 1e-9)) : minutes;
}

export function reverieInr(prices: PriceTable, audioMs: number): number {
  return round2(reverieMinutes(prices, audioMs) * prices.reverie.inrPerMinute);
}

/** An unknown model is priced as the dearest known one: the budget errs on the safe side. */
function dearest<T>(table: Record<string, T>, key: (t: T) => number): T {
  return Object.values(table).reduce((a, b) => (key(b) > key(a) ? b : a));
}

export function groqChatInr(prices: PriceTable, model: string, usage: { inputTokens: number; outputTokens: number }): number {
  const p = prices.groq.chat[model] ?? dearest(prices.groq.chat, (c) => c.usdPerMillionOutput);
  const usd = (usage.inputTokens * p.usdPerMillionInput + usage.outputTokens * p.usdPerMillionOutput) / 1_000_000;
  return round2(usd * prices.usdToInr);
}

export function groqWhisperInr(prices: PriceTable, model: string, audioMs: number): number {
  const p = prices.groq.whisper[model] ?? dearest(prices.groq.whisper, (w) => w.usdPerHour);
  const seconds = Math.max(p.minimumSeconds, audioMs / 1000);
  return round2((seconds / 3600) * p.usdPerHour * prices.usdToInr);
}
