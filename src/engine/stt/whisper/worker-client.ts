/**
 * Starts and talks to the whisper.cpp child process (worker-main.ts). A native crash rejects
 * the calls in flight with a clear error and leaves the engine running; cancelling asks
 * whisper.cpp to stop and kills the process if it has not stopped within a grace period
 * (whisper.cpp 1.9 in @fugood/whisper.node 1.1 only checks its stop flag between calls); a
 * worker running @napi-rs/whisper cannot be stopped, so it is killed at once.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { whisperWorkerMain } from './worker-main';
import type { NativeTranscribeOptions, PcmPiece, WhisperBackend, WorkerBackends, WorkerEvent, WorkerRequest, WorkerSegment } from './worker-protocol';

export class WhisperWorkerError extends Error {
  constructor(
    readonly code: 'crashed' | 'load-failed' | 'failed' | 'binding-missing',
    message: string,
  ) {
    super(message);
    this.name = 'WhisperWorkerError';
  }
}

function abortError(): Error {
  const e = new Error('Transcription was cancelled.');
  e.name = 'AbortError';
  return e;
}

/**
 * What the worker loads: MEDSCRIBE_WHISPER_NATIVE (an `index.node` of the same binding built
 * for this CPU, e.g. with AVX2: the published linux-x64 build has no AVX); else the copy the
 * installer puts in <MEDSCRIBE_RESOURCES>/whisper-native (electron-builder.yml); else the
 * @fugood/whisper.node package (development, the CLI). Undefined when there is none.
 */
export function resolveBinding(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const native = env.MEDSCRIBE_WHISPER_NATIVE?.trim();
  if (native) return existsSync(native) ? native : undefined;
  const packaged = env.MEDSCRIBE_RESOURCES ? join(env.MEDSCRIBE_RESOURCES, 'whisper-native', 'index.node') : undefined;
  if (packaged && existsSync(packaged)) return packaged;
  try {
    return createRequire(import.meta.url).resolve('@fugood/whisper.node');
  } catch {
    return undefined;
  }
}

/** @napi-rs/whisper's whisper.cpp is built with AVX2/FMA/F16C: without them it dies of SIGILL. */
function cpuRunsNapi(): boolean {
  try {
    if (process.platform === 'darwin') {
      if (process.arch === 'arm64') return true;
      const sysctl = (k: string) => execFileSync('sysctl', ['-n', k], { encoding: 'utf8', timeout: 2000 });
      return /\bAVX2\b/.test(sysctl('machdep.cpu.leaf7_features')) && /\bFMA\b/.test(sysctl('machdep.cpu.features')) && /\bF16C\b/.test(sysctl('machdep.cpu.features'));
    }
    const flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1]?.split(/\s+/) ?? [];
    return ['avx2', 'fma', 'f16c'].every((f) => flags.includes(f));
  } catch {
    return false;
  }
}
let cpuOk: boolean | undefined;

/**
 * @napi-rs/whisper (prebuilt for linux-x64-gnu, darwin-x64, darwin-arm64; none for Windows):
 * the installer's copy in <MEDSCRIBE_RESOURCES>/whisper-napi (electron-builder.yml), else the
 * package. Undefined on other platforms, on a CPU without AVX2/FMA/F16C, when
 * MEDSCRIBE_WHISPER_BACKEND=fugood, or when MEDSCRIBE_WHISPER_NATIVE names a build to use.
 */
export function resolveNapi(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const forced = env.MEDSCRIBE_WHISPER_BACKEND?.trim();
  if (forced === 'fugood' || (env.MEDSCRIBE_WHISPER_NATIVE?.trim() && forced !== 'napi')) return undefined;
  if (!((process.platform === 'linux' && process.arch === 'x64') || process.platform === 'darwin')) return undefined;
  if (!(cpuOk ??= cpuRunsNapi())) return undefined;
  const dir = env.MEDSCRIBE_RESOURCES ? join(env.MEDSCRIBE_RESOURCES, 'whisper-napi') : undefined;
  const packaged = dir && existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.node')) : undefined;
  if (dir && packaged) return join(dir, packaged);
  try {
    const path = createRequire(import.meta.url).resolve('@napi-rs/whisper');
    // The package is installed everywhere; its binary only where it is published.
    createRequire(path).resolve(process.platform === 'linux' ? '@napi-rs/whisper-linux-x64-gnu' : `@napi-rs/whisper-darwin-${process.arch}`);
    return path;
  } catch {
    return undefined;
  }
}

/** Both bindings as the environment asks (MEDSCRIBE_WHISPER_BACKEND=napi|fugood forces one). */
export function resolveBackends(env: NodeJS.ProcessEnv = process.env): WorkerBackends {
  const f = env.MEDSCRIBE_WHISPER_BACKEND?.trim();
  const forced = f === 'napi' || f === 'fugood' ? f : undefined;
  return { fugood: forced === 'napi' ? undefined : resolveBinding(env), napi: resolveNapi(env), ...(forced ? { forced } : {}) };
}

interface Pending {
  resolve: (e: WorkerEvent) => void;
  reject: (err: Error) => void;
  onProgress?: (percent: number) => void;
}

export interface TranscribeRequest {
  wavPath: string;
  dataOffset: number;
  pieces: PcmPiece[];
  gapBytes: number;
  options: NativeTranscribeOptions;
}

