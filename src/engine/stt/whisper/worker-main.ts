/**
 * The whisper.cpp child process. `whisperWorkerMain` runs in a separate Node process (started
 * with `node -e` by worker-client.ts, with ELECTRON_RUN_AS_NODE under Electron), so a native
 * crash or a hard kill on cancel never takes the engine down with it.
 *
 * The function is sent to the child as source text (Function.prototype.toString), which works
 * the same under vitest, the esbuild CLI bundle and the electron-vite bundle without a build
 * entry of its own. So it must be self-contained: no imports at run time, no module-scope
 * values, only its parameters and globals (`process`, `Buffer`). Types are erased.
 *
 * Two bindings (worker-protocol.ts `WorkerBackends`): @napi-rs/whisper is tried first when it
 * is given (its model load fails cleanly on a bad file, then @fugood/whisper.node loads it and
 * says why on stderr), unless a backend is forced. @napi-rs/whisper's `full()` is synchronous
 * and its callbacks are queued to the event loop, so its segments and progress arrive after
 * `full()` returns (the worker waits for them), and it cannot be stopped: the client kills
 * this process to cancel it.
 *
 * Protocol: one tagged JSON message per line on Node's IPC channel (worker-protocol.ts).
 */
import type * as Fs from 'node:fs';
import type { NativeTranscribeOptions, WhisperBackend, WorkerBackends, WorkerEvent, WorkerRequest, WorkerSegment } from './worker-protocol';

interface NativeSegment {
  text: string;
  t0: number;
  t1: number;
}

interface NativeJob {
  stop: () => Promise<void>;
  promise: Promise<{ segments: NativeSegment[]; isAborted: boolean }>;
}

interface NativeContext {
  transcribeData(audio: ArrayBuffer, options: Record<string, unknown>): NativeJob;
  release(): Promise<void>;
}

interface Binding {
  initWhisper(options: { filePath: string; useGpu: boolean }): Promise<NativeContext>;
}

/** @napi-rs/whisper 0.0.4 (index.d.ts): the parts used here. */
interface NapiParams {
  nThreads: number;
  language: string;
  translate: boolean;
  detectLanguage: boolean;
  printProgress: boolean;
  printRealtime: boolean;
  printTimestamps: boolean;
  initialPrompt: string;
  temperature: number;
  nMaxTextCtx: number;
  onProgress: (percent: number) => void;
  /** start/end in whisper's 10 ms units. */
  onNewSegment: (s: { text: string; start: number; end: number }) => void;
}

interface NapiModule {
  Whisper: new (model: string, params?: { useGpu?: boolean }) => { full(params: NapiParams, samples: Float32Array): string };
  WhisperFullParams: new (strategy: number) => NapiParams;
}

/** One loaded model, whichever binding runs it. */
interface Context {
  backend: WhisperBackend;
  transcribe(pcm: ArrayBuffer, options: NativeTranscribeOptions, onProgress: (percent: number) => void): NativeJob;
  release(): Promise<void>;
}

/** A native build loaded directly (`index.node`, e.g. one built with AVX2 by our CI). */
interface NativeModule {
  WhisperContext: new (options: { filePath: string; useGpu: boolean }) => NativeContext | Promise<NativeContext>;
}

