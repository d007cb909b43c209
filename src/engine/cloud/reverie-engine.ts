import { randomUUID } from 'node:crypto';
import type { Transcript } from '../../shared/schemas/domain';
import { reverieInr, reverieMinutes } from '../cost/prices';
import { CloudError, type FailureKind } from '../resilience/errors';
import type { SpeechEngine, SpeechInput, TranscribeOptions } from '../stt/speech-engine';
import { transcribeInPieces } from './pieces';
import { REVERIE_FILE_MAX_MS, reverieFile } from './reverie-file';
import { type CloudServices, recordCost, unavailableReason } from './services';
import type { CutFinder } from './silence';

/** A little under the 300 s limit, so rounding in the service never rejects a piece. */
const PIECE_MS = REVERIE_FILE_MAX_MS - 2_000;

/** Reverie speech-to-text through the file API, pieces of ≤ 300 s cut at silences. */
export class ReverieSpeechEngine implements SpeechEngine {
  readonly name = 'reverie' as const;

  constructor(
    private readonly s: CloudServices,
    private readonly opts: { consultation?: string; findCuts?: CutFinder } = {},
  ) {}

  async available(): Promise<boolean> {
    return (await this.whyUnavailable()) === null;
  }

  /** Why not now: no key, circuit open, or the budget spent under the hard stop. */
  whyUnavailable(): Promise<FailureKind | null> {
    return unavailableReason(this.s, 'reverie', 'reverie');
  }

  async transcribe(input: SpeechInput, opts: TranscribeOptions): Promise<Transcript> {
    const reason = await unavailableReason(this.s, 'reverie', 'reverie');
    if (reason) throw new CloudError('reverie', reason, `reverie: ${reason}`);
    const consultation = this.opts.consultation ?? randomUUID();
    const { config, policy } = this.s;
    return transcribeInPieces(
      'reverie',
      input,
      opts,
      PIECE_MS,
      async (job) => {
        await this.s.costs.allow('reverie');
        const answer = await policy.call('reverie', `file piece ${job.index + 1}/${job.count}`, (signal) => reverieFile(config.reverie, job.wav, opts.language, signal, this.s.fetch), {
          signal: opts.signal,
        });
        const audioMs = job.endMs - job.startMs;
        await recordCost(this.s, 'reverie', consultation, { minutes: reverieMinutes(this.s.costs.prices, audioMs) }, reverieInr(this.s.costs.prices, audioMs));
        return [{ startMs: 0, endMs: audioMs, text: answer.text, confidence: answer.confidence }];
      },
      this.opts.findCuts,
    );
  }
}
