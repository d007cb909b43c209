import { describe, expect, it, vi } from 'vitest';
import type { CallResult } from '../shared/contract';
import { ClinicalNote } from '../shared/schemas/note';
import { dispatch, type Handlers, UserError } from './dispatch';

const SECRET = 'Patient Lakshmi, phone 98400 12345';

/** The smallest valid note; parsing fills in the defaults, so new defaulted fields need no change here. */
function emptyNote(language: ClinicalNote['language']): ClinicalNote {
  return ClinicalNote.parse({
    schemaVersion: 1,
    language,
    createdAt: '2025-01-01T00:00:00.000Z',
    soap: { subjective: {}, objective: { vitals: {} }, assessment: {}, plan: {} },
    noMedicalContent: true,
    engines: { entities: 'offline-rules', soap: 'offline-rules' },
  });
}

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app.info': () => ({ version: '1.2.3', host: 'cli', engines: { soap: ['offline-rules'], speech: [] } }),
    'samples.list': () => [],
    'note.generate': (input) => emptyNote(input.language),
    ...overrides,
  };
}

function errorOf(r: CallResult<unknown>) {
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
  return r.error;
}

describe('dispatch', () => {
  it('runs the handler with the parsed input and returns its checked output', async () => {
    const generate = vi.fn((input: { transcript: string; language: 'ta' | 'te' | 'en'; engine: string }) => emptyNote(input.language));
    const r = await dispatch(handlers({ 'note.generate': generate }), 'note.generate', { transcript: 'jwaram', language: 'te' });
    expect(generate).toHaveBeenCalledExactlyOnceWith({ transcript: 'jwaram', language: 'te', engine: 'offline' });
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.value as ClinicalNote).language).toBe('te');
  });

  it('awaits asynchronous handlers', async () => {
    const r = await dispatch(handlers({ 'samples.list': async () => [{ id: 's', title: 'S', language: 'en', transcript: 't' }] }), 'samples.list', {});
    expect(r).toEqual({ ok: true, value: [{ id: 's', title: 'S', language: 'en', transcript: 't' }] });
  });

  it('refuses invalid input before any handler runs', async () => {
    const generate = vi.fn(() => emptyNote('en'));
    const r = await dispatch(handlers({ 'note.generate': generate }), 'note.generate', { transcript: 'x', language: 'hi' });
    expect(errorOf(r).code).toBe('invalid-input');
    expect(generate).not.toHaveBeenCalled();
    expect(errorOf(await dispatch(handlers(), 'shell.exec', {})).code).toBe('unknown-method');
  });

  it("shows a UserError's own code and message", async () => {
    const r = await dispatch(
      handlers({
        'note.generate': () => {
          throw new UserError('no-lexicon', 'The Tamil word list is missing. Reinstall MedScribe.');
        },
      }),
      'note.generate',
      { transcript: 'x', language: 'ta' },
    );
    expect(r).toEqual({ ok: false, error: { code: 'no-lexicon', message: 'The Tamil word list is missing. Reinstall MedScribe.' } });
  });

  it('turns any other error into a generic "internal" failure that holds no payload text', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const r = await dispatch(
      handlers({
        'note.generate': (input) => {
          throw new TypeError(`cannot read ${input.transcript}`);
        },
      }),
      'note.generate',
      { transcript: SECRET, language: 'en' },
    );
    const error = errorOf(r);
    expect(error.code).toBe('internal');
    expect(error.message).toMatch(/went wrong/);
    expect(JSON.stringify(r)).not.toContain('Lakshmi');
    expect(JSON.stringify(r)).not.toContain('98400');
    expect(log).toHaveBeenCalledOnce();
  });

  it('handles a rejected promise and a thrown non-Error the same way', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const rejected = await dispatch(handlers({ 'samples.list': () => Promise.reject(new Error(SECRET)) }), 'samples.list', {});
    expect(errorOf(rejected).code).toBe('internal');
    expect(JSON.stringify(rejected)).not.toContain('Lakshmi');
    const thrown = await dispatch(
      handlers({
        'app.info': () => {
          throw SECRET;
        },
      }),
      'app.info',
      {},
    );
    expect(errorOf(thrown).code).toBe('internal');
    expect(JSON.stringify(thrown)).not.toContain('Lakshmi');
  });

  it('refuses output that does not match the contract', async () => {
    const bad = handlers({ 'app.info': () => ({ version: 1, host: 'mainframe' }) as never });
    const r = await dispatch(bad, 'app.info', {});
    const error = errorOf(r);
    expect(error.code).toBe('invalid-output');
    expect(error.issues?.length).toBeGreaterThan(0);

    const badNote = handlers({ 'note.generate': () => ({ ...emptyNote('en'), schemaVersion: 2 }) as never });
    expect(errorOf(await dispatch(badNote, 'note.generate', { transcript: 'x', language: 'en' })).code).toBe('invalid-output');
  });
});
