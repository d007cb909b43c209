import { resolve } from 'node:path';
import { exportFiles, exportNote } from '../../engine/export';
import { generateNote } from '../../engine/nlp/generate-note';
import { listSamples } from '../../engine/samples/samples';
import { parseCommandArgs } from '../args';
import { formatNote } from '../format-note';
import type { Command } from '../index';
import { resourcesDir } from '../paths';
import { writeNoteFiles } from './note';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the sample consultations (Tamil, Telugu, English) through the offline engine; print each note and write its PDFs and FHIR bundles.',
  usage: 'medscribe demo [--out DIR]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { out: { type: 'string', short: 'o', default: 'medscribe-demo' } });
    const outDir = resolve(values.out ?? 'medscribe-demo');
    const samples = listSamples(resourcesDir);
    for (const s of samples) {
      const started = performance.now();
      const note = generateNote(s.transcript, s.language, { resourcesDir });
      const ms = performance.now() - started;
      // The PDFs carry the built-in demo letterhead, labelled as a sample.
      const exported = await exportNote({ note, resourcesDir });
      const files = writeNoteFiles(resolve(outDir, s.id), exportFiles(exported));
      io.out(`\n=== ${s.title} ===\n`);
      io.out(`Transcript: ${s.transcript}\n\n`);
      io.out(formatNote(note));
      io.out(`\nWritten in ${ms.toFixed(0)} ms by the offline engine; note, PDFs and FHIR → ${files.join(', ')}\n`);
    }
    io.out(`\n${samples.length} sample consultations written to ${outDir} (note.json, note.pdf, take-home.pdf, fhir-bundle.json, prescription-bundle.json each)\n`);
    return 0;
  },
};
