import { resolve } from 'node:path';
import { generateNote } from '../../engine/nlp/generate-note';
import { listSamples } from '../../engine/samples/samples';
import { parseCommandArgs } from '../args';
import { formatNote } from '../format-note';
import type { Command } from '../index';
import { resourcesDir } from '../paths';
import { writeNoteFiles } from './note';

const LANGUAGE_NAMES = { ta: 'Tamil', te: 'Telugu', en: 'English' } as const;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the sample consultations (Tamil, Telugu, English) through the offline engine and print each note.',
  usage: 'medscribe demo [--out DIR]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { out: { type: 'string', short: 'o', default: 'medscribe-demo' } });
    const outDir = resolve(values.out ?? 'medscribe-demo');
    const samples = listSamples(resourcesDir);
    for (const s of samples) {
      const started = performance.now();
      const note = generateNote(s.transcript, s.language, { resourcesDir });
      const ms = performance.now() - started;
      const files = writeNoteFiles(resolve(outDir, s.id), { 'note.json': `${JSON.stringify(note, null, 2)}\n` });
      io.out(`\n=== ${s.title} (${LANGUAGE_NAMES[s.language]}) ===\n`);
      io.out(`Transcript: ${s.transcript}\n\n`);
      io.out(formatNote(note));
      io.out(`\nWritten in ${ms.toFixed(0)} ms by the offline engine → ${files.join(', ')}\n`);
    }
    io.out(`\n${samples.length} sample consultations written to ${outDir}\n`);
    return 0;
  },
};