export function whisperWorkerMain(load: (id: string) => unknown, backends: WorkerBackends): void {
  const fs = load('node:fs') as typeof Fs;
  const send = (e: WorkerEvent) => {
    if (process.connected && process.send) process.send(e);
  };
  let ctx: Context | undefined;
  const stops = new Map<number, () => Promise<void>>();

  const readPcm = (m: Extract<WorkerRequest, { type: 'transcribe' }>): ArrayBuffer => {
    const total = m.pieces.reduce((a, p) => a + p.byteLength, 0) + m.gapBytes * Math.max(0, m.pieces.length - 1);
    const out = Buffer.alloc(total);
    const fd = fs.openSync(m.wavPath, 'r');
    try {
      let o = 0;
      m.pieces.forEach((p, i) => {
        if (i) o += m.gapBytes;
        fs.readSync(fd, out, o, p.byteLength, m.dataOffset + p.byteStart);
        o += p.byteLength;
      });
    } finally {
      fs.closeSync(fd);
    }
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength);
  };

  const loadFugood = async (path: string, modelPath: string): Promise<Context> => {
    const options = { filePath: modelPath, useGpu: false };
    const native = path.endsWith('.node') ? await new (load(path) as NativeModule).WhisperContext(options) : await (load(path) as Binding).initWhisper(options);
    return {
      backend: 'fugood',
      transcribe: (pcm, o, onProgress) => native.transcribeData(pcm, { ...o, onProgress }),
      release: () => native.release(),
    };
  };

  const loadNapi = (path: string, modelPath: string): Context => {
    const napi = load(path) as NapiModule;
    // Throws "Failed to initialize Whisper model from buffer" for a file whisper.cpp rejects.
    const whisper = new napi.Whisper(modelPath, { useGpu: false });
    const transcribe = (pcm: ArrayBuffer, o: NativeTranscribeOptions, onProgress: (percent: number) => void) => {
      const p = new napi.WhisperFullParams(o.beamSize && o.beamSize > 1 ? 1 : 0);
      Object.assign(p, { nThreads: o.maxThreads, language: o.language, translate: false, detectLanguage: false, printProgress: false, printRealtime: false, printTimestamps: false });
      if (o.prompt) p.initialPrompt = o.prompt;
      if (o.temperature !== undefined) p.temperature = o.temperature;
      if (o.maxContext !== undefined) p.nMaxTextCtx = o.maxContext;
      const segments: WorkerSegment[] = [];
      p.onNewSegment = (s) => segments.push({ text: s.text, t0: s.start * 10, t1: s.end * 10 });
      p.onProgress = (percent) => onProgress(Math.min(100, percent));
      const s16 = new Int16Array(pcm);
      const samples = new Float32Array(s16.length);
      for (let i = 0; i < s16.length; i++) samples[i] = s16[i]! / 32768;
      const promise = (async () => {
        const text = whisper.full(p, samples).replace(/\s+/g, '');
        // The segment callbacks run on the event loop after full() returns: wait for all of them.
        for (let i = 0; i < 400 && segments.map((s) => s.text).join('').replace(/\s+/g, '') !== text; i++) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setImmediate(r));
        return { segments, isAborted: false };
      })();
      return { stop: async () => {}, promise };
    };
    return { backend: 'napi', transcribe, release: async () => {} };
  };

  const loadModel = async (modelPath: string): Promise<Context> => {
    if (backends.napi && backends.forced !== 'fugood') {
      try {
        return loadNapi(backends.napi, modelPath);
      } catch (err) {
        if (backends.forced === 'napi' || !backends.fugood) throw err;
      }
    }
    if (!backends.fugood || backends.forced === 'napi') throw new Error(`the ${backends.forced ?? 'fugood'} speech backend is not available`);
    return loadFugood(backends.fugood, modelPath);
  };

  const handle = async (m: WorkerRequest) => {
    try {
      if (m.type === 'load') {
        const t = Date.now();
        if (ctx) await ctx.release();
        ctx = undefined;
        ctx = await loadModel(m.modelPath);
        send({ type: 'loaded', ms: Date.now() - t, backend: ctx.backend });
      } else if (m.type === 'transcribe') {
        if (!ctx) throw new Error('no model is loaded');
        const t = Date.now();
        const job = ctx.transcribe(readPcm(m), m.options, (percent: number) => send({ type: 'progress', id: m.id, percent }));
        stops.set(m.id, job.stop);
        try {
          const r = await job.promise;
          send({ type: 'result', id: m.id, aborted: r.isAborted, ms: Date.now() - t, segments: r.segments.map((s) => ({ text: s.text, t0: s.t0, t1: s.t1 })) });
        } finally {
          stops.delete(m.id);
        }
      } else if (m.type === 'stop') {
        await stops.get(m.id)?.();
      } else if (m.type === 'exit') {
        if (ctx) await ctx.release();
        process.exit(0);
      }
    } catch (err) {
      send({ type: 'error', id: 'id' in m ? m.id : undefined, stage: m.type, message: err instanceof Error ? err.message : String(err) });
    }
  };

  process.on('message', (raw) => void handle(raw as WorkerRequest));
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', pid: process.pid });
}
