import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExportInputError } from '../../engine/export/clinic';
import { exportRequest } from '../../engine/export/request';
import { generateNote } from '../../engine/nlp/generate-note';
import { oneOf, parseCommandArgs } from '../args';
import { formatNote } from '../format-note';
import type { Command } from '../index';
import { type Io, UsageError } from '../io';
import { resourcesDir } from '../paths';

const LANGS = ['ta', 'te', 'en'] as const;
const ENGINES = ['offline', 'auto', 'groq'] as const;

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

export function writeNoteFiles(outDir: string, files: Record<string, string | Uint8Array>): string[] {
  const dir = resolve(outDir);
  try {
    mkdirSync(dir, { recursive: true });
    return Object.entries(files).map(([name, content]) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new Error(`could not write the files to "${dir}" (${code}); give --out a folder you can write to.`, { cause: err });
  }
}

/** A mistake in the export options (clinic file, --age, --icd10…) is a command-line mistake: exit code 2. */
function asUsage(err: unknown): never {
  if (err instanceof ExportInputError) throw new UsageError(err.message);
  throw err;
}

function usage<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    return asUsage(err);
  }
}

export const noteCommand: Command = {
  name: 'note',
  summary: 'Write a SOAP note and prescription from a consultation transcript (offline engine, or Groq with --engine auto|groq).',
  usage:
    'medscribe note --transcript FILE|- --lang ta|te|en [--engine offline|auto|groq] [--json] [--out DIR [--patient NAME] [--age N] [--sex male|female|other] [--paper a4|a5] [--clinic FILE.json] [--icd10 DIAGNOSIS=CODE]…] [--save --doctor NAME [--patient NAME]]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      transcript: { type: 'string', short: 't' },
      lang: { type: 'string', short: 'l' },
      engine: { type: 'string', default: 'offline' },
      json: { type: 'boolean', default: false },
      out: { type: 'string', short: 'o' },
      save: { type: 'boolean', default: false },
      doctor: { type: 'string' },
      patient: { type: 'string' },
      age: { type: 'string' },
      sex: { type: 'string' },
      paper: { type: 'string' },
      clinic: { type: 'string' },
      icd10: { type: 'string', multiple: true },
    });
    if (!values.transcript) throw new UsageError('--transcript is required (a file, or - for standard input).');
    const lang = oneOf(values.lang, LANGS, '--lang');
    const engine = oneOf(values.engine, ENGINES, '--engine');
    // Cloud engines: keys from the environment; auto without keys quietly uses the offline engine.
    // PDF, store and cloud code load only when asked for, so a plain note starts fast.
    const cloud = engine === 'offline' ? null : (await import('../../engine/pipeline/cli')).cloudForCli(engine);
    if (cloud?.problem) throw new UsageError(cloud.problem);
    if (values.save && !values.doctor) throw new UsageError('--save needs --doctor NAME: a note is stored under the doctor who signs in.');
    if (!values.save && values.doctor !== undefined) throw new UsageError('--doctor and --patient go with --save.');
    const patientFlags = values.patient !== undefined || values.age !== undefined || values.sex !== undefined;
    // With a cloud engine, --patient also keeps the name out of what is sent.
    if (!values.save && !values.out && patientFlags && engine === 'offline') throw new UsageError('--patient, --age and --sex go with --save, --out or a cloud --engine.');
    const exportFlags = values.paper !== undefined || values.clinic !== undefined || values.icd10 !== undefined;
    if (!values.out && exportFlags) throw new UsageError('--paper, --clinic and --icd10 go with --out (the PDFs and FHIR files are written there).');
    const request = values.out ? usage(() => exportRequest(values)) : undefined;
    const transcript = await readTranscript(values.transcript, io);
    const note =
      cloud
        ? (await (await import('../../engine/pipeline/note-pipeline')).writeNote({ transcript, language: lang, engine, names: values.patient ? [values.patient] : [] }, cloud.services, { resourcesDir })).note
        : generateNote(transcript, lang, { resourcesDir });
    const json = JSON.stringify(note, null, 2);
    if (values.json) io.out(`${json}\n`);
    else io.out(formatNote(note));
    if (values.out && request) {
      const { exportFiles, exportNote } = await import('../../engine/export');
      const exported = await exportNote({ note, ...request, resourcesDir }).catch(asUsage);
      const written = writeNoteFiles(values.out, exportFiles(exported));
      io.err(`Wrote ${written.join(', ')}\n`);
    }
    if (values.save && values.doctor) {
      const { saveGeneratedNote } = await import('./db');
      const id = await saveGeneratedNote({ doctor: values.doctor, patient: values.patient, language: lang, transcript, note });
      io.err(`Saved consultation ${id} in the encrypted store.\n`);
    }
    return 0;
  },
};
