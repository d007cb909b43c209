/**
 * A loopback HTTP server for the cloud tests. Each test's handler follows one API's documented
 * contract and answers like the real service would, including its refusals; every request is
 * recorded so tests can check what left the machine.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Recorded {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Reply =
  | { status: number; headers?: Record<string, string>; json?: unknown; text?: string }
  /** Never answers (a timeout on the client's side). */
  | { hang: true }
  /** Closes the connection without an answer. */
  | { destroy: true };

export interface Stub {
  url: string;
  server: Server;
  requests: Recorded[];
  close(): Promise<void>;
}

export async function startStub(handler: (req: Recorded) => Reply | Promise<Reply>): Promise<Stub> {
  const requests: Recorded[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(rec);
      void Promise.resolve(handler(rec)).then((reply) => {
        if ('hang' in reply) return;
        if ('destroy' in reply) {
          req.socket.destroy();
          return;
        }
        const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
        const type = reply.json !== undefined ? 'application/json' : 'text/plain; charset=utf-8';
        res.writeHead(reply.status, { 'content-type': type, ...reply.headers });
        res.end(body);
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The multipart form of a recorded request, parsed by the platform's own parser. */
export async function formOf(rec: Recorded): Promise<FormData> {
  const type = rec.headers['content-type'];
  if (!type?.startsWith('multipart/form-data')) throw new Error(`not multipart: ${type ?? 'no content-type'}`);
  return new Response(new Uint8Array(rec.body), { headers: { 'content-type': type } }).formData();
}

export function jsonOf(rec: Recorded): unknown {
  return JSON.parse(rec.body.toString('utf8'));
}

/** Behaviours scripted by a test, used in order; `fallback` once they run out. */
export class Script<T> {
  private readonly queue: T[] = [];
  constructor(private readonly fallback: T) {}
  push(...items: T[]): this {
    this.queue.push(...items);
    return this;
  }
  next(): T {
    return this.queue.length ? this.queue.shift()! : this.fallback;
  }
  get pending(): number {
    return this.queue.length;
  }
}
