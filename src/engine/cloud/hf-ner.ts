/**
 * Medical named entities from Hugging Face (`InferenceClient.tokenClassification`, default model
 * blaze999/Medical-NER, aggregation "simple"). Always called with an endpointUrl (the router's
 * hf-inference URL for the model, or MEDSCRIBE_HF_URL's stand-in), which skips the Hub lookup,
 * and with retry_on_error:false: the client would otherwise repeat a 503 forever; our policy
 * retries a bounded number of times, waiting estimated_time when the model is loading.
 */
import { InferenceClient, InferenceClientProviderApiError, InferenceClientProviderOutputError } from '@huggingface/inference';
import type { EntityType } from '../../shared/schemas/domain';
import type { CloudConfig } from '../config/cloud-config';
import { CloudError, kindForStatus, parseRetryAfter } from '../resilience/errors';

export interface NerSpan {
  group: string;
  score: number;
  word: string;
  start: number;
  end: number;
}

/** blaze999/Medical-NER labels (MACCROBAT) → our entity types; the rest are not used. */
export const NER_LABELS: Readonly<Record<string, EntityType>> = {
  SIGN_SYMPTOM: 'symptom',
  DISEASE_DISORDER: 'diagnosis',
  MEDICATION: 'drug',
  DOSAGE: 'strength',
  FREQUENCY: 'frequency',
  DURATION: 'duration',
  ADMINISTRATION: 'route',
  DIAGNOSTIC_PROCEDURE: 'investigation',
  LAB_VALUE: 'vital',
};

export function hfEndpoint(config: CloudConfig['hf']): string {
  return `${config.baseUrl}/hf-inference/models/${config.model}`;
}

function fromHfError(err: unknown, retryAfterMs: number | undefined): unknown {
  if (err instanceof CloudError) return err;
  if (err instanceof InferenceClientProviderApiError) {
    const status = err.httpResponse.status;
    const body = err.httpResponse.body;
    // {"error":"Model X is currently loading","estimated_time":20.0}: wait that long (if the policy allows) and try again.
    const estimated = typeof body === 'object' && body !== null && typeof body.estimated_time === 'number' ? body.estimated_time * 1000 : undefined;
    return new CloudError('huggingface', kindForStatus(status), `huggingface: HTTP ${status}`, { status, retryAfterMs: retryAfterMs ?? estimated, code: estimated !== undefined ? 'model-loading' : undefined });
  }
  if (err instanceof InferenceClientProviderOutputError || err instanceof SyntaxError) return new CloudError('huggingface', 'bad-response', 'huggingface: unexpected answer');
  return err;
}

/** One token-classification request; the caller wraps it in the policy. */
export async function hfTokenClassification(config: CloudConfig['hf'], text: string, signal: AbortSignal, fetchImpl: typeof fetch = fetch): Promise<NerSpan[]> {
  if (!config.token) throw new CloudError('huggingface', 'not-configured', 'huggingface: no token');
  let retryAfterMs: number | undefined;
  // The client's errors do not carry headers: keep retry-after from the response on the way through.
  const watchingFetch: typeof fetch = async (input, init) => {
    let res: Response;
    try {
      res = await fetchImpl(input, init);
    } catch (err) {
      if (signal.aborted) throw err;
      throw new CloudError('huggingface', 'network', 'huggingface: could not be reached');
    }
    retryAfterMs = parseRetryAfter((h) => res.headers.get(h));
    return res;
  };
  const client = new InferenceClient(config.token);
  try {
    const out = await client.tokenClassification(
      { endpointUrl: hfEndpoint(config), inputs: text, parameters: { aggregation_strategy: 'simple' } },
      { retry_on_error: false, signal, fetch: watchingFetch },
    );
    return out.map((e) => ({ group: e.entity_group ?? '', score: e.score, word: e.word, start: e.start ?? 0, end: e.end ?? 0 }));
  } catch (err) {
    throw fromHfError(err, retryAfterMs);
  }
}
