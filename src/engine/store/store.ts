/**
 * The encrypted local store: one data folder (database, wrapped key, encrypted audio). Open it
 * with a KeyWrapper; read or change patient data only through a doctor session (`signIn`).
 */
import { hkdfSync } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ClinicalNote } from '../../shared/schemas/note';
import { encodeKeyFile, type KeyFile, readKeyFile, syncDir, unwrapKeyFile, writeFileAtomic } from '../keys/key-file';
import { type KeyWrapper, newDataKey } from '../keys/key-wrapper';
import type { ScryptCost } from '../keys/passphrase';
import { PASSWORD_COST } from '../keys/password';
import { openAudio, saveAudio } from './audio';
import type { DecryptOptions } from './audio-file';
import { appendAudit, type AuditEvent, type AuditVerdict, verifyAudit } from './audit';
import { getClinicProfile, setClinicProfile, type ClinicProfile } from './clinic';
import { openDatabaseFile, type SqlClient, StoreError } from './connection';
import * as consult from './consultations';
import { drizzleOver, inWriteTransaction, type StoreContext } from './context';
import { addDoctor, type DoctorInfo, listDoctors, type NewDoctor } from './doctors';
import { storeLayout, type StoreLayout } from './layout';
import { loadMigrations, migrate, type MigrationResult, schemaVersion } from './migrate';
import { type BackupInfo, restoreBackup, type RestoreResult, writeBackup } from './backup';
import type { NoteChange } from './note-diff';
import type { ConsultationRecord, ConsultationSummary } from './records';
import { type ConsultationFilter, searchConsultations } from './search';
import { type DoctorSession, signIn, signOut } from './session';
import { diffVersions, getVersion, listVersions, type NoteVersionInfo } from './versions';

export interface StoreOptions {
  home: string;
  wrapper: KeyWrapper;
  /** The drizzle/ folder. */
  migrationsDir: string;
  /** scrypt cost for new doctor passwords (tests use a cheap one). */
  passwordCost?: ScryptCost;
  clock?: () => Date;
}

export interface StoreStats {
  schemaVersion: number;
  doctors: number;
  consultations: number;
  deletedConsultations: number;
  signedConsultations: number;
  noteVersions: number;
  auditEntries: number;
  databaseBytes: number;
  walBytes: number;
  audioFiles: number;
  audioBytes: number;
  journalMode: string;
  synchronous: string;
  busyTimeoutMs: number;
  foreignKeys: boolean;
}

const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);

export class Store {
  readonly #ctx: StoreContext;
  readonly #keyFile: KeyFile;
  /** What opening did to the schema. */
  readonly migration: MigrationResult;

  private constructor(ctx: StoreContext, keyFile: KeyFile, migration: MigrationResult) {
    this.#ctx = ctx;
    this.#keyFile = keyFile;
    this.migration = migration;
  }

  /** Creates the data folder's key and database. Refuses if a database is already there. */
  static async init(opts: StoreOptions): Promise<Store> {
    const layout = storeLayout(opts.home);
    mkdirSync(layout.home, { recursive: true, mode: 0o700 });
    if (existsSync(layout.db)) throw new StoreError('db-exists', 'This data folder already has a database; nothing was changed.');
    let key: Buffer;
    if (existsSync(layout.keyFile)) {
      // An earlier init stopped after writing the key: finish it with that key.
      key = await unwrapKeyFile(readKeyFile(layout.keyFile), opts.wrapper);
    } else {
      key = newDataKey();
      const wrapped = await opts.wrapper.wrap(key);
      writeFileAtomic(layout.keyFile, encodeKeyFile({ kind: opts.wrapper.kind, wrapped, createdAt: new Date().toISOString() }));
    }
    const tmp = `${layout.db}.init-tmp`;
    for (const suffix of ['', '-wal', '-shm']) rmSync(tmp + suffix, { force: true });
    const client = openDatabaseFile(tmp, key, 'create');
    key.fill(0);
    try {
      migrate(client, loadMigrations(opts.migrationsDir));
      client.transaction(() => appendAudit(client, { actorId: null, action: 'create', entity: 'database' }, new Date().toISOString())).immediate();
    } finally {
      client.close();
    }
    renameSync(tmp, layout.db);
    syncDir(layout.home);
    return Store.open(opts);
  }