export class WhisperWorker {
  private readonly pending = new Map<number | 'load', Pending>();
  private nextId = 1;
  private stderrTail = '';
  private exited = false;
  modelPath: string | undefined;
  /** The binding that loaded the model. */
  backend: WhisperBackend | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-4000);
    });
    child.on('message', (e: WorkerEvent) => this.onEvent(e));
    child.on('exit', (code, signal) => {
      this.exited = true;
      const why = signal ?? `exit code ${code}`;
      // SIGILL / STATUS_ILLEGAL_INSTRUCTION: a build using instructions (AVX2) this processor lacks.
      const cpu = signal === 'SIGILL' || code === 0xc000001d ? " This PC's processor lacks instructions the speech engine needs (AVX2); use a cloud engine or another build." : '';
      const err = new WhisperWorkerError('crashed', `The speech engine process stopped unexpectedly (${why}). The recording is safe; try again, or choose another model.${cpu}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  /** A path is a @fugood/whisper.node build to use alone; by default, resolveBackends(). */
  static async start(binding: string | WorkerBackends = resolveBackends()): Promise<WhisperWorker> {
    const backends: WorkerBackends = typeof binding === 'string' ? { fugood: binding, forced: 'fugood' } : binding;
    if (!backends.fugood && !backends.napi) {
      const which = backends.forced === 'napi' ? '@napi-rs/whisper, forced by MEDSCRIBE_WHISPER_BACKEND, is not available on this PC' : 'The offline speech engine (@fugood/whisper.node) is not installed; reinstall MedScribe';
      throw new WhisperWorkerError('binding-missing', `${which}.`);
    }
    const source = `(${whisperWorkerMain.toString()})(require, ${JSON.stringify(backends)});`;
    const child = spawn(process.execPath, ['-e', source], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      windowsHide: true,
    });
    const worker = new WhisperWorker(child);
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(new WhisperWorkerError('crashed', `The speech engine process could not start (${err.message}).`));
      child.once('error', onError);
      child.once('exit', () => reject(new WhisperWorkerError('crashed', 'The speech engine process stopped while starting.')));
      child.once('message', () => {
        child.off('error', onError);
        resolve();
      });
    });
    worker.setRef(false);
    return worker;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** The last lines whisper.cpp wrote to stderr (model loading details; never transcript text). */
  get diagnostics(): string {
    return this.stderrTail;
  }

  async load(modelPath: string): Promise<number> {
    this.modelPath = undefined;
    this.backend = undefined;
    const e = await this.request('load', { type: 'load', modelPath });
    if (e.type !== 'loaded') throw new WhisperWorkerError('load-failed', 'The model did not load.');
    this.modelPath = modelPath;
    this.backend = e.backend;
    return e.ms;
  }

  async transcribe(req: TranscribeRequest, o: { signal?: AbortSignal; onProgress?: (percent: number) => void; graceMs?: number } = {}): Promise<{ segments: WorkerSegment[]; ms: number }> {
    if (o.signal?.aborted) throw abortError();
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      if (this.backend === 'napi') return this.kill();
      this.send({ type: 'stop', id });
      timer = setTimeout(() => this.kill(), o.graceMs ?? 1000);
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const e = await this.request(id, { type: 'transcribe', id, ...req }, o.onProgress);
      if (o.signal?.aborted) throw abortError();
      if (e.type !== 'result') throw new WhisperWorkerError('failed', 'The speech engine sent no result.');
      return { segments: e.segments, ms: e.ms };
    } catch (err) {
      if (o.signal?.aborted) throw abortError();
      throw err;
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
    }
  }

  /** Ends the process (politely if it is idle, at once otherwise). */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.pending.size) this.kill();
    else this.send({ type: 'exit' });
    const timer = setTimeout(() => this.kill(), 2000);
    await gone;
    clearTimeout(timer);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private send(m: WorkerRequest) {
    if (!this.exited && this.child.connected) this.child.send(m);
  }

  private request(key: number | 'load', m: WorkerRequest, onProgress?: (percent: number) => void): Promise<WorkerEvent> {
    if (this.exited) return Promise.reject(new WhisperWorkerError('crashed', 'The speech engine process is not running.'));
    this.setRef(true);
    return new Promise<WorkerEvent>((resolve, reject) => {
      this.pending.set(key, { resolve, reject, onProgress });
      this.send(m);
    }).finally(() => this.setRef(this.pending.size > 0));
  }

  /** An idle worker does not keep the engine's process alive (a forgotten dispose cannot hang the CLI). */
  private setRef(busy: boolean) {
    if (this.exited) return;
    const channel = this.child.channel as { ref(): void; unref(): void } | null | undefined;
    if (busy) {
      this.child.ref();
      channel?.ref();
    } else {
      this.child.unref();
      channel?.unref();
    }
  }

  private onEvent(e: WorkerEvent) {
    if (e.type === 'ready') return;
    const key = e.type === 'loaded' || (e.type === 'error' && e.stage === 'load') ? 'load' : 'id' in e ? e.id : undefined;
    const p = key === undefined ? undefined : this.pending.get(key);
    if (!p) return;
    if (e.type === 'progress') return p.onProgress?.(e.percent);
    this.pending.delete(key!);
    if (e.type !== 'error') return p.resolve(e);
    if (e.stage === 'load') {
      // whisper.cpp says why on stderr, which may arrive just after the IPC message.
      setTimeout(() => {
        const lines = this.stderrTail.split('\n');
        const detail = lines.filter((l) => /invalid|bad |wrong|unknown|not all|error/i.test(l)).pop() ?? lines.filter((l) => /failed/i.test(l)).pop();
        const why = detail?.replace(/^\S+: /, '').trim() ?? e.message;
        p.reject(new WhisperWorkerError('load-failed', `whisper.cpp could not load the model${why ? ` (${why.slice(0, 160)})` : ''}.`));
      }, 100);
    } else {
      p.reject(new WhisperWorkerError('failed', `whisper.cpp failed: ${e.message}.`));
    }
  }
}
