import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../engine/index';
import { resourcesDir } from '../paths';
import { type Harness, isLoopbackHost, startHarness } from './server';

let dir: string;
let harness: Harness;
let origin: string;

/** A raw HTTP request, so the path and Host header go out exactly as written. */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const { port } = new URL(origin);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

function callApi(body: string, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return fetch(`${origin}/__medscribe/call`, { method: 'POST', headers, body });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medscribe-harness-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>\n<html>\n  <head>\n    <title>t</title>\n  </head>\n  <body>app-shell</body>\n</html>\n');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET-PATIENT-LIST');
  const bridgeFile = join(dir, 'bridge.js');
  writeFileSync(bridgeFile, 'window.__bridge = "harness-bridge";');
  harness = await startHarness({
    handlers: createHandlers({ host: 'harness', version: '9.8.7', resourcesDir }),
    rendererDir,
    bridgeFile,
    port: 0,
  });
  origin = new URL(harness.url).origin;
});

afterAll(async () => {
  await harness?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startHarness: binding', () => {
  it('listens on loopback and puts the token in the URL fragment only', () => {
    const url = new URL(harness.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.hash).toBe(`#token=${harness.token}`);
    expect(harness.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('refuses to listen on a non-loopback address unless allowRemote is set', async () => {
    const opts = { handlers: createHandlers({ host: 'harness', version: '0', resourcesDir }), rendererDir: dir, bridgeFile: join(dir, 'bridge.js') };
    await expect(startHarness({ ...opts, host: '0.0.0.0' })).rejects.toThrow(/refusing to listen on 0\.0\.0\.0/);
    await expect(startHarness({ ...opts, host: '192.168.1.5' })).rejects.toThrow(/loopback only/);
  });

  it('knows which hosts are loopback', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '127.0.0.1.evil.com', 'localhost.evil.com']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('startHarness: the API', () => {
  it('refuses calls without the token, or with a wrong one', async () => {
    const body = JSON.stringify({ method: 'app.info', input: {} });
    for (const token of [undefined, '', 'x'.repeat(48), `${harness.token}x`]) {
      const res = await callApi(body, token);
      expect(res.status, String(token)).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it('answers a valid call with the engine result', async () => {
    const res = await callApi(JSON.stringify({ method: 'app.info', input: {} }), harness.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, value: { version: '9.8.7', host: 'harness', engines: { soap: ['offline-rules', 'groq'], speech: ['reverie', 'groq-whisper', 'whisper-local'] } } });
  });

  it('serves the shipped sample consultations', async () => {
    const res = await callApi(JSON.stringify({ method: 'samples.list', input: {} }), harness.token);
    const r = (await res.json()) as { ok: boolean; value: { language: string }[] };
    expect(r.ok).toBe(true);
    expect(r.value.map((s) => s.language).sort()).toEqual(expect.arrayContaining(['en', 'ta', 'te']));
  });

  it('answers malformed JSON with 400', async () => {
    const res = await callApi('{"method": "app.info",', harness.token);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad-request');
  });

  it('refuses invalid input through the contract', async () => {
    const res = await callApi(JSON.stringify({ method: 'note.generate', input: { transcript: 'x', language: 'hi' } }), harness.token);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ok: boolean; error: { code: string } }).error.code).toBe('invalid-input');
    const nul = await callApi('null', harness.token);
    expect(((await nul.json()) as { error: { code: string } }).error.code).toBe('unknown-method');
  });

  it('accepts POST only', async () => {
    expect((await raw('/__medscribe/call', { headers: { authorization: `Bearer ${harness.token}` } })).status).toBe(405);
  });

  it('refuses requests whose Host header is not its own (DNS rebinding)', async () => {
    const port = new URL(origin).port;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`]) {
      const res = await raw('/', { headers: { host } });
      expect(res.status, host).toBe(421);
      expect(res.body).not.toContain('app-shell');
    }
    const api = await raw('/__medscribe/call', {
      method: 'POST',
      headers: { host: 'evil.example', authorization: `Bearer ${harness.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'app.info', input: {} }),
    });
    expect(api.status).toBe(421);
    expect((await raw('/', { headers: { host: `localhost:${port}` } })).status).toBe(200);
  });
});

describe('startHarness: static files', () => {
  it('injects the bridge script into index.html before anything else in <head>', async () => {
    for (const path of ['/', '/index.html']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const html = await res.text();
      expect(html).toMatch(/<head>\s*<script src="\/__medscribe\/bridge\.js"><\/script>/);
      expect(html).toContain('app-shell');
    }
  });

  it('serves the bridge and the assets with their types', async () => {
    const bridge = await fetch(`${origin}/__medscribe/bridge.js`);
    expect(await bridge.text()).toContain('harness-bridge');
    const asset = await fetch(`${origin}/assets/app.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(await asset.text()).toContain('console.log');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/../package.json', '//etc/passwd']) {
      const res = await raw(path);
      expect([403, 404], path).toContain(res.status);
      expect(res.body, path).not.toContain('TOP-SECRET');
    }
  });

  it('answers 404 for missing files and survives a malformed path', async () => {
    expect((await raw('/nope.js')).status).toBe(404);
    expect((await raw('/assets')).status).toBe(404);
    expect((await raw('/%E0%A4%A')).status).toBeGreaterThanOrEqual(400);
    expect((await raw('/')).status).toBe(200);
  });
});

describe('startHarness: events', () => {
  it('needs the token', async () => {
    expect((await raw('/__medscribe/events')).status).toBe(401);
    expect((await raw('/__medscribe/events?token=wrong')).status).toBe(401);
  });

  it('streams emitted events to a subscriber', async () => {
    const controller = new AbortController();
    const res = await fetch(`${origin}/__medscribe/events?token=${harness.token}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    if (!res.body) throw new Error('no event stream body');
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before ${pattern}; got ${JSON.stringify(text)}`);
        text += decoder.decode(value, { stream: true });
      }
      return pattern.exec(text);
    };
    await readUntil(/^: connected\n\n/);
    harness.emit('job.progress', { jobId: 'job-1', stage: 'generating', fraction: 0.5 });
    const match = await readUntil(/event: job\.progress\ndata: (.*)\n\n/);
    expect(JSON.parse(match?.[1] ?? 'null')).toEqual({ jobId: 'job-1', stage: 'generating', fraction: 0.5 });
    controller.abort();
  });
});
