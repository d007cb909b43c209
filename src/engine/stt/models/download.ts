/**
 * Downloads a large file safely: into `<dest>.part`, resuming with an HTTP Range request
 * (after a cut connection, automatically; after a cancelled or crashed run, on the next
 * call), hashing as it goes, checking free disk space first (fs.statfs) and while writing,
 * verifying sha256, then renaming atomically. Progress is reported at a limited rate.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, stat, statfs, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export type DownloadErrorCode = 'http' | 'network' | 'checksum' | 'size-mismatch' | 'disk-full' | 'cancelled';

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code === 'cancelled' ? 'AbortError' : 'DownloadError';
  }
}

export interface DownloadProgress {
  receivedBytes: number;
  totalBytes?: number;
  /** 0..1 when the total is known. */
  fraction?: number;
  bytesPerSecond: number;
  resumedFrom: number;
}

export interface DownloadOptions {
  url: string;
  dest: string;
  /** Expected sha256 (hex); null/undefined = not checked (the caller must verify otherwise). */
  sha256?: string | null;
  expectedBytes?: number | null;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  progressIntervalMs?: number;
  /** Pretend the disk has this many free bytes (tests of a full disk). */
  freeBytesOverride?: number;
  /** Free space to leave on the disk. */
  reserveBytes?: number;
  /** Automatic resumes after a cut connection. */
  retries?: number;
  fetchImpl?: typeof fetch;
}

export interface DownloadResult {
  bytes: number;
  sha256: string;
  resumedFrom: number;
}

const MB = 1_000_000;
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;

async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
}

async function hashFile(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

export async function downloadFile(o: DownloadOptions): Promise<DownloadResult> {
  const part = `${o.dest}.part`;
  const name = basename(o.dest);
  const doFetch = o.fetchImpl ?? fetch;
  const interval = o.progressIntervalMs ?? 250;
  const reserve = o.reserveBytes ?? 0;
  let retriesLeft = o.retries ?? 3;
  let have = await sizeOf(part);
  const resumedFrom = have;
  let hash = createHash('sha256');
  if (have) await hashFile(part, hash);
  const free = o.freeBytesOverride ?? (await freeBytes(dirname(o.dest))) - reserve;
  let budget = free;
  const fullDisk = (need: number) =>
    new DownloadError('disk-full', `Not enough disk space for ${name}: ${mb(need)} more are needed and ${mb(Math.max(0, budget))} are free. Free some space and try again.`);
  if (o.expectedBytes && o.expectedBytes - have > budget) throw fullDisk(o.expectedBytes - have);

  const started = Date.now();
  let lastReport = started;
  let total: number | undefined = o.expectedBytes ?? undefined;
  const report = (force: boolean) => {
    const now = Date.now();
    if (!o.onProgress || (!force && now - lastReport < interval)) return;
    lastReport = now;
    const secs = Math.max(0.001, (now - started) / 1000);
    o.onProgress({ receivedBytes: have, totalBytes: total, fraction: total ? Math.min(1, have / total) : undefined, bytesPerSecond: (have - resumedFrom) / secs, resumedFrom });
  };
  const cancelled = () => new DownloadError('cancelled', `Download of ${name} cancelled; ${mb(have)} kept, run it again to resume.`);

  for (;;) {
    if (o.signal?.aborted) throw cancelled();
    let res: Response;
    try {
      res = await doFetch(o.url, { signal: o.signal, redirect: 'follow', headers: have ? { Range: `bytes=${have}-` } : {} });
    } catch (err) {
      if (o.signal?.aborted) throw cancelled();
      if (retriesLeft-- > 0) continue;
      throw new DownloadError('network', `Could not reach the model server for ${name} (${(err as Error).message}). Check the connection and try again; the download resumes where it stopped.`);
    }
    if (res.status === 416 && have) {
      // Nothing left to send: the part is already whole (or belongs to another file).
      await res.body?.cancel();
      break;
    }
    if (res.status === 200 && have) {
      // The server ignored the Range request: start again.
      have = 0;
      budget = free;
      hash = createHash('sha256');
    } else if (res.status === 206) {
      const m = /bytes (\d+)-\d+\/(\d+|\*)/.exec(res.headers.get('content-range') ?? '');
      if (!m || Number(m[1]) !== have) {
        await res.body?.cancel();
        throw new DownloadError('http', `The model server sent the wrong part of ${name}; delete ${basename(part)} and try again.`);
      }
      if (m[2] !== '*') total = Number(m[2]);
    } else if (res.status !== 200) {
      await res.body?.cancel();
      throw new DownloadError('http', `The model server answered ${res.status} ${res.statusText} for ${name}.`);
    }
    const length = Number(res.headers.get('content-length') ?? Number.NaN);
    if (res.status === 200 && Number.isFinite(length)) total = length;
    if (o.expectedBytes && total !== undefined && total !== o.expectedBytes) {
      await res.body?.cancel();
      throw new DownloadError('size-mismatch', `The model server offers ${name} with ${total} bytes, but the catalog says ${o.expectedBytes}; not downloading it.`);
    }
    if (Number.isFinite(length) && length > budget) {
      await res.body?.cancel();
      throw fullDisk(length);
    }
    const fh = await open(part, have ? 'r+' : 'w');
    let cut: unknown;
    try {
      cut = await receive(res, {
        onChunk: async (chunk) => {
          if (chunk.byteLength > budget) throw fullDisk(chunk.byteLength);
          await fh.write(chunk, 0, chunk.byteLength, have);
          budget -= chunk.byteLength;
          hash.update(chunk);
          have += chunk.byteLength;
          report(false);
        },
      });
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (!cut && total !== undefined && have < total) cut = new Error('the server closed the connection early');
    if (!cut) break;
    if (o.signal?.aborted) throw cancelled();
    if (retriesLeft-- <= 0) throw new DownloadError('network', `The connection dropped while downloading ${name}; ${mb(have)} kept, run it again to resume.`);
  }
  report(true);
  if (total !== undefined && have !== total) throw new DownloadError('size-mismatch', `${name} arrived with ${have} bytes instead of ${total}.`);
  const sha256 = hash.digest('hex');
  if (o.sha256 && sha256 !== o.sha256.toLowerCase()) {
    await unlink(part).catch(() => undefined);
    throw new DownloadError('checksum', `${name} failed its checksum (sha256 ${sha256.slice(0, 12)}…, expected ${o.sha256.slice(0, 12)}…); the damaged file was deleted. Try again.`);
  }
  await rename(part, o.dest);
  return { bytes: have, sha256, resumedFrom };
}

/** Streams the body into onChunk. Returns the error if the connection was cut, undefined when complete. */
async function receive(res: Response, h: { onChunk: (c: Uint8Array) => Promise<void> }): Promise<unknown> {
  if (!res.body) return undefined;
  const reader = res.body.getReader();
  for (;;) {
    let next: Awaited<ReturnType<typeof reader.read>>;
    try {
      next = await reader.read();
    } catch (err) {
      return err ?? new Error('connection closed');
    }
    if (next.done) return undefined;
    try {
      await h.onChunk(next.value);
    } catch (err) {
      await reader.cancel().catch(() => undefined);
      throw err;
    }
  }
}
