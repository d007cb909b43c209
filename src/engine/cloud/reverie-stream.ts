/**
 * Live transcription while the consultation is recorded: Reverie's streaming API (stt_stream)
 * over a WebSocket. Flow per connection: wait for the message with cause "ready", send binary
 * 16 kHz PCM chunks, send the bytes "--EOF--", read until final:true (or cause timeout /
 * silence detected / EOF received). A connection carries at most ~170 s of audio (Reverie's
 * limit is 180 s); then a new one continues. Audio is kept until its final result arrives, so a
 * dropped connection is reopened and the unconfirmed audio sent again: nothing is lost.
 * The API key travels in the query string, so the URL is never logged.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Language } from '../../shared/schemas/common';
import type { Transcript, TranscriptSegment } from '../../shared/schemas/domain';
import type { CloudConfig } from '../config/cloud-config';
import { reverieInr, reverieMinutes } from '../cost/prices';
import { CloudError } from '../resilience/errors';
import { PcmQueue } from './pcm-queue';
import { type CloudServices, recordCost } from './services';
import { ReverieAnswer } from './reverie-answer';

const BYTES_PER_MS = 32; // 16 kHz × 16-bit mono
const EOF = new TextEncoder().encode('--EOF--');
const END_CAUSES = new Set(['timeout', 'silence detected', 'EOF received']);
/** Reverie's maximum `timeout` for a streaming connection, in seconds. */
export const REVERIE_STREAM_MAX_S = 180;

const Message = ReverieAnswer;

export function reverieStreamUrl(config: CloudConfig['reverie'], language: Language): string {
  const url = new URL('/stream', config.baseUrl.replace(/^http/, 'ws'));
  const q = url.searchParams;
  q.set('apikey', config.apiKey ?? '');
  q.set('appid', config.appId ?? '');
  q.set('appname', 'stt_stream');
  q.set('src_lang', language);
  q.set('domain', config.domain);
  q.set('timeout', String(REVERIE_STREAM_MAX_S));
  q.set('format', '16k_int16');
  q.set('logging', 'false');
  q.set('punctuate', 'true');
  // Keep decoding after a pause: a consultation has many.
  q.set('continuous', '1');
  return url.toString();
}

export interface LiveOptions {
  language: Language;
  onPartial?: (text: string) => void;
  onSegment?: (segment: TranscriptSegment) => void;
  /** Audio per connection before it is closed and the next one opened. */
  maxConnectionMs?: number;
  chunkBytes?: number;
  /** How long to wait for the final result after --EOF--. */
  finalTimeoutMs?: number;
  /** Connection attempts in a row before giving up (the recording on disk is then transcribed by file). */
  maxAttempts?: number;
  /** How long to wait for the message with cause "ready". */
  readyTimeoutMs?: number;
  consultation?: string;
}

export class ReverieLiveSession {
  private readonly audio = new PcmQueue();
  private confirmed = 0;
  private finished = false;
  private readonly segments: TranscriptSegment[] = [];
  private readonly stop = new AbortController();
  private wake: () => void = () => undefined;
  private onAudio: () => void = () => undefined;
  private loop: Promise<void> | null = null;
  private readonly consultation: string;

  constructor(
    private readonly s: CloudServices,
    private readonly opts: LiveOptions,
  ) {
    this.consultation = opts.consultation ?? randomUUID();
  }

  /** Starts the session; the first connection opens when the first audio arrives. */
  start(): void {
    if (!this.s.config.reverie.apiKey || !this.s.config.reverie.appId) throw new CloudError('reverie', 'not-configured', 'reverie: no API key');
    this.loop ??= this.run();
    this.loop.catch(() => undefined);
  }

  /** PCM bytes (16 kHz, mono, signed 16-bit little-endian) as they are recorded. */
  write(pcm: Uint8Array): void {
    if (this.finished) return;
    this.audio.append(pcm);
    this.onAudio();
    this.wake();
  }

  /** No more audio: waits for the last final result and returns the whole transcript. */
  async finish(): Promise<Transcript> {
    this.finished = true;
    this.onAudio();
    this.wake();
    this.start();
    await this.loop;
    return this.transcript();
  }

  abort(): void {
    this.finished = true;
    this.stop.abort();
    this.wake();
  }

  /** What has a final result so far (also after a failure). */
  transcript(): Transcript {
    return { language: this.opts.language, text: this.segments.map((x) => x.text).join(' '), segments: [...this.segments], engine: 'reverie' };
  }

  private async run(): Promise<void> {
    const maxMs = this.opts.maxConnectionMs ?? 170_000;
    for (;;) {
      while (!(this.audio.total > this.confirmed || this.finished)) await new Promise<void>((r) => (this.wake = r));
      if (this.stop.signal.aborted) throw new CloudError('reverie', 'aborted', 'reverie: cancelled');
      if (this.audio.total <= this.confirmed) return;
      await this.s.costs.allow('reverie');
      await this.s.policy.call('reverie', 'stream', (signal) => this.connection(signal, maxMs * BYTES_PER_MS), {
        signal: this.stop.signal,
        // A connection lives as long as its audio is spoken.
        timeoutMs: maxMs + 60_000,
        maxAttempts: this.opts.maxAttempts ?? 5,
      });
    }
  }

