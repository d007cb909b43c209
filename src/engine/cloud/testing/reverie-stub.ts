/**
 * A Reverie stand-in on loopback following the documented API. File API: POST / with
 * REV-API-KEY, REV-APP-ID, REV-APPNAME: stt_file, src_lang, domain (all headers) and the form
 * field audio_file (≤ 300 s). Streaming: WebSocket /stream with the credentials and options in
 * the query string, a first message with cause "ready", binary PCM, the bytes --EOF--, and a
 * final:true message with cause "EOF received". Both refuse `logging` other than false: patient
 * audio must never be stored by the service.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket as WsSocket } from 'ws';
import { formOf, type Recorded, type Reply, Script, startStub, type Stub } from './http-stub';

const LANGS = new Set(['ta', 'te', 'hi', 'en', 'bn', 'ml', 'kn', 'mr', 'gu', 'pa', 'or', 'as', 'hi_en']);
const EOF = '--EOF--';

export type FileBehaviour = 'ok' | 'hang' | 'destroy' | 'malformed' | { status: number; headers?: Record<string, string>; json?: unknown };
/** Per connection: answer normally, drop the socket after n bytes, or end it with cause "timeout" after n bytes. */
export type StreamBehaviour = 'ok' | { dropAfterBytes: number } | { serverTimeoutAfterBytes: number };

export interface StreamConnection {
  query: URLSearchParams;
  bytes: Buffer[];
  eof: boolean;
  completed: boolean;
  dropped: boolean;
}

export interface ReverieStub extends Stub {
  file: Script<FileBehaviour>;
  stream: Script<StreamBehaviour>;
  connections: StreamConnection[];
  /** Rejected handshakes (bad credentials, bad parameters). */
  refused: number;
}

export interface ReverieStubOptions {
  apiKey: string;
  appId: string;
  /** What is "heard" in a piece or connection: [spoken text, display text]. */
  hear: (audio: Buffer, index: number) => [string, string];
}

const refuse = (status: number, message: string): Reply => ({ status, json: { success: false, message } });

function wavSeconds(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(40, true) / view.getUint32(28, true);
}

async function fileApi(rec: Recorded, opts: ReverieStubOptions, b: FileBehaviour, index: number): Promise<Reply> {
  const h = rec.headers;
  if (h['rev-api-key'] !== opts.apiKey || h['rev-app-id'] !== opts.appId) return refuse(403, 'Invalid REV-API-KEY or REV-APP-ID');
  if (h['rev-appname'] !== 'stt_file') return refuse(403, 'unauthorized to use this API');
  if (!LANGS.has(String(h['src_lang']))) return refuse(403, 'unauthorized to use this src/tgt language');
  if (!h.domain) return refuse(400, "no 'domain' given");
  if (h.logging !== 'false') return refuse(400, 'test stand-in: logging must be "false" for patient audio');
  if (h.format !== undefined && !['16k_int16', 'wav', 'mp3'].includes(String(h.format))) return refuse(400, 'invalid sample_rate value');
  if (b === 'hang') return { hang: true };
  if (b === 'destroy') return { destroy: true };
  if (typeof b === 'object') return { status: b.status, headers: b.headers, json: b.json ?? { success: false, message: `status ${b.status}` } };
  if (b === 'malformed') return { status: 200, headers: { 'content-type': 'application/json' }, text: '{"id": "x", "success": tru' };
  const form = await formOf(rec);
  const file = form.get('audio_file');
  if (!(file instanceof File)) return { status: 200, json: { success: false, final: true, cause: 'no file given' } };
  const bytes = Buffer.from(await file.arrayBuffer());
  if (bytes.subarray(0, 4).toString('latin1') !== 'RIFF') return { status: 200, json: { success: false, cause: 'unsupported audio format' } };
  if (wavSeconds(bytes) > 300) return refuse(400, 'audio longer than 300 seconds');
  const [text, display] = opts.hear(bytes, index);
  return { status: 200, json: { id: `rev-${index}`, success: true, final: true, text, display_text: display, confidence: 0.87, cause: 'EOF received' } };
}

function streamQueryProblem(q: URLSearchParams, opts: ReverieStubOptions): string | null {
  if (q.get('apikey') !== opts.apiKey || q.get('appid') !== opts.appId) return '403 Forbidden';
  if (q.get('appname') !== 'stt_stream') return '403 Forbidden';
  if (!LANGS.has(q.get('src_lang') ?? '')) return '403 Forbidden';
  if (!q.get('domain')) return '400 Bad Request';
  const timeout = Number(q.get('timeout') ?? '15');
  if (!(timeout > 0 && timeout <= 180)) return '400 Bad Request';
  if (q.get('logging') !== 'false') return '400 Bad Request';
  return null;
}

function serveConnection(ws: WsSocket, conn: StreamConnection, b: StreamBehaviour, opts: ReverieStubOptions, index: number): void {
  ws.send(JSON.stringify({ id: `s${index}`, success: true, final: false, text: '', display_text: '', cause: 'ready' }));
  let received = 0;
  const finalMessage = (cause: string) => {
    const [text, display] = opts.hear(Buffer.concat(conn.bytes), index);
    return JSON.stringify({ id: `s${index}`, success: true, final: true, text, display_text: display, confidence: 0.9, cause });
  };
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (conn.completed || conn.dropped) return;
    if (isBinary && data.toString('latin1') === EOF) {
      conn.eof = true;
      conn.completed = true;
      ws.send(finalMessage('EOF received'));
      ws.close(1000);
      return;
    }
    if (!isBinary) {
      ws.send(JSON.stringify({ success: false, final: true, cause: 'unsupported audio format' }));
      ws.close(1003);
      return;
    }
    conn.bytes.push(data);
    received += data.length;
    if (typeof b === 'object' && 'dropAfterBytes' in b && received >= b.dropAfterBytes) {
      conn.dropped = true;
      ws.terminate();
      return;
    }
    if (typeof b === 'object' && 'serverTimeoutAfterBytes' in b && received >= b.serverTimeoutAfterBytes) {
      conn.completed = true;
      ws.send(finalMessage('timeout'));
      ws.close(1000);
      return;
    }
    if (conn.bytes.length % 2 === 0) ws.send(JSON.stringify({ id: `s${index}`, success: true, final: false, text: 'partial', display_text: 'partial', cause: 'partial' }));
  });
}

export async function startReverieStub(opts: ReverieStubOptions): Promise<ReverieStub> {
  const file = new Script<FileBehaviour>('ok');
  const stream = new Script<StreamBehaviour>('ok');
  let pieces = 0;
  const stub = await startStub(async (rec) => {
    if (rec.method !== 'POST' || rec.url !== '/') return refuse(404, 'not found');
    return fileApi(rec, opts, file.next(), pieces++);
  });
  const wss = new WebSocketServer({ noServer: true });
  const connections: StreamConnection[] = [];
  const result: ReverieStub = { ...stub, file, stream, connections, refused: 0 };
  stub.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const problem = url.pathname === '/stream' ? streamQueryProblem(url.searchParams, opts) : '404 Not Found';
    if (problem) {
      result.refused++;
      socket.end(`HTTP/1.1 ${problem}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: StreamConnection = { query: url.searchParams, bytes: [], eof: false, completed: false, dropped: false };
      connections.push(conn);
      serveConnection(ws, conn, stream.next(), opts, connections.length - 1);
    });
  });
  const close = stub.close;
  result.close = async () => {
    for (const c of wss.clients) c.terminate();
    wss.close();
    await close();
  };
  return result;
}
