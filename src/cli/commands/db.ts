import { join, resolve } from 'node:path';
import type { Language } from '../../shared/schemas/common';
import type { ClinicalNote } from '../../shared/schemas/note';
import { PassphraseKeyWrapper } from '../../engine/keys/passphrase';
import { defaultDataHome } from '../../engine/store/layout';
import type { DoctorSession } from '../../engine/store/session';
import { Store, type StoreOptions } from '../../engine/store/store';
import { parseCommandArgs } from '../args';
import type { Command } from '../index';
import { type Io, UsageError } from '../io';
import { projectRoot } from '../paths';

/** The drizzle/ folder (beside src/ and out/). */
export const migrationsDir = join(projectRoot, 'drizzle');

/** What promptHidden needs of a terminal (process.stdin when it is a TTY). */
export interface HiddenInput {
  setRawMode(raw: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  off(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
}

/** Reads one line from a terminal without echoing it. Ctrl-C or Ctrl-D on an empty line cancels. */
export function promptHidden(question: string, input: HiddenInput, output: { write(s: string): unknown }): Promise<string> {
  return new Promise((done, fail) => {
    let value = '';
    const finish = (err?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      if (err) fail(err);
      else done(value);
    };
    const onData = (chunk: string | Buffer) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(new Error('cancelled at the prompt; nothing was changed.'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    output.write(question);
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}

/**
 * A secret from the environment, else asked on the terminal (hidden). With neither, a clear
 * error instead of hanging on a pipe.
 */
export async function readSecret(envVar: string, what: string, confirm = false): Promise<string> {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) throw new UsageError(`no ${what}: set ${envVar}, or run the command in a terminal to be asked for it.`);
  const value = await promptHidden(`${what[0]?.toUpperCase()}${what.slice(1)}: `, process.stdin, process.stderr);
  if (confirm && (await promptHidden(`Repeat the ${what}: `, process.stdin, process.stderr)) !== value) {
    throw new UsageError(`the two ${what}s differ; nothing was changed.`);
  }
  return value;
}

function optionsFor(passphrase: string): StoreOptions {
  return { home: defaultDataHome(), wrapper: new PassphraseKeyWrapper(passphrase), migrationsDir };
}

/** The data folder (MEDSCRIBE_HOME or the OS's app-data folder) and the passphrase. */
export async function storeOptionsFromEnv(): Promise<StoreOptions> {
  return optionsFor(await readSecret('MEDSCRIBE_PASSPHRASE', 'passphrase'));
}

export async function withStore<T>(fn: (store: Store) => Promise<T> | T): Promise<T> {
  const store = await Store.open(await storeOptionsFromEnv());
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

export async function signInDoctor(store: Store, name: string): Promise<DoctorSession> {
  return store.signIn(name, await readSecret('MEDSCRIBE_DOCTOR_PASSWORD', `password for ${name}`));
}

/** For `medscribe note --save`: stores the note as a new consultation of the signed-in doctor. */
export async function saveGeneratedNote(input: { doctor: string; patient?: string; language: Language; transcript: string; note: ClinicalNote }): Promise<string> {
  return withStore(async (store) => {
    const session = await signInDoctor(store, input.doctor);
    const c = store.create(session, {
      patient: { name: input.patient ?? '' },
      language: input.language,
      // A typed or pasted transcript: no speech engine made it.
      transcript: { language: input.language, text: input.transcript, segments: [], engine: input.note.engines.speech ?? 'doctor' },
      note: input.note,
      status: 'ready',
    });
    return c.id;
  });
}

const MIN_PASSPHRASE = 8;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export const dbCommand: Command = {
  name: 'db',
  summary: 'Create, update, back up, restore and describe the encrypted local store.',
  usage: 'medscribe db init|migrate|stats|backup FILE|restore FILE  (folder: MEDSCRIBE_HOME; passphrase: MEDSCRIBE_PASSPHRASE or asked)',
  async run(args, io: Io) {
    const { positionals, values } = parseCommandArgs(args, { json: { type: 'boolean', default: false } }, true);
    const [sub, file, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected "${extra.join(' ')}".`);
    const needsFile = sub === 'backup' || sub === 'restore';
    if (needsFile && !file) throw new UsageError(`db ${sub} needs a FILE.`);
    if (!needsFile && file) throw new UsageError(`db ${sub ?? ''} takes no FILE.`);
    switch (sub) {
      case 'init': {
        const passphrase = await readSecret('MEDSCRIBE_PASSPHRASE', 'passphrase', true);
        if (passphrase.length < MIN_PASSPHRASE) throw new UsageError(`the passphrase must be at least ${MIN_PASSPHRASE} characters.`);
        const opts = optionsFor(passphrase);
        const store = await Store.init(opts);
        const version = store.stats().schemaVersion;
        store.close();
        io.err(`Created the encrypted MedScribe store in ${opts.home} (schema ${version}).\nKeep the passphrase safe: without it nobody, including you, can read this data.\n`);
        return 0;
      }
      case 'migrate':
        return withStore((store) => {
          const m = store.migration;
          io.err(m.applied.length ? `Updated the database from schema ${m.from} to ${m.to} (${m.applied.join(', ')}).\n` : `The database is up to date (schema ${m.to}).\n`);
          return 0;
        });
      case 'stats':
        return withStore((store) => {
          const s = store.stats();
          if (values.json) io.out(`${JSON.stringify(s, null, 2)}\n`);
          else {
            io.out(
              [
                `folder             ${store.layout.home}`,
                `schema version     ${s.schemaVersion}`,
                `doctors            ${s.doctors}`,
                `consultations      ${s.consultations} (${s.signedConsultations} signed, ${s.deletedConsultations} deleted)`,
                `note versions      ${s.noteVersions}`,
                `audit entries      ${s.auditEntries}`,
                `database           ${mb(s.databaseBytes)} (+ ${mb(s.walBytes)} WAL)`,
                `audio              ${s.audioFiles} files, ${mb(s.audioBytes)}`,
                `durability         ${s.journalMode.toUpperCase()}, synchronous ${s.synchronous}, busy timeout ${s.busyTimeoutMs} ms`,
                '',
              ].join('\n'),
            );
          }
          return 0;
        });
      case 'backup':
        return withStore((store) => {
          const info = store.backup(resolve(file ?? ''));
          io.err(`Wrote ${info.file} (${mb(info.bytes)}, schema ${info.schemaVersion}). It is encrypted; restoring it needs the passphrase. Audio recordings are not included: copy ${store.layout.audioDir} as well.\n`);
          return 0;
        });
      case 'restore': {
        const opts = await storeOptionsFromEnv();
        const r = await Store.restore(opts, resolve(file ?? ''));
        io.err(`Restored the backup of ${r.createdAt} (schema ${r.schemaVersion}) into ${opts.home}.${r.previous ? `\nThe database it replaced is kept as ${r.previous}.` : ''}\n`);
        return 0;
      }
      default:
        throw new UsageError(sub ? `there is no "db ${sub}".` : 'say what to do: init, migrate, stats, backup FILE or restore FILE.');
    }
  },
};