  private connection(signal: AbortSignal, maxBytes: number): Promise<void> {
    const WS = this.s.WebSocket ?? globalThis.WebSocket;
    const ws = new WS(reverieStreamUrl(this.s.config.reverie, this.opts.language));
    ws.binaryType = 'arraybuffer';
    const startByte = this.confirmed;
    const limit = startByte + maxBytes;
    const chunk = this.opts.chunkBytes ?? 4096;
    let sent = startByte;
    let ready = false;
    let eofSent = false;
    let settled = false;
    let finalTimer: ReturnType<typeof setTimeout> | undefined;
    let readyTimer: ReturnType<typeof setTimeout> | undefined;
    /** Bytes sent when the service last spoke: what it has surely received. */
    let heardUpTo = startByte;

    return new Promise<void>((resolve, reject) => {
      const end = (err?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(finalTimer);
        clearTimeout(readyTimer);
        this.onAudio = () => undefined;
        signal.removeEventListener('abort', onAbort);
        try {
          ws.close(1000);
        } catch {
          // Already closing.
        }
        if (err) reject(err);
        else resolve();
      };
      const onAbort = () => end(signal.reason);
      const pump = () => {
        if (!ready || eofSent || settled) return;
        const upto = Math.min(this.audio.total, limit);
        while (sent < upto) {
          const to = Math.min(upto, sent + chunk);
          ws.send(this.audio.slice(sent, to));
          sent = to;
        }
        if (sent >= limit || (this.finished && sent >= this.audio.total)) {
          ws.send(EOF);
          eofSent = true;
          finalTimer = setTimeout(() => end(new CloudError('reverie', 'timeout', 'reverie: no final result after EOF')), this.opts.finalTimeoutMs ?? 15_000);
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      ws.addEventListener('message', (ev: MessageEvent) => {
        if (settled || typeof ev.data !== 'string') return;
        let msg: z.infer<typeof Message>;
        try {
          msg = Message.parse(JSON.parse(ev.data));
        } catch {
          end(new CloudError('reverie', 'bad-response', 'reverie: a stream message was not valid JSON'));
          return;
        }
        if (!ready) {
          if (msg.cause === 'ready') {
            ready = true;
            this.onAudio = pump;
            pump();
          } else if (msg.success === false) end(new CloudError('reverie', 'bad-request', 'reverie: the stream was refused', { code: msg.cause?.slice(0, 60) }));
          return;
        }
        const text = (msg.display_text ?? msg.text ?? '').trim();
        if (!(msg.final === true || END_CAUSES.has(msg.cause ?? ''))) {
          if (text) this.opts.onPartial?.(text);
          heardUpTo = sent;
          return;
        }
        // After our --EOF-- everything sent was decoded. When the service ended the connection
        // itself (its timeout), audio sent since it last spoke may not have been: it is sent
        // again on the next connection (a repeated word is better than a lost one). With no
        // partial at all to go by, all is taken as heard, so a connection always moves on.
        this.confirm(startByte, eofSent || heardUpTo === startByte ? sent : heardUpTo, text, msg.confidence);
        end();
      });
      const lost = () => end(new CloudError('reverie', 'network', ready ? 'reverie: the stream dropped' : 'reverie: the stream was not accepted'));
      ws.addEventListener('close', lost);
      // A refused handshake fires only "error" (Node's WebSocket stays CONNECTING).
      ws.addEventListener('error', lost);
      readyTimer = setTimeout(() => {
        if (!ready) end(new CloudError('reverie', 'timeout', 'reverie: the stream did not become ready'));
      }, this.opts.readyTimeoutMs ?? 10_000);
    });
  }

  private confirm(from: number, to: number, text: string, confidence: number | undefined): void {
    if (text) {
      const segment: TranscriptSegment = {
        startMs: Math.round(from / BYTES_PER_MS),
        endMs: Math.round(to / BYTES_PER_MS),
        text,
        ...(confidence !== undefined ? { confidence: Math.min(1, Math.max(0, confidence)) } : {}),
        language: this.opts.language,
        engine: 'reverie',
      };
      this.segments.push(segment);
      this.opts.onSegment?.(segment);
    }
    this.confirmed = to;
    this.audio.dropBefore(to);
    const audioMs = (to - from) / BYTES_PER_MS;
    void recordCost(this.s, 'reverie', this.consultation, { minutes: reverieMinutes(this.s.costs.prices, audioMs) }, reverieInr(this.s.costs.prices, audioMs));
  }
}
