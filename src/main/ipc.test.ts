import { describe, expect, it, vi } from 'vitest';
import type { CallResult } from '../shared/contract';
import { type Forward, handleRendererCall } from './ipc';
import { isAppUrl } from './security';

const APP = 'http://localhost:5173';
const trusted = (url: string) => isAppUrl(url, APP);
const fromApp = `${APP}/index.html`;

function spyForward() {
  return vi.fn<Forward>(async (method) => ({ ok: true, value: { forwarded: method } }));
}

function errorOf(r: CallResult<unknown>) {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r)}`);
  return r.error;
}

describe('handleRendererCall', () => {
  it('refuses calls from a sender that is not the app window, without forwarding', async () => {
    const forward = spyForward();
    for (const sender of [undefined, '', 'https://evil.example/', 'http://localhost:5173.evil.com/', 'file:///tmp/x.html']) {
      const r = await handleRendererCall(sender, trusted, { method: 'app.info', input: {} }, forward);
      expect(errorOf(r).code, String(sender)).toBe('forbidden');
    }
    expect(forward).not.toHaveBeenCalled();
  });

  const malformed: [string, unknown, 'invalid-input' | 'unknown-method'][] = [
    ['an unknown method', { method: 'fs.readFile', input: { path: '/etc/passwd' } }, 'unknown-method'],
    ['a method that is not a string', { method: 42, input: {} }, 'unknown-method'],
    ['a note request without a transcript', { method: 'note.generate', input: { language: 'ta' } }, 'invalid-input'],
    ['a note request without a language', { method: 'note.generate', input: { transcript: 'fever' } }, 'invalid-input'],
    ['an unsupported language', { method: 'note.generate', input: { transcript: 'fever', language: 'hi' } }, 'invalid-input'],
    ['an unknown engine', { method: 'note.generate', input: { transcript: 'fever', language: 'ta', engine: 'gpt' } }, 'invalid-input'],
    ['extra keys on a strict schema', { method: 'note.generate', input: { transcript: 'x', language: 'en', path: '/etc' } }, 'invalid-input'],
    ['extra keys on app.info', { method: 'app.info', input: { debug: true } }, 'invalid-input'],
    ['a transcript over 200,000 characters', { method: 'note.generate', input: { transcript: 'a'.repeat(200_001), language: 'en' } }, 'invalid-input'],
    ['a transcript that is not a string', { method: 'note.generate', input: { transcript: ['a'], language: 'en' } }, 'invalid-input'],
    ['an input that is not an object', { method: 'app.info', input: 'hello' }, 'invalid-input'],
    ['a string payload', 'app.info', 'unknown-method'],
    ['a number payload', 7, 'unknown-method'],
    ['a null payload', null, 'unknown-method'],
    ['an undefined payload', undefined, 'unknown-method'],
    ['an array payload', ['app.info', {}], 'unknown-method'],
  ];

  it.each(malformed)('refuses %s and never forwards it', async (_what, payload, code) => {
    const forward = spyForward();
    const r = await handleRendererCall(fromApp, trusted, payload, forward);
    const error = errorOf(r);
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(10);
    expect(forward).not.toHaveBeenCalled();
  });

  it('names the problem field in the refusal', async () => {
    const r = await handleRendererCall(fromApp, trusted, { method: 'note.generate', input: { transcript: 'x', language: 'hi' } }, spyForward());
    const error = errorOf(r);
    expect(error.message).toContain('note.generate');
    expect(error.issues?.some((i) => i.startsWith('language'))).toBe(true);
  });

  it('accepts a transcript of exactly 200,000 characters', async () => {
    const forward = spyForward();
    const r = await handleRendererCall(fromApp, trusted, { method: 'note.generate', input: { transcript: 'a'.repeat(200_000), language: 'en' } }, forward);
    expect(r.ok).toBe(true);
    expect(forward).toHaveBeenCalledOnce();
  });

  it('forwards a valid call with the parsed input (defaults filled in) and returns its result', async () => {
    const forward = spyForward();
    const r = await handleRendererCall(fromApp, trusted, { method: 'note.generate', input: { transcript: 'fever for 3 days', language: 'ta' } }, forward);
    expect(forward).toHaveBeenCalledExactlyOnceWith('note.generate', { transcript: 'fever for 3 days', language: 'ta', engine: 'offline' });
    expect(r).toEqual({ ok: true, value: { forwarded: 'note.generate' } });
  });

  it('treats a missing input as an empty object for methods without fields', async () => {
    const forward = spyForward();
    const r = await handleRendererCall(fromApp, trusted, { method: 'samples.list' }, forward);
    expect(r.ok).toBe(true);
    expect(forward).toHaveBeenCalledExactlyOnceWith('samples.list', {});
  });

  it('passes on a refusal from the engine as it is', async () => {
    const engineError: CallResult<unknown> = { ok: false, error: { code: 'timeout', message: 'slow' } };
    const r = await handleRendererCall(fromApp, trusted, { method: 'app.info', input: {} }, async () => engineError);
    expect(r).toBe(engineError);
  });
});
