import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateNote } from '../../engine/nlp/generate-note';
import { oneOf, parseCommandArgs } from '../args';
import { formatNote } from '../format-note';
import type { Command } from '../index';
import { type Io, UsageError } from '../io';
import { resourcesDir } from '../paths';

const LANGS = ['ta', 'te', 'en'] as const;
const ENGINES = ['offline'] as const;

export async function readTranscript(path: string, io: Io): Promise<string> {
  if (path === '-') return io.readStdin();
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`the transcript file "${path}" does not exist.`);
    if (code === 'EISDIR') throw new UsageError(`"${path}" is a folder; give the transcript file.`);
    throw new UsageError(`the transcript file "${path}" could not be read (${code ?? 'unknown error'}).`);
  }
}

export function writeNoteFiles(outDir: string, files: Record<string, string>): string[] {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, content]) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  });
}

export const noteCommand: Command = {
  name: 'note',
  summary: 'Write a SOAP note and prescription from a consultation transcript (offline engine).',
  usage: 'medscribe note --transcript FILE|- --lang ta|te|en [--engine offline] [--json] [--out DIR]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      transcript: { type: 'string', short: 't' },
      lang: { type: 'string', short: 'l' },
      engine: { type: 'string', default: 'offline' },
      json: { type: 'boolean', default: false },
      out: { type: 'string', short: 'o' },
    });
    if (!values.transcript) throw new UsageError('--transcript is required (a file, or - for standard input).');
    const lang = oneOf(values.lang, LANGS, '--lang');
    oneOf(values.engine, ENGINES, '--engine');
    const transcript = await readTranscript(values.transcript, io);
    const note = generateNote(transcript, lang, { resourcesDir });
    const json = JSON.stringify(note, null, 2);
    if (values.json) io.out(`${json}\n`);
    else io.out(formatNote(note));
    if (values.out) {
      const written = writeNoteFiles(values.out, { 'note.json': `${json}\n` });
      io.err(`Wrote ${written.join(', ')}\n`);
    }
    return 0;
  },
};
