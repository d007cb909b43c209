/**
 * The only bridge between the sandboxed renderer and the app: `window.medscribe`, with one
 * generic `call` typed by the contract and `on` for typed events. No raw ipcRenderer leaks out.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, isEventName, isMethodName } from '../shared/channels';
import type { MedscribeApi } from '../shared/contract';

const CALL_TIMEOUT_MS = 130_000;

const api: MedscribeApi = {
  call(method, input) {
    if (!isMethodName(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown-method', message: `MedScribe has no action called "${String(method)}".` } });
    }
    const reply = ipcRenderer.invoke(IPC_CALL_CHANNEL, { method, input });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), CALL_TIMEOUT_MS));
    return Promise.race([reply, timeout]).catch(() => ({
      ok: false as const,
      error: { code: 'timeout', message: 'MedScribe did not answer in time. Please try again.' },
    }));
  },
  on(event, listener) {
    if (!isEventName(event)) return () => undefined;
    const wrapped = (_e: IpcRendererEvent, msg: { event?: string; payload?: unknown }) => {
      if (msg?.event === event) (listener as (p: unknown) => void)(msg.payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld('medscribe', api);
