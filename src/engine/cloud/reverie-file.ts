/**
 * Reverie's synchronous file API (stt_file): one multipart POST per piece of ≤ 300 s. Every
 * parameter is an HTTP header (not a form field); the audio is the form field `audio_file`.
 * `logging: false` always: Reverie must not keep patient audio or transcripts.
 */
import type { Language } from '../../shared/schemas/common';
import type { CloudConfig } from '../config/cloud-config';
import { CloudError, kindForStatus, parseRetryAfter } from '../resilience/errors';
import { ReverieAnswer } from './reverie-answer';

/** The file API's limit per request. */
export const REVERIE_FILE_MAX_MS = 300_000;

const Answer = ReverieAnswer;

export interface ReverieText {
  text: string;
  confidence?: number;
}

export function reverieHeaders(config: CloudConfig['reverie'], appName: 'stt_file', language: Language): Record<string, string> {
  return {
    'REV-API-KEY': config.apiKey ?? '',
    'REV-APP-ID': config.appId ?? '',
    'REV-APPNAME': appName,
    src_lang: language,
    domain: config.domain,
    format: '16k_int16',
    logging: 'false',
    // Only effective for en (and hi); harmless for ta/te.
    punctuate: 'true',
  };
}

export async function reverieFile(config: CloudConfig['reverie'], wav: Uint8Array, language: Language, signal: AbortSignal, fetchImpl: typeof fetch = fetch): Promise<ReverieText> {
  if (!config.apiKey || !config.appId) throw new CloudError('reverie', 'not-configured', 'reverie: no API key');
  const form = new FormData();
  form.append('audio_file', new Blob([wav], { type: 'audio/wav' }), 'consultation.wav');
  let res: Response;
  try {
    res = await fetchImpl(`${config.baseUrl}/`, { method: 'POST', headers: reverieHeaders(config, 'stt_file', language), body: form, signal });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new CloudError('reverie', 'network', 'reverie: could not be reached');
  }
  const body = await res.text();
  if (!res.ok) {
    throw new CloudError('reverie', kindForStatus(res.status), `reverie: HTTP ${res.status}`, {
      status: res.status,
      retryAfterMs: parseRetryAfter((h) => res.headers.get(h)),
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new CloudError('reverie', 'bad-response', 'reverie: the answer was not valid JSON', { status: res.status });
  }
  const parsed = Answer.safeParse(json);
  if (!parsed.success) throw new CloudError('reverie', 'bad-response', 'reverie: unexpected answer', { status: res.status });
  const a = parsed.data;
  if (a.success === false) {
    // "no file given", "unsupported audio format": our request was wrong, trying again will not help.
    throw new CloudError('reverie', 'bad-request', 'reverie: the request was refused', { status: res.status, code: a.cause?.slice(0, 60) });
  }
  const text = a.display_text ?? a.text;
  if (text === undefined) throw new CloudError('reverie', 'bad-response', 'reverie: the answer had no text', { status: res.status });
  return { text, confidence: a.confidence };
}
