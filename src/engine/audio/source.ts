/**
 * Opens a recording as a stream of 16 kHz mono float blocks, never reading the whole file:
 * WAV (any common layout) is decoded here, anything else goes through ffmpeg when it is
 * installed. The blocks come out as they are decoded, so a 60-minute file needs only a
 * few hundred kilobytes at a time.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, delimiter, extname, join } from 'node:path';
import { abortError, AudioError } from './errors';
import { decodeFramesToMono, s16ToFloat } from './pcm';
import { Resampler } from './resample';
import { isRiffWave, readWavLayout, type WavLayout } from './wav-header';

export const TARGET_RATE = 16_000;

export interface AudioSourceInfo {
  container: 'wav' | 'ffmpeg';
  sampleRate: number;
  channels: number;
  /** Known up front for WAV; NaN for ffmpeg until the stream has ended. */
  durationMs: number;
  wav?: WavLayout;
}

export interface AudioSource {
  info: AudioSourceInfo;
  /** 16 kHz mono float blocks, in order. */
  blocks(signal?: AbortSignal): AsyncGenerator<Float32Array>;
}

export interface OpenAudioOptions {
  /** Path of ffmpeg; null = behave as if it were not installed. Default: MEDSCRIBE_FFMPEG, then PATH. */
  ffmpegPath?: string | null;
  /** Bytes read from a WAV file per block. */
  blockBytes?: number;
}

/** ffmpeg on this PC: MEDSCRIBE_FFMPEG, else the first `ffmpeg` on PATH; undefined when absent. */
export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.MEDSCRIBE_FFMPEG) return env.MEDSCRIBE_FFMPEG;
  const names = process.platform === 'win32' ? ['ffmpeg.exe'] : ['ffmpeg'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const n of names) {
      try {
        accessSync(join(dir, n), constants.X_OK);
        return join(dir, n);
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export async function openAudio(path: string, opts: OpenAudioOptions = {}): Promise<AudioSource> {
  const name = basename(path);
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new AudioError('not-a-file', `"${name}" is a folder, not a recording.`);
    size = s.size;
  } catch (err) {
    if (err instanceof AudioError) throw err;
    throw new AudioError('not-found', `The recording "${name}" does not exist or cannot be opened.`);
  }
  if (size === 0) throw new AudioError('empty', `"${name}" is empty (0 bytes): there is no recording in it.`);
  const head = Buffer.alloc(Math.min(12, size));
  const fh = await open(path, 'r');
  await fh.read(head, 0, head.length, 0).finally(() => fh.close());
  const ffmpeg = opts.ffmpegPath === undefined ? findFfmpeg() : (opts.ffmpegPath ?? undefined);
  const ext = extname(path).toLowerCase();
  if (isRiffWave(head) || head.toString('latin1', 0, 4) === 'RIFF' || (ext === '.wav' && !ffmpeg)) {
    try {
      const layout = await readWavLayout(path);
      return wavSource(path, layout, opts.blockBytes ?? 1 << 18);
    } catch (err) {
      // A compressed or RF64 WAV can still be read by ffmpeg.
      if (!(err instanceof AudioError) || err.code !== 'unsupported-codec' || !ffmpeg) throw err;
    }
  }
  if (!ffmpeg) {
    const kind = ext ? ext : 'these';
    throw new AudioError('ffmpeg-missing', `MedScribe cannot read ${kind} files on this PC without ffmpeg; record in the app or convert to WAV.`);
  }
  return ffmpegSource(path, ffmpeg);
}

function wavSource(path: string, layout: WavLayout, blockBytes: number): AudioSource {
  const info: AudioSourceInfo = { container: 'wav', sampleRate: layout.sampleRate, channels: layout.channels, durationMs: layout.durationMs, wav: layout };
  return {
    info,
    async *blocks(signal) {
      const step = Math.max(layout.blockAlign, blockBytes - (blockBytes % layout.blockAlign));
      const resampler = new Resampler(layout.sampleRate, TARGET_RATE);
      const fh = await open(path, 'r');
      try {
        const buf = Buffer.alloc(step);
        for (let done = 0; done < layout.dataBytes; ) {
          if (signal?.aborted) throw abortError('Reading the recording');
          const want = Math.min(step, layout.dataBytes - done);
          const { bytesRead } = await fh.read(buf, 0, want, layout.dataOffset + done);
          const whole = bytesRead - (bytesRead % layout.blockAlign);
          if (whole <= 0) break; // the file shrank while we read it
          done += whole;
          const out = resampler.process(decodeFramesToMono(buf.subarray(0, whole), layout));
          if (out.length) yield out;
        }
        const tail = resampler.flush();
        if (tail.length) yield tail;
      } finally {
        await fh.close();
      }
    },
  };
}

function ffmpegSource(path: string, ffmpeg: string): AudioSource {
  const info: AudioSourceInfo = { container: 'ffmpeg', sampleRate: TARGET_RATE, channels: 1, durationMs: Number.NaN };
  const name = basename(path);
  return {
    info,
    async *blocks(signal) {
      const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', path, '-vn', '-f', 's16le', '-acodec', 'pcm_s16le', '-ac', '1', '-ar', String(TARGET_RATE), '-'];
      const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < 2000) stderr += d.toString('utf8');
      });
      const exited = new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code) => resolve(code));
      });
      exited.catch(() => undefined);
      const onAbort = () => child.kill();
      signal?.addEventListener('abort', onAbort, { once: true });
      let carry: Buffer = Buffer.alloc(0);
      let samples = 0;
      try {
        for await (const chunk of child.stdout) {
          if (signal?.aborted) throw abortError('Reading the recording');
          const data: Buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
          const even = data.length - (data.length % 2);
          carry = data.subarray(even);
          samples += even / 2;
          if (even) yield s16ToFloat(data.subarray(0, even));
        }
        let code: number | null;
        try {
          code = await exited;
        } catch (err) {
          throw new AudioError('ffmpeg-failed', `ffmpeg could not be started (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
        }
        if (signal?.aborted) throw abortError('Reading the recording');
        if (code !== 0) {
          const why = stderr.trim().split('\n').pop()?.replace(path, name) ?? '';
          throw new AudioError('ffmpeg-failed', `ffmpeg could not read "${name}" as audio${why ? ` (${why.slice(0, 200)})` : ''}.`);
        }
        if (samples === 0) throw new AudioError('no-audio', `"${name}" contains no audio.`);
        info.durationMs = (samples / TARGET_RATE) * 1000;
      } finally {
        signal?.removeEventListener('abort', onAbort);
        if (child.exitCode === null) child.kill();
      }
    },
  };
}
