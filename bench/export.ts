/**
 * Export speed: the clinical PDF, the take-home PDF and the two FHIR bundles, per note, for the
 * sample consultations (resources/samples) and a note with 40 medicines.
 * Run: npm run bench:export. Target: the clinical PDF ≤ 300 ms per note.
 */
import { fileURLToPath } from 'node:url';
import { buildOpConsultBundle, buildPrescriptionBundle, DEMO_CLINIC, renderClinicalPdf, renderTakeHomePdf, seededIds } from '../src/engine/export/index';
import { generateNote } from '../src/engine/nlp/generate-note';
import { listSamples } from '../src/engine/samples/samples';
import type { ClinicalNote } from '../src/shared/schemas/note';

const resourcesDir = fileURLToPath(new URL('../../resources/', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 20);

const notes: { id: string; note: ClinicalNote }[] = listSamples(resourcesDir).map((s) => ({ id: s.id, note: generateNote(s.transcript, s.language, { resourcesDir }) }));
const base = notes[1]!.note;
notes.push({
  id: '40-medicines',
  note: {
    ...base,
    soap: {
      ...base.soap,
      plan: {
        ...base.soap.plan,
        medications: Array.from({ length: 40 }, (_, i) => ({ name: `medicine ${i + 1}`, strength: `${(i + 1) * 5} mg`, form: 'tablet', frequency: i % 2 ? '1-0-1' : '1-1-1', timing: 'after food' as const, durationDays: 5, action: 'start' as const, evidence: [] })),
      },
    },
  },
});

const patient = { name: 'Bench Patient', age: 40, sex: 'female' as const };
const input = (note: ClinicalNote) => ({ note, patient, clinic: DEMO_CLINIC, resourcesDir });

async function time(f: () => unknown): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)}  p95 ${pct(xs, 95).toFixed(1)}  max ${Math.max(...xs).toFixed(1)}`;

// The first document of a process also loads and parses the fonts (kept for the process after).
const first = await time(() => renderClinicalPdf(input(notes[0]!.note)));
console.log(`first clinical PDF in a fresh process (fonts loaded): ${first.toFixed(0)} ms`);

let worstPdf = 0;
for (const { id, note } of notes) {
  const pdf: number[] = [];
  const home: number[] = [];
  const fhir: number[] = [];
  let bytes = 0;
  for (let r = 0; r < rounds; r++) {
    pdf.push(await time(async () => (bytes = (await renderClinicalPdf(input(note))).length)));
    home.push(await time(() => renderTakeHomePdf(input(note))));
    fhir.push(await time(() => [buildOpConsultBundle({ ...input(note), newId: seededIds(id) }), buildPrescriptionBundle({ ...input(note), newId: seededIds(id) })]));
  }
  worstPdf = Math.max(worstPdf, pct(pdf, 95));
  console.log(`${id.padEnd(20)} clinical PDF ms: ${fmt(pdf)} (${(bytes / 1024).toFixed(0)} KB) | take-home PDF ms: ${fmt(home)} | FHIR (both bundles) ms: ${fmt(fhir)}`);
}
console.log(`clinical PDF p95 over all notes: ${worstPdf.toFixed(1)} ms (target ≤ 300 ms) — ${worstPdf <= 300 ? 'met' : 'NOT met'}; ${rounds} rounds each`);
