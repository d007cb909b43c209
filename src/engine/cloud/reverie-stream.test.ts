import { afterEach, describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../config/cloud-config';
import { MemoryLedger } from '../cost/ledger';
import { ManualClock } from '../resilience/clock';
import { ReverieLiveSession, reverieStreamUrl } from './reverie-stream';
import { createCloudServices } from './services';
import { speechLike } from './testing/audio';
import { type ReverieStub, startReverieStub } from './testing/reverie-stub';
import { pcmBytes } from './wav';

const KEY = 'stream-key-abcdef123';
const APP = 'stream-app-7';
let stub: ReverieStub;
afterEach(async () => stub?.close());

async function setup(opts: { key?: string; maxConnectionMs?: number; maxAttempts?: number } = {}) {
  stub = await startReverieStub({ apiKey: KEY, appId: APP, hear: (audio, i) => [`spoken ${i}`, `heard ${audio.length} bytes`] });
  const config = loadCloudConfig({ REVERIE_API_KEY: opts.key ?? KEY, REVERIE_APP_ID: APP, MEDSCRIBE_REVERIE_URL: stub.url }, { home: '/nonexistent' });
  const clock = new ManualClock();
  const lines: string[] = [];
  const ledger = new MemoryLedger();
  const services = createCloudServices(config, { clock, random: () => 0.5, ledger, sink: (_l, line) => lines.push(line) });
  const partials: string[] = [];
  const session = new ReverieLiveSession(services, {
    language: 'ta',
    maxConnectionMs: opts.maxConnectionMs,
    maxAttempts: opts.maxAttempts,
    onPartial: (t) => partials.push(t),
  });
  return { session, clock, lines, partials, ledger };
}

/** Writes audio as a recorder would: 100 ms at a time, yielding between chunks. */
async function record(session: ReverieLiveSession, audio: Uint8Array) {
  for (let at = 0; at < audio.length; at += 3_200) {
    session.write(audio.subarray(at, at + 3_200));
    await new Promise((r) => setImmediate(r));
  }
}

const completedAudio = (s: ReverieStub) => Buffer.concat(s.connections.filter((c) => c.completed).flatMap((c) => c.bytes));

describe('Reverie streaming', () => {
  it('waits for "ready", streams binary PCM, ends with --EOF-- and keeps the final result', async () => {
    const { session, partials, ledger } = await setup();
    const audio = pcmBytes(speechLike(2));
    session.start();
    await record(session, audio);
    const t = await session.finish();
    expect(stub.connections).toHaveLength(1);
    const q = stub.connections[0]!.query;
    expect(Object.fromEntries(q)).toMatchObject({ apikey: KEY, appid: APP, appname: 'stt_stream', src_lang: 'ta', domain: 'generic', logging: 'false', timeout: '180', continuous: '1' });
    expect(stub.connections[0]!.eof).toBe(true);
    expect(Math.max(...stub.connections[0]!.bytes.map((b) => b.length))).toBeLessThanOrEqual(4_096);
    expect(completedAudio(stub).equals(Buffer.from(audio))).toBe(true);
    expect(t.segments).toEqual([{ startMs: 0, endMs: 2_000, text: 'heard 64000 bytes', confidence: 0.9, language: 'ta', engine: 'reverie' }]);
    expect(partials.length).toBeGreaterThan(0);
    expect(ledger.all).toMatchObject([{ engine: 'reverie', units: { minutes: 1 }, inr: 0.5 }]);
  });

  it('opens a new connection before the 180 s limit and continues (here: every 1 s of audio)', async () => {
    const { session } = await setup({ maxConnectionMs: 1_000 });
    const audio = pcmBytes(speechLike(3.5));
    session.start();
    await record(session, audio);
    const t = await session.finish();
    expect(stub.connections.map((c) => c.completed)).toEqual([true, true, true, true]);
    expect(t.segments.map((s) => [s.startMs, s.endMs])).toEqual([
      [0, 1_000],
      [1_000, 2_000],
      [2_000, 3_000],
      [3_000, 3_500],
    ]);
    expect(completedAudio(stub).equals(Buffer.from(audio))).toBe(true);
  });

  it('reconnects after a dropped socket and sends the unconfirmed audio again: nothing is lost', async () => {
    const { session, clock } = await setup();
    stub.stream.push({ dropAfterBytes: 20_000 });
    const audio = pcmBytes(speechLike(3));
    session.start();
    await record(session, audio);
    const t = await session.finish();
    expect(stub.connections.map((c) => [c.dropped, c.completed])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(completedAudio(stub).equals(Buffer.from(audio))).toBe(true);
    expect(t.segments).toHaveLength(1);
    expect(t.segments[0]).toMatchObject({ startMs: 0, endMs: 3_000, text: `heard ${audio.length} bytes` });
    expect(clock.sleeps).toEqual([375]);
  });

  it('continues on a new connection when the service ends one (cause "timeout"), resending what it may not have heard', async () => {
    const { session } = await setup();
    stub.stream.push({ serverTimeoutAfterBytes: 30_000 });
    const audio = Buffer.from(pcmBytes(speechLike(2)));
    session.start();
    await record(session, audio);
    const t = await session.finish();
    expect(stub.connections.every((c) => c.completed)).toBe(true);
    expect(stub.connections.length).toBeGreaterThanOrEqual(2);
    // Each connection carried a true slice of the recording, starting where the previous segment ended; no gap.
    let covered = 0;
    stub.connections.forEach((c, i) => {
      const start = t.segments[i]!.startMs * 32;
      const bytes = Buffer.concat(c.bytes);
      expect(start).toBeLessThanOrEqual(covered);
      expect(bytes.equals(audio.subarray(start, start + bytes.length))).toBe(true);
      covered = Math.max(covered, start + bytes.length);
    });
    expect(covered).toBe(audio.length);
    expect(t.segments[0]!.startMs).toBe(0);
    expect(t.segments.at(-1)!.endMs).toBe(2_000);
  });

  it('gives up after bounded attempts when the handshake is refused, and never logs the key', async () => {
    const { session, lines } = await setup({ key: 'bad-key-999999', maxAttempts: 3 });
    session.start();
    session.write(pcmBytes(speechLike(0.5)));
    await expect(session.finish()).rejects.toMatchObject({ engine: 'reverie', kind: 'network' });
    expect(stub.refused).toBe(3);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('bad-key-999999');
    expect(lines.join('\n')).not.toContain(APP);
  });

  it('puts credentials only in the query string of the stream URL', () => {
    const url = new URL(reverieStreamUrl({ apiKey: 'k', appId: 'a', baseUrl: 'https://revapi.reverieinc.com', domain: 'generic' }, 'te'));
    expect(url.protocol).toBe('wss:');
    expect(url.pathname).toBe('/stream');
    expect(url.searchParams.get('apikey')).toBe('k');
    expect(url.searchParams.get('src_lang')).toBe('te');
  });
});
