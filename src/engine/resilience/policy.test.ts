import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';
import { ManualClock } from './clock';
import { CloudError, parseRetryAfter } from './errors';
import { fallbackFlags, fallbackSentence, withFallback } from './fallback';
import { createLogger, redactUrl } from './log';
import { ResiliencePolicy } from './policy';

function setup(retry = {}) {
  const clock = new ManualClock();
  const lines: string[] = [];
  const policy = new ResiliencePolicy({ clock, random: () => 0.5, logger: createLogger((_l, line) => lines.push(line)), retry });
  return { clock, policy, lines };
}

const failing = (errors: CloudError[], value = 'ok') => {
  let calls = 0;
  const fn = async () => {
    const e = errors[calls++];
    if (e) throw e;
    return value;
  };
  return { fn, calls: () => calls };
};

describe('retries', () => {
  it('backs off exponentially with equal jitter, capped', () => {
    const { policy } = setup();
    expect([1, 2, 3, 4, 5, 6].map((n) => policy.backoffMs(n))).toEqual([375, 750, 1500, 3000, 6000, 6000]);
    const low = new ResiliencePolicy({ random: () => 0 });
    const high = new ResiliencePolicy({ random: () => 1 });
    expect([low.backoffMs(1), high.backoffMs(1)]).toEqual([250, 500]);
  });

  it('retries a 5xx and succeeds, waiting the backoff on the injected clock', async () => {
    const { policy, clock } = setup();
    const f = failing([new CloudError('groq', 'server', 'x', { status: 502 })]);
    await expect(policy.call('groq', 'soap', f.fn)).resolves.toBe('ok');
    expect(f.calls()).toBe(2);
    expect(clock.sleeps).toEqual([375]);
  });

  it('waits exactly what retry-after-ms or retry-after asks', async () => {
    const { policy, clock } = setup();
    const f = failing([new CloudError('groq', 'rate-limited', 'x', { status: 429, retryAfterMs: 2_000 }), new CloudError('groq', 'rate-limited', 'x', { status: 429, retryAfterMs: 1_250 })]);
    await policy.call('groq', 'soap', f.fn);
    expect(clock.sleeps).toEqual([2_000, 1_250]);
    expect(parseRetryAfter((h) => ({ 'retry-after': '7' })[h])).toBe(7_000);
    expect(parseRetryAfter((h) => ({ 'retry-after': '7', 'retry-after-ms': '1500' })[h])).toBe(1_500);
    expect(parseRetryAfter((h) => ({ 'retry-after': new Date(1_000_000 + 4_000).toUTCString() })[h], 1_000_000)).toBe(4_000);
    expect(parseRetryAfter(() => null)).toBeUndefined();
  });

  it('does not wait when the server asks for longer than the policy allows: the next engine is faster', async () => {
    const { policy, clock } = setup({ maxRetryAfterMs: 10_000 });
    const f = failing([new CloudError('huggingface', 'server', 'x', { status: 503, retryAfterMs: 20_000 })]);
    await expect(policy.call('huggingface', 'ner', f.fn)).rejects.toMatchObject({ kind: 'server', status: 503 });
    expect(f.calls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('never retries what a retry cannot fix (bad key, bad request)', async () => {
    const { policy } = setup();
    for (const kind of ['auth', 'bad-request'] as const) {
      const f = failing([new CloudError('groq', kind, 'x', { status: 401 })]);
      await expect(policy.call('groq', 'soap', f.fn)).rejects.toMatchObject({ kind });
      expect(f.calls()).toBe(1);
    }
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { policy } = setup({ maxAttempts: 3 });
    const errs = [1, 2, 3, 4].map(() => new CloudError('reverie', 'network', 'x'));
    const f = failing(errs);
    await expect(policy.call('reverie', 'file', f.fn)).rejects.toMatchObject({ kind: 'network' });
    expect(f.calls()).toBe(3);
  });

  it('aborts a try that takes longer than timeoutMs, even when the client ignores its signal', async () => {
    const { policy } = setup({ timeoutMs: 50, maxAttempts: 2 });
    let calls = 0;
    const started = Date.now();
    const never = () => {
      calls++;
      return new Promise<string>(() => undefined);
    };
    await expect(policy.call('groq', 'soap', never)).rejects.toMatchObject({ kind: 'timeout' });
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a cancelled call as aborted and does not retry it', async () => {
    const { policy } = setup();
    const ctl = new AbortController();
    let calls = 0;
    const p = policy.call('groq', 'soap', (signal) => {
      calls++;
      return new Promise<string>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    }, { signal: ctl.signal });
    ctl.abort();
    await expect(p).rejects.toMatchObject({ kind: 'aborted' });
    expect(calls).toBe(1);
    expect(policy.breaker('groq').state()).toBe('closed');
  });
});

describe('circuit breaker', () => {
  it('opens above 50 % failures, refuses for 60 s, lets one probe through, closes on success', async () => {
    const clock = new ManualClock();
    const b = new CircuitBreaker(clock);
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    expect(b.state()).toBe('closed'); // 2 of 3 failed, but fewer than 4 calls
    b.onSuccess();
    expect(b.state()).toBe('closed'); // 2 of 4 = 50 %: not above
    b.onFailure();
    expect(b.state()).toBe('open'); // 3 of 5
    expect(b.tryAcquire()).toBe(false);
    clock.advance(59_999);
    expect(b.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(b.state()).toBe('half-open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false); // only one probe
    b.onSuccess();
    expect(b.state()).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
  });

  it('re-opens for another 60 s when the probe fails', () => {
    const clock = new ManualClock();
    const b = new CircuitBreaker(clock);
    for (let i = 0; i < 4; i++) b.onFailure();
    clock.advance(60_000);
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.state()).toBe('open');
    clock.advance(30_000);
    expect(b.tryAcquire()).toBe(false);
    clock.advance(30_000);
    expect(b.state()).toBe('half-open');
  });

  it('forgets failures older than the 60 s window', () => {
    const clock = new ManualClock();
    const b = new CircuitBreaker(clock);
    for (let i = 0; i < 3; i++) b.onFailure();
    clock.advance(61_000);
    b.onFailure();
    b.onSuccess();
    b.onSuccess();
    b.onSuccess();
    expect(b.state()).toBe('closed');
  });

  it('fails fast through the policy once open, without calling the service', async () => {
    const { policy, lines } = setup({ maxAttempts: 1 });
    let calls = 0;
    const bad = async () => {
      calls++;
      throw new CloudError('groq', 'server', 'x', { status: 500 });
    };
    for (let i = 0; i < 4; i++) await expect(policy.call('groq', 'soap', bad)).rejects.toMatchObject({ kind: 'server' });
    await expect(policy.call('groq', 'soap', bad)).rejects.toMatchObject({ kind: 'circuit-open' });
    expect(calls).toBe(4);
    expect(lines.some((l) => l.includes('circuit open'))).toBe(true);
  });
});

describe('fallback', () => {
  it('uses the next engine and says why in one sentence', async () => {
    const { policy, lines } = setup();
    const result = await withFallback(
      'soap',
      [
        { engine: 'groq', run: () => policy.call('groq', 'soap', async () => Promise.reject(new CloudError('groq', 'network', 'x')), { maxAttempts: 1 }) },
        { engine: 'offline-rules', run: async () => 'offline note' },
      ],
      policy.logger,
    );
    expect(result).toMatchObject({ value: 'offline note', engine: 'offline-rules', skipped: [{ engine: 'groq', kind: 'network' }] });
    expect(fallbackFlags('soap', result)).toEqual([
      { severity: 'info', code: 'engine-fallback', message: 'Groq was unreachable; the note was written by the offline engine.', evidence: [] },
    ]);
    expect(fallbackSentence('speech', { engine: 'reverie', kind: 'circuit-open' }, 'groq-whisper')).toBe(
      'Reverie is paused after repeated failures; the transcript was made by Groq Whisper.',
    );
    expect(lines.join('\n')).toContain('falling back to offline-rules');
  });

  it('throws the last engine’s failure when every engine failed', async () => {
    const { policy } = setup();
    await expect(
      withFallback('entities', [{ engine: 'huggingface', run: async () => Promise.reject(new CloudError('huggingface', 'timeout', 'x')) }, { engine: 'offline-rules', run: async () => Promise.reject(new Error('disk')) }], policy.logger),
    ).rejects.toThrow('disk');
  });
});

describe('logger', () => {
  it('masks secrets and strips query strings from URLs', () => {
    const lines: string[] = [];
    const log = createLogger((_l, line) => lines.push(line), ['sk-secret-123']);
    log.warn('failed wss://revapi.reverieinc.com/stream?apikey=abc&appid=def with key sk-secret-123');
    expect(lines[0]).toBe('failed wss://revapi.reverieinc.com/stream?apikey=REDACTED&appid=REDACTED with key [REDACTED]');
    expect(redactUrl('https://u:p@x.test/a?token=t')).toBe('https://x.test/a?token=REDACTED');
  });
});
