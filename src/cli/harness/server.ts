import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { EventName } from '../../shared/channels';
import type { EventPayload } from '../../shared/contract';
import { dispatch, type Handlers } from '../../engine/dispatch';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};
const MAX_BODY = 1_000_000;

export interface HarnessOptions {
  handlers: Handlers;
  rendererDir: string;
  bridgeFile: string;
  host?: string;
  port?: number;
  allowRemote?: boolean;
}

export interface Harness {
  server: Server;
  url: string;
  token: string;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new BodyTooLarge();
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the built renderer and the engine contract on loopback, for testing the real UI in a
 * real browser against the real engine. Every API request needs the per-run token.
 */
export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !opts.allowRemote) {
    throw new Error(`refusing to listen on ${host}: the harness exposes patient data, so it binds to loopback only. Pass --allow-remote if you really mean it.`);
  }
  const token = randomBytes(24).toString('hex');
  const streams = new Set<ServerResponse>();
  let allowedHosts: Set<string> = new Set();

  const server = createServer((req, res) => {
    void (async () => {
      // DNS-rebinding guard: only our own host:port may talk to us.
      if (!opts.allowRemote && !allowedHosts.has(req.headers.host ?? '')) return send(res, 421, 'text/plain', 'Misdirected request');
      const url = new URL(req.url ?? '/', 'http://harness');
      if (url.pathname === '/__medscribe/call') {
        if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST only');
        const auth = req.headers.authorization ?? '';
        if (!sameToken(auth.replace(/^Bearer /, ''), token)) {
          return send(res, 401, 'application/json', JSON.stringify({ ok: false, error: { code: 'unauthorized', message: 'This request did not carry the harness token.' } }));
        }
        let payload: { method?: unknown; input?: unknown };
        try {
          payload = JSON.parse(await readBody(req)) as typeof payload;
        } catch (err) {
          if (err instanceof BodyTooLarge) {
            return send(res, 413, 'application/json', JSON.stringify({ ok: false, error: { code: 'too-large', message: 'The request is larger than 1 MB.' } }));
          }
          return send(res, 400, 'application/json', JSON.stringify({ ok: false, error: { code: 'bad-request', message: 'The request body is not valid JSON.' } }));
        }
        const result = await dispatch(opts.handlers, payload?.method, payload?.input);
        return send(res, 200, 'application/json', JSON.stringify(result));
      }
      if (url.pathname === '/__medscribe/events') {
        if (!sameToken(url.searchParams.get('token') ?? '', token)) return send(res, 401, 'text/plain', 'token required');
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      if (url.pathname === '/__medscribe/bridge.js') return send(res, 200, TYPES['.js']!, readFileSync(opts.bridgeFile));
      return serveStatic(url.pathname, res, opts.rendererDir);
    })().catch(() => send(res, 500, 'text/plain', 'Internal error'));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  allowedHosts = new Set([`${shown}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]);
  return {
    server,
    token,
    url: `http://${shown}:${port}/#token=${token}`,
    emit(event, payload) {
      for (const s of streams) s.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of streams) s.end();
        server.close(() => resolve());
      }),
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function serveStatic(pathname: string, res: ServerResponse, root: string): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return send(res, 400, 'text/plain', 'Bad request');
  }
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  const file = join(root, rel === '' ? 'index.html' : rel);
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return send(res, 403, 'text/plain', 'Forbidden');
  if (!isFile(file)) return send(res, 404, 'text/plain', 'Not found');
  let body: string | Buffer = readFileSync(file);
  if (file === join(root, 'index.html')) {
    // The bridge must define window.medscribe before the app's module script runs.
    body = body.toString('utf8').replace('<head>', '<head>\n    <script src="/__medscribe/bridge.js"></script>');
  }
  send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', body);
}
