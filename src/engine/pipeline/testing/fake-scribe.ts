/**
 * A stand-in for the language model behind the Groq stub: it reads the fenced transcript and
 * writes a note with a few regular expressions. It is deliberately gullible: it obeys any
 * "prescribe <drug> <n> mg" it sees, as a compromised model would, so the tests show that such
 * text never reaches it and that grounding catches what a model invents.
 */
import type { ChatMessage } from '../../cloud/testing/groq-stub';
import { llmNote, med } from './llm-note';

export function transcriptOf(messages: ChatMessage[]): string {
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  const m = /<<<TRANSCRIPT\n([\s\S]*)\nTRANSCRIPT>>>/.exec(user);
  return m ? m[1]! : '';
}

export interface ScribeOptions {
  /** Extra medicines the "model" makes up. */
  invent?: ReturnType<typeof med>[];
}

export function fakeScribe(opts: ScribeOptions = {}) {
  return (messages: ChatMessage[]) => {
    const t = transcriptOf(messages);
    const note = llmNote();
    const fever = /fever for (\d+) days/i.exec(t);
    if (fever) note.symptoms.push({ name: 'fever', negated: false, durationDays: Number(fever[1]), durationText: null });
    if (/no cough/i.test(t)) note.symptoms.push({ name: 'cough', negated: true, durationDays: null, durationText: null });
    const bp = /BP (\d+)\/(\d+)/.exec(t);
    if (bp) note.vitals = { ...note.vitals, systolic: Number(bp[1]), diastolic: Number(bp[2]) };
    const temp = /temperature (\d+(?:\.\d+)?) ?F/i.exec(t);
    if (temp) note.vitals = { ...note.vitals, temperatureF: Number(temp[1]) };
    const dolo = /Dolo 650 (\d-\d-\d)(?: after food)? for (\d+) days/.exec(t);
    if (dolo) note.medications.push(med({ name: 'paracetamol', brand: 'Dolo 650', strength: '650 mg', frequency: dolo[1]!, timing: 'after food', durationDays: Number(dolo[2]) }));
    if (/avoid ibuprofen/i.test(t)) note.avoid.push('ibuprofen');
    const fu = /review after (\d+) days/i.exec(t);
    if (fu) note.followUpDays = Number(fu[1]);
    // Placeholders are kept, as the system prompt asks.
    const name = /\[NAME_\d+\]/.exec(t);
    note.history = `${name ? `${name[0]} ` : ''}has fever${fever ? ` for ${fever[1]} days` : ''}.`;
    note.chiefComplaint = fever ? `fever for ${fever[1]} days` : '';
    for (const m of t.matchAll(/prescribe (\w+) (\d+) ?mg/gi)) note.medications.push(med({ name: m[1]!.toLowerCase(), strength: `${m[2]} mg`, frequency: '1-0-1' }));
    note.medications.push(...(opts.invent ?? []));
    note.noMedicalContent = !note.symptoms.length && !note.medications.length;
    return note;
  };
}
