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
 * Protocol: one tagged JSON message per line on Node's IPC channel (worker-protocol.ts).
 */
import type * as Fs from 'node:fs';
import type { WorkerEvent, WorkerRequest } from './worker-protocol';

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

/** A native build loaded directly (`index.node`, e.g. one built with AVX2 by our CI). */
interface NativeModule {
  WhisperContext: new (options: { filePath: string; useGpu: boolean }) => NativeContext | Promise<NativeContext>;
}

export function whisperWorkerMain(load: (id: string) => unknown, bindingPath: string): void {
  const fs = load('node:fs') as typeof Fs;
  const send = (e: WorkerEvent) => {
    if (process.connected && process.send) process.send(e);
  };
  let ctx: NativeContext | undefined;
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

  const handle = async (m: WorkerRequest) => {
    try {
      if (m.type === 'load') {
        const t = Date.now();
        if (ctx) await ctx.release();
        const options = { filePath: m.modelPath, useGpu: false };
        ctx = bindingPath.endsWith('.node') ? await new (load(bindingPath) as NativeModule).WhisperContext(options) : await (load(bindingPath) as Binding).initWhisper(options);
        send({ type: 'loaded', ms: Date.now() - t });
      } else if (m.type === 'transcribe') {
        if (!ctx) throw new Error('no model is loaded');
        const t = Date.now();
        const job = ctx.transcribeData(readPcm(m), { ...m.options, onProgress: (percent: number) => send({ type: 'progress', id: m.id, percent }) });
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
