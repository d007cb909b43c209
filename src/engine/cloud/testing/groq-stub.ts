/**
 * A Groq stand-in on loopback that follows the documented API: Bearer auth, the OpenAI-style
 * chat body with strict json_schema (every property required, additionalProperties false, only
 * on gpt-oss models), multipart Whisper uploads (file, model, language, response_format,
 * timestamp_granularities[]) under 25 MB, and Groq's error bodies.
 */
import { formOf, jsonOf, type Recorded, type Reply, Script, startStub, type Stub } from './http-stub';

export type Behaviour = 'ok' | 'hang' | 'destroy' | 'malformed' | 'json_validate_failed' | { status: number; headers?: Record<string, string>; json?: unknown };

export interface ChatMessage {
  role: string;
  content: string;
}

export interface GroqStubOptions {
  apiKey: string;
  /** The "model": the JSON object it writes for a conversation. */
  write: (messages: ChatMessage[]) => unknown;
  /** Whisper segments for a piece (seconds within the piece). */
  hear?: (piece: { index: number; seconds: number; language: string }) => { start: number; end: number; text: string }[];
}

export interface GroqStub extends Stub {
  chat: Script<Behaviour>;
  audio: Script<Behaviour>;
}

const STRICT_MODELS = new Set(['openai/gpt-oss-20b', 'openai/gpt-oss-120b']);
const DECOMMISSIONED = new Set(['llama-3.1-70b-versatile', 'llama-3.3-70b-versatile', 'llama-3.1-8b-instant']);
const WHISPER = new Set(['whisper-large-v3', 'whisper-large-v3-turbo']);
const MAX_UPLOAD = 25 * 1024 * 1024;

const error = (status: number, message: string, code?: string, extra: Record<string, unknown> = {}): Reply => ({
  status,
  json: { error: { message, type: 'invalid_request_error', ...(code ? { code } : {}), ...extra } },
});

/** Groq strict mode: every object lists all its properties as required and allows no others. */
export function strictProblems(schema: unknown, path = '$'): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as Record<string, unknown>;
  const out: string[] = [];
  if (s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'))) {
    const props = Object.keys((s.properties as Record<string, unknown> | undefined) ?? {});
    const required = new Set((s.required as string[] | undefined) ?? []);
    if (s.additionalProperties !== false) out.push(`${path}: additionalProperties must be false`);
    for (const p of props) if (!required.has(p)) out.push(`${path}.${p}: must be required`);
  }
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' && v && typeof v === 'object') for (const [p, sub] of Object.entries(v)) out.push(...strictProblems(sub, `${path}.${p}`));
    else if (k === 'items' || k === 'additionalProperties') out.push(...strictProblems(v, `${path}[]`));
    else if ((k === 'anyOf' || k === 'oneOf' || k === 'allOf') && Array.isArray(v)) v.forEach((sub, i) => out.push(...strictProblems(sub, `${path}|${i}`)));
  }
  return out;
}

function chat(rec: Recorded, opts: GroqStubOptions, behaviour: Behaviour): Reply {
  const body = jsonOf(rec) as Record<string, unknown>;
  const model = body.model;
  if (typeof model !== 'string') return error(400, "'model' : property 'model' is missing");
  if (DECOMMISSIONED.has(model)) return error(400, `The model \`${model}\` has been decommissioned and is no longer supported.`, 'model_decommissioned');
  const messages = body.messages as ChatMessage[] | undefined;
  if (!Array.isArray(messages) || !messages.length || messages.some((m) => typeof m.role !== 'string' || typeof m.content !== 'string')) {
    return error(400, "'messages' : must be a non-empty array of messages");
  }
  const rf = body.response_format as { type?: string; json_schema?: { name?: string; schema?: unknown; strict?: boolean } } | undefined;
  if (rf?.type === 'json_schema') {
    if (!rf.json_schema?.name || !rf.json_schema.schema) return error(400, "'response_format.json_schema' : name and schema are required");
    if (rf.json_schema.strict) {
      if (!STRICT_MODELS.has(model)) return error(400, `model \`${model}\` does not support strict structured outputs`);
      const problems = strictProblems(rf.json_schema.schema);
      if (problems.length) return error(400, `invalid JSON schema for strict mode: ${problems.slice(0, 3).join('; ')}`);
    }
  }
  if (behaviour === 'malformed') return { status: 200, headers: { 'content-type': 'application/json' }, text: '{"id":"chatcmpl-1","choices":[{"message":' };
  if (behaviour === 'json_validate_failed') {
    const generation = JSON.stringify(opts.write(messages)).slice(0, 200);
    return error(400, "Failed to validate JSON. Please adjust your prompt. See 'failed_generation' for more details.", 'json_validate_failed', { failed_generation: generation });
  }
  const content = JSON.stringify(opts.write(messages));
  const promptTokens = Math.ceil(messages.reduce((n, m) => n + m.content.length, 0) / 4);
  const completionTokens = Math.ceil(content.length / 4);
  return {
    status: 200,
    headers: { 'x-ratelimit-remaining-requests': '999', 'x-ratelimit-remaining-tokens': '99000' },
    json: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_790_000_000,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      x_groq: { id: 'req_test' },
    },
  };
}

