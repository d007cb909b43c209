import type { UtilityProcess } from 'electron';
import type { CallResult } from '../shared/contract';

interface Pending {
  resolve: (r: CallResult<unknown>) => void;
  timer: NodeJS.Timeout;
}

/** Relays validated calls to the engine utility process and matches replies by id. */
export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly child: UtilityProcess,
    private readonly timeoutMs = 120_000,
  ) {
    child.on('message', (msg: { id?: number; result?: CallResult<unknown> }) => {
      if (typeof msg?.id !== 'number' || !msg.result) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      clearTimeout(p.timer);
      this.pending.delete(msg.id);
      p.resolve(msg.result);
    });
    child.on('exit', () => this.failAll('The MedScribe engine stopped. Please restart the app; your saved notes are safe.'));
  }

  call(method: string, input: unknown): Promise<CallResult<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: { code: 'timeout', message: 'MedScribe took too long to answer. Please try again.' } });
      }, this.timeoutMs);
      this.pending.set(id, { resolve, timer });
      this.child.postMessage({ id, method, input });
    });
  }

  /** Resolves once every call in flight has an answer (used at shutdown). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await new Promise((r) => setTimeout(r, 50));
  }

  private failAll(message: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, error: { code: 'engine-exited', message } });
      this.pending.delete(id);
    }
  }
}
