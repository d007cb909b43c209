import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from '../testing/model-server';
import { downloadFile, DownloadError, type DownloadProgress } from './download';

const SIZE = 3 * 1024 * 1024 + 17;
const body = randomBytes(SIZE);
const sha256 = createHash('sha256').update(body).digest('hex');
let server: ModelServer;
let dir: string;
let n = 0;

beforeAll(async () => {
  server = await startModelServer();
  server.files.set('model.bin', body);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  dir ??= mkdtempSync(join(tmpdir(), 'medscribe-dl-'));
  server.requests.length = 0;
  server.cutAfter = undefined;
  server.ignoreRange = false;
  server.chunked = false;
  server.delayMs = 0;
});

const dest = () => join(dir, `model-${++n}.bin`);
const url = () => `${server.url}/model.bin`;

async function failure(p: Promise<unknown>): Promise<DownloadError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DownloadError);
  return err as DownloadError;
}

describe('model download', () => {
  it('downloads into .part, verifies sha256 and renames; progress is rate-limited', async () => {
    const d = dest();
    const fast: DownloadProgress[] = [];
    const res = await downloadFile({ url: url(), dest: d, sha256, expectedBytes: SIZE, onProgress: (p) => fast.push(p), progressIntervalMs: 0 });
    expect(res).toMatchObject({ bytes: SIZE, sha256, resumedFrom: 0 });
    expect(readFileSync(d).equals(body)).toBe(true);
    expect(existsSync(`${d}.part`)).toBe(false);
    expect(fast.length).toBeGreaterThan(3);
    expect(fast.at(-1)).toMatchObject({ receivedBytes: SIZE, totalBytes: SIZE, fraction: 1 });
    const slow: DownloadProgress[] = [];
    await downloadFile({ url: url(), dest: dest(), sha256, onProgress: (p) => slow.push(p), progressIntervalMs: 60_000 });
    expect(slow).toHaveLength(1); // only the final report
  });

  it('resumes with an HTTP Range request after the connection is cut', async () => {
    server.cutAfter = { bytes: 1_000_000, times: 2 };
    const d = dest();
    const res = await downloadFile({ url: url(), dest: d, sha256, expectedBytes: SIZE });
    expect(res.sha256).toBe(sha256);
    // Each retry asks for the rest, from what arrived (bytes still queued in the stream when the
    // connection dropped are lost and asked for again).
    const ranges = server.requests.map((r) => Number(/bytes=(\d+)-/.exec(r.range ?? '')?.[1] ?? 0));
    expect(ranges).toHaveLength(3);
    expect(ranges[0]).toBe(0);
    expect(ranges[1]).toBeGreaterThan(500_000);
    expect(ranges[1]).toBeLessThanOrEqual(1_000_000);
    expect(ranges[2]).toBeGreaterThan(ranges[1]! + 500_000);
    expect(readFileSync(d).equals(body)).toBe(true);
  });

  it('gives up after its retries, keeping the part; the next run resumes it', async () => {
    server.cutAfter = { bytes: 500_000, times: 2 };
    const d = dest();
    const err = await failure(downloadFile({ url: url(), dest: d, sha256, retries: 1 }));
    expect(err.code).toBe('network');
    const kept = statSync(`${d}.part`).size;
    expect(kept).toBeGreaterThan(500_000);
    expect(kept).toBeLessThanOrEqual(1_000_000);
    const res = await downloadFile({ url: url(), dest: d, sha256 });
    expect(res.resumedFrom).toBe(kept);
    expect(server.requests.at(-1)?.range).toBe(`bytes=${kept}-`);
    expect(readFileSync(d).equals(body)).toBe(true);
  });

  it('cancel keeps the part for later', async () => {
    server.delayMs = 5;
    const d = dest();
    const ac = new AbortController();
    const err = await failure(downloadFile({ url: url(), dest: d, sha256, signal: ac.signal, progressIntervalMs: 0, onProgress: (p) => p.receivedBytes > 300_000 && ac.abort() }));
    expect(err.code).toBe('cancelled');
    expect(err.name).toBe('AbortError');
    expect(err.message).toMatch(/run it again to resume/);
    const kept = statSync(`${d}.part`).size;
    expect(kept).toBeGreaterThan(300_000);
    expect(existsSync(d)).toBe(false);
    server.delayMs = 0;
    expect((await downloadFile({ url: url(), dest: d, sha256 })).resumedFrom).toBe(kept);
  });

  it('a wrong checksum deletes the damaged file', async () => {
    const d = dest();
    const err = await failure(downloadFile({ url: url(), dest: d, sha256: 'ab'.repeat(32) }));
    expect(err.code).toBe('checksum');
    expect(err.message).toMatch(/failed its checksum/);
    expect(existsSync(d)).toBe(false);
    expect(existsSync(`${d}.part`)).toBe(false);
  });

  it('a full disk: refused before downloading when the size is known', async () => {
    const err = await failure(downloadFile({ url: url(), dest: dest(), sha256, expectedBytes: SIZE, freeBytesOverride: 1_000_000 }));
    expect(err.code).toBe('disk-full');
    expect(err.message).toMatch(/Not enough disk space/);
    expect(server.requests).toHaveLength(0);
  });

  it('a full disk: stops while writing when the size is not announced, keeping what fit', async () => {
    server.chunked = true;
    const d = dest();
    const err = await failure(downloadFile({ url: url(), dest: d, sha256, freeBytesOverride: 1_500_000 }));
    expect(err.code).toBe('disk-full');
    expect(statSync(`${d}.part`).size).toBeLessThanOrEqual(1_500_000);
  });

  it('starts again when the server ignores Range', async () => {
    const d = dest();
    writeFileSync(`${d}.part`, body.subarray(0, 1234));
    server.ignoreRange = true;
    const res = await downloadFile({ url: url(), dest: d, sha256 });
    expect(res.sha256).toBe(sha256);
    expect(readFileSync(d).equals(body)).toBe(true);
  });

  it('a part that is already complete is verified without downloading again', async () => {
    const d = dest();
    writeFileSync(`${d}.part`, body);
    const res = await downloadFile({ url: url(), dest: d, sha256 });
    expect(res).toMatchObject({ bytes: SIZE, resumedFrom: SIZE });
    expect(server.requests.map((r) => r.range)).toEqual([`bytes=${SIZE}-`]);
  });

  it('HTTP errors, a size that disagrees with the catalog, an unreachable server', async () => {
    expect((await failure(downloadFile({ url: `${server.url}/missing.bin`, dest: dest() }))).message).toMatch(/answered 404/);
    expect((await failure(downloadFile({ url: url(), dest: dest(), expectedBytes: SIZE + 1 }))).code).toBe('size-mismatch');
    expect((await failure(downloadFile({ url: 'http://127.0.0.1:1/x.bin', dest: dest(), retries: 0 }))).code).toBe('network');
  });
});
