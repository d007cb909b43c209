/**
 * Offline note engine speed: notes per second and latency percentiles over the sample
 * consultations (resources/samples) and the engine's test transcripts, repeated.
 * Run: npm run bench:nlp. Target: p95 ≤ 50 ms per note.
 */
import { fileURLToPath } from 'node:url';
import { generateNote } from '../src/engine/nlp/generate-note';
import { loadLexicon } from '../src/engine/nlp/lexicon';
import { listSamples } from '../src/engine/samples/samples';

const resourcesDir = fileURLToPath(new URL('../../resources/', import.meta.url));
const rounds = Number(process.env.BENCH_ROUNDS ?? 200);

const t0 = performance.now();
const lex = loadLexicon(resourcesDir);
const loadMs = performance.now() - t0;

const cases = listSamples(resourcesDir).map((s) => ({ text: s.transcript, lang: s.language }));
// A long visit: every sample read out one after another, five times.
cases.push({ text: Array.from({ length: 5 }, () => cases.map((c) => c.text).join(' ')).join(' '), lang: 'ta' });

for (const c of cases) generateNote(c.text, c.lang, { resourcesDir }); // warm-up
const times: number[] = [];
const started = performance.now();
for (let r = 0; r < rounds; r++) {
  for (const c of cases) {
    const s = performance.now();
    generateNote(c.text, c.lang, { resourcesDir });
    times.push(performance.now() - s);
  }
}
const total = performance.now() - started;
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
const chars = cases.reduce((a, c) => a + c.text.length, 0) / cases.length;
console.log(`lexicon: ${lex.sizes.drug} drugs, ${lex.sizes.symptom} symptoms, ${lex.sizes.investigation} investigations, ${lex.sizes.diagnosis} diagnoses; loaded in ${loadMs.toFixed(0)} ms (once per process)`);
console.log(`notes: ${times.length} (${cases.length} transcripts × ${rounds}, mean ${chars.toFixed(0)} chars)`);
console.log(`throughput: ${((times.length / total) * 1000).toFixed(0)} notes/s`);
console.log(`latency ms: p50 ${pct(50).toFixed(2)}  p95 ${pct(95).toFixed(2)}  max ${times[times.length - 1]!.toFixed(2)}  (target p95 ≤ 50)`);
