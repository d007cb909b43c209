/**
 * The engine inside Electron's utilityProcess. Main forwards validated calls as
 * `{id, method, input}` and gets `{id, result}` back; events go out as `{event, payload}`.
 */
import { createHandlers, dispatch } from './index';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  throw new Error('The MedScribe engine host must run in an Electron utility process.');
}

const resourcesDir = process.env.MEDSCRIBE_RESOURCES ?? '';
const handlers = createHandlers({ host: 'electron', version: process.env.MEDSCRIBE_VERSION ?? '0.0.0', resourcesDir });

parentPort.on('message', (e) => {
  const msg = e.data as { id?: unknown; method?: unknown; input?: unknown };
  if (typeof msg?.id !== 'number') return;
  void dispatch(handlers, msg.method, msg.input).then((result) => parentPort.postMessage({ id: msg.id, result }));
});
parentPort.postMessage({ ready: true });
