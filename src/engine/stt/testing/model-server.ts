/**
 * A loopback HTTP server standing in for the model host (MEDSCRIBE_MODELS_URL) in tests:
 * serves files with Range support, and can cut a connection, ignore Range or answer 404.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedRequest {
  path: string;
  range?: string;
}

export interface ModelServer {
  url: string;
  requests: ServedRequest[];
  files: Map<string, Buffer>;
  /** Cut the next N responses after this many bytes. */
  cutAfter: { bytes: number; times: number } | undefined;
  ignoreRange: boolean;
  /** Send without Content-Length (chunked). */
  chunked: boolean;
  /** Delay between 64 KB writes, to give a cancel time to land. */
  delayMs: number;
  close(): Promise<void>;
}

export async function startModelServer(): Promise<ModelServer> {
  const state = {
    requests: [] as ServedRequest[],
    files: new Map<string, Buffer>(),
    cutAfter: undefined as ModelServer['cutAfter'],
    ignoreRange: false,
    chunked: false,
    delayMs: 0,
  };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    state.requests.push({ path, range: req.headers.range });
    const body = state.files.get(path.replace(/^\//, ''));
    if (!body) {
      res.writeHead(404, 'Not Found').end('no such model');
      return;
    }
    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m && !state.ignoreRange) {
      start = Number(m[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`, ...(state.chunked ? {} : { 'Content-Length': body.length - start }) });
    } else {
      res.writeHead(200, state.chunked ? {} : { 'Content-Length': body.length });
    }
    const cut = state.cutAfter && state.cutAfter.times > 0 ? state.cutAfter : undefined;
    if (cut) cut.times--;
    let pos = start;
    const pump = () => {
      while (pos < body.length) {
        const end = Math.min(body.length, pos + 65_536, cut ? start + cut.bytes : body.length);
        const last = cut !== undefined && end === start + cut.bytes;
        // The cut: the bytes so far are flushed, then the connection is closed mid-body.
        const ok = res.write(body.subarray(pos, end), last ? () => res.socket?.end() : undefined);
        pos = end;
        if (last) return;
        if (state.delayMs) {
          setTimeout(pump, state.delayMs);
          return;
        }
        if (!ok) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  }) as ModelServer;
}