async function transcription(rec: Recorded, opts: GroqStubOptions, counter: { pieces: number }): Promise<Reply> {
  if (rec.body.length > MAX_UPLOAD) return { status: 413, json: { error: { message: 'Request Entity Too Large', type: 'invalid_request_error' } } };
  const form = await formOf(rec);
  const file = form.get('file');
  if (!(file instanceof File)) return error(400, "'file' : one of file or url must be provided");
  const model = form.get('model');
  if (typeof model !== 'string' || !WHISPER.has(model)) return error(400, "'model' : must be a Whisper model");
  const format = form.get('response_format') ?? 'json';
  const granularities = form.getAll('timestamp_granularities[]');
  if (granularities.length && format !== 'verbose_json') return error(400, "'timestamp_granularities' : requires response_format verbose_json");
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'RIFF') return error(400, 'could not process file - is it a valid media file?');
  const language = String(form.get('language') ?? '');
  const seconds = (bytes.length - 44) / 32_000;
  const segments = (opts.hear ?? (() => [{ start: 0, end: seconds, text: `piece of ${Math.round(seconds)} s` }]))({ index: counter.pieces++, seconds, language });
  return {
    status: 200,
    json: {
      task: 'transcribe',
      language,
      duration: seconds,
      text: segments.map((s) => s.text).join(' '),
      segments: segments.map((s, id) => ({ id, seek: 0, start: s.start, end: s.end, text: s.text, tokens: [], temperature: 0, avg_logprob: -0.25, compression_ratio: 1.2, no_speech_prob: 0.01 })),
      x_groq: { id: 'req_audio' },
    },
  };
}

export async function startGroqStub(opts: GroqStubOptions): Promise<GroqStub> {
  const chatScript = new Script<Behaviour>('ok');
  const audioScript = new Script<Behaviour>('ok');
  const counter = { pieces: 0 };
  const stub = await startStub(async (rec) => {
    if (rec.headers.authorization !== `Bearer ${opts.apiKey}`) return error(401, 'Invalid API Key', 'invalid_api_key');
    const path = rec.url.split('?')[0];
    const script = path === '/openai/v1/chat/completions' ? chatScript : path === '/openai/v1/audio/transcriptions' ? audioScript : null;
    if (!script || rec.method !== 'POST') return { status: 404, json: { error: { message: 'Unknown request URL', type: 'invalid_request_error' } } };
    const b = script.next();
    if (b === 'hang') return { hang: true };
    if (b === 'destroy') return { destroy: true };
    if (typeof b === 'object') return { status: b.status, headers: b.headers, json: b.json ?? { error: { message: `status ${b.status}`, type: 'server_error' } } };
    if (script === chatScript) {
      if (!rec.headers['content-type']?.startsWith('application/json')) return error(400, 'content-type must be application/json');
      return chat(rec, opts, b);
    }
    return transcription(rec, opts, counter);
  });
  return { ...stub, chat: chatScript, audio: audioScript };
}
