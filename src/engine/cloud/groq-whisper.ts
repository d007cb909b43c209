/**
 * Groq's Whisper as the second cloud speech engine: language forced (ta/te/en, never
 * auto-detected or translated), verbose_json with segment timestamps, uploads kept under the
 * 25 MB cap by cutting at silences (10 min of 16 kHz mono 16-bit WAV is 19.2 MB).
 */
import { randomUUID } from 'node:crypto';
import { toFile } from 'groq-sdk';
import { z } from 'zod';
import type { Transcript } from '../../shared/schemas/domain';
import { groqWhisperInr } from '../cost/prices';
import { CloudError, type FailureKind } from '../resilience/errors';
import type { SpeechEngine, SpeechInput, TranscribeOptions } from '../stt/speech-engine';
import { createGroq, fromGroqError } from './groq-client';
import { transcribeInPieces, type PieceSegment } from './pieces';
import { type CloudServices, recordCost, unavailableReason } from './services';
import type { CutFinder } from './silence';

export const GROQ_UPLOAD_MAX_BYTES = 25 * 1024 * 1024;
export const GROQ_PIECE_MS = 600_000;

const Verbose = z.object({
  text: z.string(),
  segments: z
    .array(z.object({ start: z.number(), end: z.number(), text: z.string(), avg_logprob: z.number().optional(), no_speech_prob: z.number().optional() }))
    .optional(),
});

/** Whisper's average log-probability as a rough 0..1 confidence. */
const confidenceOf = (avgLogprob: number | undefined) => (avgLogprob === undefined ? undefined : Math.exp(Math.min(0, avgLogprob)));

export class GroqWhisperEngine implements SpeechEngine {
  readonly name = 'groq-whisper' as const;

  constructor(
    private readonly s: CloudServices,
    private readonly opts: { consultation?: string; findCuts?: CutFinder; maxPieceMs?: number } = {},
  ) {}

  async available(): Promise<boolean> {
    return (await this.whyUnavailable()) === null;
  }

  /** Why not now: no key, circuit open, or the budget spent under the hard stop. */
  whyUnavailable(): Promise<FailureKind | null> {
    return unavailableReason(this.s, 'groq-whisper', 'groq');
  }

  async transcribe(input: SpeechInput, opts: TranscribeOptions): Promise<Transcript> {
    const reason = await unavailableReason(this.s, 'groq-whisper', 'groq');
    if (reason) throw new CloudError('groq-whisper', reason, `groq-whisper: ${reason}`);
    const { config, policy } = this.s;
    const client = createGroq(config.groq, policy.retry.timeoutMs, this.s.fetch);
    const consultation = this.opts.consultation ?? randomUUID();
    return transcribeInPieces(
      'groq-whisper',
      input,
      opts,
      Math.min(GROQ_PIECE_MS, this.opts.maxPieceMs ?? GROQ_PIECE_MS),
      async (job): Promise<PieceSegment[]> => {
        if (job.wav.byteLength > GROQ_UPLOAD_MAX_BYTES) throw new CloudError('groq-whisper', 'bad-request', 'groq-whisper: piece over the upload limit');
        await this.s.costs.allow('groq-whisper');
        const answer = await policy.call(
          'groq-whisper',
          `transcribe piece ${job.index + 1}/${job.count}`,
          async (signal) => {
            try {
              const res: unknown = await client.audio.transcriptions.create(
                {
                  file: await toFile(job.wav, `piece-${job.index + 1}.wav`, { type: 'audio/wav' }),
                  model: config.groq.whisperModel,
                  language: opts.language,
                  response_format: 'verbose_json',
                  timestamp_granularities: ['segment'],
                  temperature: 0,
                  ...(opts.prompt ? { prompt: opts.prompt } : {}),
                },
                { signal },
              );
              const parsed = Verbose.safeParse(res);
              if (!parsed.success) throw new CloudError('groq-whisper', 'bad-response', 'groq-whisper: unexpected answer');
              return parsed.data;
            } catch (err) {
              throw fromGroqError(err, 'groq-whisper');
            }
          },
          { signal: opts.signal },
        );
        const audioMs = job.endMs - job.startMs;
        await recordCost(this.s, 'groq-whisper', consultation, { audioSeconds: audioMs / 1000 }, groqWhisperInr(this.s.costs.prices, config.groq.whisperModel, audioMs));
        if (!answer.segments?.length) return [{ startMs: 0, endMs: audioMs, text: answer.text }];
        return answer.segments.map((seg) => ({ startMs: Math.round(seg.start * 1000), endMs: Math.round(seg.end * 1000), text: seg.text, confidence: confidenceOf(seg.avg_logprob) }));
      },
      this.opts.findCuts,
    );
  }
}
