import { beforeAll, describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../config/cloud-config';
import { createCloudServices } from '../cloud/services';
import { MemoryLedger } from '../cost/ledger';
import { writeNote } from './note-pipeline';
import { type CloudWorld, cloudWorlds } from './testing/cloud-setup';
import { fixtureResources } from './testing/lexicon-fixture';
import { med } from './testing/llm-note';

let resourcesDir: string;
const openWorld = cloudWorlds();
beforeAll(() => {
  resourcesDir = fixtureResources();
});

const now = new Date('2026-11-24T10:00:00Z');
const PATIENT = 'Ravi Kumar';
const VISIT = 'Ravi Kumar, phone 98765 43210, has fever for 3 days and chills. No cough. BP 120/80, temperature 100.4 F. Dolo 650 1-0-1 after food for 5 days. Avoid ibuprofen. Review after 5 days.';
const sent = (w: CloudWorld) => [...w.groq.requests, ...w.hf.requests].map((r) => r.body.toString('utf8')).join('\n');
const codes = (flags: { code: string }[]) => flags.map((f) => f.code);

describe('note pipeline', () => {
  it('auto without keys: the offline engine, one quiet info flag, nothing sent, no ledger', async () => {
    const ledger = new MemoryLedger();
    const services = createCloudServices(loadCloudConfig({}, { home: '/nonexistent' }), { ledger });
    const { note, entities } = await writeNote({ transcript: VISIT, language: 'en', engine: 'auto' }, services, { resourcesDir, now });
    expect(note.engines).toEqual({ entities: 'offline-rules', soap: 'offline-rules' });
    expect(note.flags.filter((f) => f.code.startsWith('cloud'))).toEqual([expect.objectContaining({ severity: 'info', code: 'cloud-not-configured' })]);
    expect(note.soap.plan.medications[0]).toMatchObject({ name: 'paracetamol', strength: '650 mg' });
    expect(entities.every((e) => e.source === 'offline-rules')).toBe(true);
    expect(ledger.all).toEqual([]);
  });

  it('auto with keys: Groq writes the note, Hugging Face adds entities, PHI never leaves, costs recorded', async () => {
    const world = await openWorld();
    const { note, entities } = await writeNote({ transcript: VISIT, language: 'en', engine: 'auto', names: [PATIENT], speechEngine: 'reverie' }, world.services, { resourcesDir, now });
    expect(note.engines).toEqual({ speech: 'reverie', entities: 'huggingface', soap: 'groq' });
    expect(note.flags.filter((f) => f.severity === 'danger')).toEqual([]);
    expect(note.soap.plan.medications[0]).toMatchObject({ name: 'paracetamol', strength: '650 mg', frequency: '1-0-1', durationDays: 5 });
    expect(note.soap.plan.medications[0]!.evidence[0]).toEqual({ start: VISIT.indexOf('Dolo 650'), end: VISIT.indexOf('Dolo 650') + 8, text: 'Dolo 650' });
    // The name went out as a placeholder and came back restored, locally.
    expect(note.soap.subjective.history).toBe('Ravi Kumar has fever for 3 days.');
    const out = sent(world);
    expect(out).toContain('[NAME_1]');
    for (const secret of ['Ravi', 'Kumar', '98765', '43210']) expect(out).not.toContain(secret);
    const chills = entities.find((e) => e.normalized === 'chills');
    expect(chills).toMatchObject({ type: 'symptom', source: 'huggingface', text: 'chills', start: VISIT.indexOf('chills') });
    expect(entities.filter((e) => e.type === 'drug')).toEqual([expect.objectContaining({ source: 'offline-rules', normalized: 'paracetamol' })]);
    expect(world.ledger.all.map((e) => e.engine)).toEqual(['groq', 'huggingface']);
    expect(world.ledger.all[0]!.inr).toBeGreaterThan(0);
  });

  it('falls back to the offline engine when Groq fails, and says why', async () => {
    const world = await openWorld();
    world.groq.chat.push({ status: 500 }, { status: 500 }, { status: 500 });
    world.hf.script.push('loading');
    const { note } = await writeNote({ transcript: VISIT, language: 'en', engine: 'auto', names: [PATIENT] }, world.services, { resourcesDir, now });
    expect(note.engines).toEqual({ entities: 'offline-rules', soap: 'offline-rules' });
    expect(note.flags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'info', code: 'engine-fallback', message: 'Groq had a server error; the note was written by the offline engine.' }),
        expect.objectContaining({ severity: 'info', code: 'engine-fallback', message: 'Hugging Face had a server error; the medical terms were found by the offline engine.' }),
      ]),
    );
    expect(note.soap.plan.medications[0]).toMatchObject({ name: 'paracetamol', strength: '650 mg' });
  });

  it('opens the circuit after repeated failures, skips Groq for a minute, then recovers through one probe', async () => {
    const world = await openWorld({ retry: { maxAttempts: 1 } });
    const run = () => writeNote({ transcript: VISIT, language: 'en', engine: 'auto' }, world.services, { resourcesDir, now });
    world.groq.chat.push({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    for (let i = 0; i < 4; i++) expect((await run()).note.engines.soap).toBe('offline-rules');
    const calls = world.groq.requests.length;
    const paused = await run();
    expect(world.groq.requests.length).toBe(calls);
    expect(paused.note.flags).toContainEqual(expect.objectContaining({ message: 'Groq is paused after repeated failures; the note was written by the offline engine.' }));
    world.clock.advance(60_000);
    const probe = await run();
    expect(world.groq.requests.length).toBe(calls + 1);
    expect(probe.note.engines.soap).toBe('groq');
    expect(world.services.policy.breaker('groq').state()).toBe('closed');
  });

  it('catches an invented drug and an invented dose from the model', async () => {
    const world = await openWorld({ scribe: { invent: [med({ name: 'azithromycin', strength: '500 mg', frequency: '1-0-0', durationDays: 3 }), med({ name: 'ondansetron', strength: '8 mg', frequency: 'SOS' })] } });
    const { note } = await writeNote({ transcript: VISIT, language: 'en', engine: 'groq' }, world.services, { resourcesDir, now });
    expect(note.engines.soap).toBe('groq');
    expect(note.soap.plan.medications.map((m) => m.name)).toEqual(['paracetamol']);
    expect(note.flags.filter((f) => f.code === 'ungrounded-drug').map((f) => f.severity)).toEqual(['danger', 'danger']);
  });

  it('refuses cloud calls when the month’s budget is spent with the hard stop on', async () => {
    const ledger = new MemoryLedger();
    await ledger.append({ at: new Date(2026, 10, 2).toISOString(), month: '2026-11', engine: 'groq', consultation: 'x', units: {}, inr: 5_000 });
    const world = await openWorld({ ledger, settings: { budgetHardStop: true } });
    const { note } = await writeNote({ transcript: VISIT, language: 'en', engine: 'auto' }, world.services, { resourcesDir, now });
    expect(world.groq.requests.length + world.hf.requests.length).toBe(0);
    expect(note.engines.soap).toBe('offline-rules');
    expect(codes(note.flags)).toEqual(expect.arrayContaining(['cloud-budget', 'budget-exhausted']));
  });

  it('sends Hugging Face only English from a Tamil consultation and maps its entities back', async () => {
    const world = await openWorld();
    const ta = 'மூன்று நாளா காய்ச்சல், chills இருக்கு. Dolo 650 1-0-1 ஐந்து நாள்.';
    const { entities } = await writeNote({ transcript: ta, language: 'ta', engine: 'auto' }, world.services, { resourcesDir, now });
    const inputs = (JSON.parse(world.hf.requests[0]!.body.toString('utf8')) as { inputs: string }).inputs;
    expect(inputs).not.toMatch(/[\u0B80-\u0BFF]/);
    expect(inputs).toContain('chills');
    expect(inputs).toContain('fever');
    const chills = entities.find((e) => e.source === 'huggingface' && e.normalized === 'chills');
    expect(chills && ta.slice(chills.start, chills.end)).toBe('chills');
  });
});
