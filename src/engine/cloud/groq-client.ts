/**
 * Groq through the official SDK (groq-sdk): typed requests, correct multipart for audio (arrays
 * become `timestamp_granularities[]`), and error classes that keep status and headers. The SDK's
 * own retries are off (maxRetries 0) and its logger is silent: our policy is the one place that
 * retries, so waits honour retry-after once, count against one circuit, and log no payload.
 */
import Groq, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'groq-sdk';
import type { EngineName } from '../../shared/schemas/common';
import type { CloudConfig } from '../config/cloud-config';
import { CloudError, kindForStatus, parseRetryAfter } from '../resilience/errors';

export function createGroq(config: CloudConfig['groq'], timeoutMs: number, fetchImpl?: typeof fetch): Groq {
  if (!config.apiKey) throw new CloudError('groq', 'not-configured', 'groq: no API key');
  return new Groq({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    maxRetries: 0,
    // Our policy aborts each try earlier; this is only a backstop.
    timeout: timeoutMs + 5_000,
    logLevel: 'off',
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

function errorCode(body: unknown): string | undefined {
  const inner = (body as { error?: { code?: unknown } } | undefined)?.error;
  return typeof inner?.code === 'string' ? inner.code : undefined;
}

/**
 * An SDK error as a CloudError. A cancelled request is returned as it is: only the policy knows
 * whether its own timeout or the caller aborted.
 */
export function fromGroqError(err: unknown, engine: EngineName): unknown {
  if (err instanceof CloudError || err instanceof APIUserAbortError) return err;
  if (err instanceof APIConnectionTimeoutError) return new CloudError(engine, 'timeout', `${engine}: no answer in time`);
  if (err instanceof APIConnectionError) return new CloudError(engine, 'network', `${engine}: could not be reached`);
  if (err instanceof APIError && typeof err.status === 'number') {
    const code = errorCode(err.error);
    const retryAfterMs = err.headers ? parseRetryAfter((h) => err.headers!.get(h)) : undefined;
    if (code === 'json_validate_failed') {
      // The model's JSON did not match the schema: a fresh generation usually does. failed_generation is never kept (it holds patient data).
      return new CloudError(engine, 'bad-response', `${engine}: the model's JSON did not validate`, { status: err.status, code });
    }
    return new CloudError(engine, kindForStatus(err.status), `${engine}: HTTP ${err.status}`, { status: err.status, code, retryAfterMs });
  }
  if (err instanceof SyntaxError) return new CloudError(engine, 'bad-response', `${engine}: the answer was not valid JSON`);
  return err;
}
