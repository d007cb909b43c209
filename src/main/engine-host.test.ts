import { EventEmitter } from 'node:events';
import type { UtilityProcess } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineClient } from './engine-host';

/** Stands in for Electron's UtilityProcess: an EventEmitter that records what it was sent. */
class FakeChild extends EventEmitter {
  readonly sent: { id: number; method: string; input: unknown }[] = [];
  postMessage(message: { id: number; method: string; input: unknown }): void {
    this.sent.push(message);
  }
  reply(id: number, value: unknown): void {
    this.emit('message', { id, result: { ok: true, value } });
  }
}

function setup(timeoutMs?: number) {
  const child = new FakeChild();
  const client = new EngineClient(child as unknown as UtilityProcess, timeoutMs);
  return { child, client };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('EngineClient', () => {
  it('posts each call with its own id', async () => {
    const { child, client } = setup();
    void client.call('app.info', {});
    void client.call('samples.list', { a: 1 });
    expect(child.sent).toEqual([
      { id: 1, method: 'app.info', input: {} },
      { id: 2, method: 'samples.list', input: { a: 1 } },
    ]);
  });

  it('matches replies to calls by id, whatever order they come back in', async () => {
    const { child, client } = setup();
    const first = client.call('app.info', {});
    const second = client.call('samples.list', {});
    child.reply(2, 'second');
    child.reply(1, 'first');
    await expect(first).resolves.toEqual({ ok: true, value: 'first' });
    await expect(second).resolves.toEqual({ ok: true, value: 'second' });
  });

  it('ignores messages that are not replies to a pending call', async () => {
    const { child, client } = setup();
    const pending = client.call('app.info', {});
    child.emit('message', { ready: true });
    child.emit('message', { id: 99, result: { ok: true, value: 'stray' } });
    child.emit('message', { id: '1', result: { ok: true, value: 'string id' } });
    child.emit('message', { id: 1 });
    child.emit('message', null);
    child.reply(1, 'real');
    await expect(pending).resolves.toEqual({ ok: true, value: 'real' });
    // A duplicate reply after the call has settled changes nothing.
    expect(() => child.reply(1, 'again')).not.toThrow();
  });

  it('answers with a timeout result when the engine does not reply in time', async () => {
    vi.useFakeTimers();
    const { child, client } = setup(5_000);
    const pending = client.call('note.generate', { transcript: 'x' });
    vi.advanceTimersByTime(4_999);
    const early = await Promise.race([pending, Promise.resolve('still waiting')]);
    expect(early).toBe('still waiting');
    vi.advanceTimersByTime(1);
    const r = await pending;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('timeout');
    // A late reply is dropped rather than resolving anything twice.
    child.reply(1, 'late');
    await expect(pending).resolves.toEqual(r);
  });

  it('fails every call in flight when the engine exits', async () => {
    const { child, client } = setup();
    const a = client.call('app.info', {});
    const b = client.call('note.generate', {});
    child.emit('exit', 1);
    for (const r of await Promise.all([a, b])) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('engine-exited');
        expect(r.error.message).toMatch(/engine stopped/i);
      }
    }
  });

  it('drain() resolves once the calls in flight are answered', async () => {
    const { child, client } = setup();
    const pending = client.call('app.info', {});
    let drained = false;
    const drain = client.drain().then(() => {
      drained = true;
    });
    await new Promise((r) => setTimeout(r, 80));
    expect(drained).toBe(false);
    child.reply(1, 'done');
    await pending;
    await drain;
    expect(drained).toBe(true);
  });
});