  /** Unlocks the key, opens the database and brings its schema up to date. */
  static async open(opts: StoreOptions): Promise<Store> {
    const layout = storeLayout(opts.home);
    if (!existsSync(layout.keyFile) && !existsSync(layout.db)) {
      throw new StoreError('not-initialised', 'There is no MedScribe data in this folder yet. Run `medscribe db init` first.');
    }
    const keyFile = readKeyFile(layout.keyFile);
    const key = await unwrapKeyFile(keyFile, opts.wrapper);
    let client: SqlClient;
    try {
      client = openDatabaseFile(layout.db, key, 'open');
    } catch (err) {
      key.fill(0);
      throw err;
    }
    try {
      const migration = migrate(client, loadMigrations(opts.migrationsDir));
      const clock = opts.clock ?? (() => new Date());
      const ctx: StoreContext = {
        client,
        db: drizzleOver(client),
        layout,
        audioKey: Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'medscribe audio key v1', 32)),
        passwordCost: opts.passwordCost ?? PASSWORD_COST,
        now: () => clock().toISOString(),
      };
      return new Store(ctx, keyFile, migration);
    } catch (err) {
      client.close();
      throw err;
    } finally {
      key.fill(0);
    }
  }

  /** Replaces the data folder's database with a verified backup (see backup.ts). */
  static async restore(opts: StoreOptions, file: string): Promise<RestoreResult> {
    const result = await restoreBackup(storeLayout(opts.home), opts.wrapper, file, loadMigrations(opts.migrationsDir));
    const store = await Store.open(opts);
    try {
      store.#audit({ actorId: null, action: 'restore', entity: 'database', detail: { schemaVersion: result.schemaVersion } });
    } finally {
      store.close();
    }
    return result;
  }

  get layout(): StoreLayout {
    return this.#ctx.layout;
  }

  /** Runs several calls in one transaction (each call a savepoint inside it): bulk imports. */
  batch<T>(fn: () => T): T {
    return inWriteTransaction(this.#ctx, fn);
  }

  #audit(event: AuditEvent): void {
    inWriteTransaction(this.#ctx, () => appendAudit(this.#ctx.client, event, this.#ctx.now()));
  }

  addDoctor = (input: NewDoctor): Promise<DoctorInfo> => addDoctor(this.#ctx, input);
  listDoctors = (): DoctorInfo[] => listDoctors(this.#ctx);
  signIn = (name: string, password: string): Promise<DoctorSession> => signIn(this.#ctx, name, password);
  signOut = (session: DoctorSession): void => signOut(session);

  clinicProfile = (): ClinicProfile | undefined => getClinicProfile(this.#ctx);
  setClinicProfile = (s: DoctorSession, p: ClinicProfile): void => setClinicProfile(this.#ctx, s, p);

  create = (s: DoctorSession, input: consult.NewConsultation): ConsultationRecord => consult.createConsultation(this.#ctx, s, input);
  get = (s: DoctorSession, id: string): ConsultationRecord => consult.getConsultation(this.#ctx, s, id);
  list = (s: DoctorSession, filter?: ConsultationFilter): ConsultationSummary[] => consult.listConsultations(this.#ctx, s, filter);
  search = (s: DoctorSession, query: string, filter?: ConsultationFilter): ConsultationSummary[] => searchConsultations(this.#ctx, s, query, filter);
  updateNote = (s: DoctorSession, id: string, note: ClinicalNote, baseVersion?: number): number => consult.updateNote(this.#ctx, s, id, note, baseVersion);
  update = (s: DoctorSession, id: string, changes: consult.ConsultationChanges): void => consult.updateConsultation(this.#ctx, s, id, changes);
  sign = (s: DoctorSession, id: string): { version: number; signedAt: string } => consult.signConsultation(this.#ctx, s, id);
  delete = (s: DoctorSession, id: string): void => consult.deleteConsultation(this.#ctx, s, id);
  export = (s: DoctorSession, id: string): ConsultationRecord => consult.exportConsultation(this.#ctx, s, id);
  versions = (s: DoctorSession, id: string): NoteVersionInfo[] => listVersions(this.#ctx, s, id);
  version = (s: DoctorSession, id: string, version: number): ClinicalNote => getVersion(this.#ctx, s, id, version);
  diff = (s: DoctorSession, id: string, from: number, to: number): NoteChange[] => diffVersions(this.#ctx, s, id, from, to);
  saveAudio = (s: DoctorSession, id: string, source: Readable | AsyncIterable<Buffer>): Promise<string> => saveAudio(this.#ctx, s, id, source);
  openAudio = (s: DoctorSession, id: string, opts?: DecryptOptions): Readable => openAudio(this.#ctx, s, id, opts);

  verifyAudit = (): AuditVerdict => verifyAudit(this.#ctx.client);

  /** Writes an encrypted backup file (see backup.ts). Audio files are not in it. */
  backup(file: string): BackupInfo {
    const info = writeBackup(this.#ctx.client, this.#keyFile, file);
    this.#audit({ actorId: null, action: 'backup', entity: 'database', detail: { bytes: info.bytes } });
    return info;
  }

  /** Counts and sizes only: safe to print. */
  stats(): StoreStats {
    const client = this.#ctx.client;
    const count = (sql: string) => Number(client.prepare(sql).pluck().get());
    const pragma = (name: string) => client.pragma(name, { simple: true });
    const audioDir = this.#ctx.layout.audioDir;
    const audio = existsSync(audioDir) ? readdirSync(audioDir).filter((f) => f.endsWith('.msa')) : [];
    return {
      schemaVersion: schemaVersion(client),
      doctors: count('SELECT count(*) FROM doctors WHERE deleted_at IS NULL'),
      consultations: count('SELECT count(*) FROM consultations WHERE deleted_at IS NULL'),
      deletedConsultations: count('SELECT count(*) FROM consultations WHERE deleted_at IS NOT NULL'),
      signedConsultations: count('SELECT count(*) FROM consultations WHERE deleted_at IS NULL AND signed_version IS NOT NULL'),
      noteVersions: count('SELECT count(*) FROM note_versions WHERE deleted_at IS NULL'),
      auditEntries: count('SELECT count(*) FROM audit_log'),
      databaseBytes: fileSize(this.#ctx.layout.db),
      walBytes: fileSize(`${this.#ctx.layout.db}-wal`),
      audioFiles: audio.length,
      audioBytes: audio.reduce((n, f) => n + fileSize(join(audioDir, f)), 0),
      journalMode: String(pragma('journal_mode')),
      synchronous: ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(pragma('synchronous'))] ?? 'unknown',
      busyTimeoutMs: Number(pragma('busy_timeout')),
      foreignKeys: pragma('foreign_keys') === 1,
    };
  }

  close(): void {
    if (this.#ctx.client.open) this.#ctx.client.close();
    this.#ctx.audioKey.fill(0);
  }
}
