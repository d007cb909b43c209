/**
 * `window.medscribe` for the browser harness: the same API as Electron's preload, over HTTP
 * (calls) and server-sent events (events). The per-run token arrives in the URL fragment, which
 * is never sent to a server, and is kept for this tab only.
 */
import { isEventName, isMethodName } from '../../shared/channels';
import type { CallResult, MedscribeApi } from '../../shared/contract';

const KEY = 'medscribe-harness-token';
const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromHash) {
  sessionStorage.setItem(KEY, fromHash);
  history.replaceState(null, '', location.pathname + location.search);
}
const token = sessionStorage.getItem(KEY) ?? '';

let events: EventSource | null = null;
function eventSource(): EventSource {
  events ??= new EventSource(`/__medscribe/events?token=${encodeURIComponent(token)}`);
  return events;
}

const api: MedscribeApi = {
  async call(method, input) {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown-method', message: `MedScribe has no action called "${String(method)}".` } };
    }
    try {
      const res = await fetch('/__medscribe/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ method, input }),
      });
      return (await res.json()) as CallResult<never>;
    } catch {
      return { ok: false, error: { code: 'unreachable', message: 'The MedScribe harness is not answering. Is `medscribe serve` still running?' } };
    }
  },
  on(event, listener) {
    if (!isEventName(event)) return () => undefined;
    const handler = (e: MessageEvent<string>) => (listener as (p: unknown) => void)(JSON.parse(e.data));
    eventSource().addEventListener(event, handler);
    return () => eventSource().removeEventListener(event, handler);
  },
};

Object.defineProperty(window, 'medscribe', { value: Object.freeze(api), writable: false, configurable: false });
