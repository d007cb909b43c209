/**
 * The models on this PC: <data folder>/models (MEDSCRIBE_HOME/models, else the OS app-data
 * folder), never inside the installer. A manifest (models.json) records each model's sha256
 * (from the catalog, or computed at import when no hash is published) and the default model
 * per language.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { copyFile, rename, statfs, unlink, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { Language } from '../../../shared/schemas/common';
import { defaultDataHome } from '../../store/layout';
import { type CatalogEntry, type ModelCatalog, modelUrl } from './catalog';
import { downloadFile, type DownloadOptions, type DownloadProgress } from './download';
import { inspectGgml, ModelFileError, type GgmlInfo } from './ggml-file';

const InstalledModel = z.object({
  name: z.string(),
  file: z.string(),
  sha256: z.string(),
  bytes: z.number(),
  source: z.enum(['download', 'import']),
  /** What the sha256 was checked against when installed. */
  checkedAgainst: z.enum(['catalog', 'import']),
  languages: z.array(Language),
  layers: z.number(),
  sizeName: z.string(),
  quantization: z.string(),
  installedAt: z.string(),
});
export type InstalledModel = z.infer<typeof InstalledModel> & { path: string };

const Manifest = z.object({
  version: z.literal(1),
  installed: z.record(z.string(), InstalledModel),
  defaults: z.object({ ta: z.string().optional(), te: z.string().optional(), en: z.string().optional() }),
});
type Manifest = z.infer<typeof Manifest>;

/** A mistake the user can fix (unknown name, wrong language…): exit code 2 in the CLI. */
export class ModelStoreError extends Error {
  override name = 'ModelStoreError';
}

export function modelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultDataHome(env), 'models');
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

export class ModelStore {
  private manifest: Manifest;

  constructor(
    readonly dir: string,
    readonly catalog: ModelCatalog,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    const path = join(dir, 'models.json');
    this.manifest = existsSync(path) ? Manifest.parse(JSON.parse(readFileSync(path, 'utf8'))) : { version: 1, installed: {}, defaults: {} };
  }

  entry(name: string): CatalogEntry | undefined {
    return this.catalog.models.find((m) => m.name === name);
  }

  installed(): InstalledModel[] {
    return Object.values(this.manifest.installed).map((m) => ({ ...m, path: join(this.dir, m.file) }));
  }

  get(name: string): InstalledModel | undefined {
    return this.installed().find((m) => m.name === name);
  }

  defaults(): Partial<Record<Language, string>> {
    return { ...this.manifest.defaults };
  }

  /** The model for a language: the doctor's choice, else the catalog's preference order, else any installed model for it. */
  defaultFor(lang: Language): InstalledModel | undefined {
    const chosen = this.manifest.defaults[lang];
    const byName = (n: string | undefined) => (n ? this.get(n) : undefined);
    const forLang = (m: InstalledModel | undefined) => (m && m.languages.includes(lang) ? m : undefined);
    return forLang(byName(chosen)) ?? this.catalog.preference[lang].map((n) => forLang(byName(n))).find(Boolean) ?? this.installed().find((m) => m.languages.includes(lang));
  }

  async setDefault(lang: Language, name: string): Promise<void> {
    const m = this.get(name);
    if (!m) throw new ModelStoreError(`"${name}" is not installed; run \`medscribe models list\` to see the installed models.`);
    if (!m.languages.includes(lang)) throw new ModelStoreError(`"${name}" does not transcribe ${lang} (it is for ${m.languages.join(', ')}).`);
    this.manifest.defaults[lang] = name;
    await this.save();
  }

  /** Downloads a catalog model (resuming a partial download), verifies it and installs it. */
  async download(name: string, opts: Pick<DownloadOptions, 'signal' | 'freeBytesOverride' | 'fetchImpl' | 'progressIntervalMs'> & { onProgress?: (p: DownloadProgress) => void } = {}): Promise<InstalledModel> {
    const entry = this.entry(name);
    if (!entry) throw new ModelStoreError(`There is no model "${name}" in the catalog; run \`medscribe models list\`.`);
    if (!entry.download || !entry.sha256) {
      throw new ModelStoreError(`"${name}" has no published ggml file. Convert ${entry.source ?? 'it'} with whisper.cpp's models/convert-h5-to-ggml.py, then \`medscribe models import FILE --name ${name}\`.`);
    }
    const existing = this.get(name);
    if (existing && existsSync(existing.path)) return existing;
    this.ensureDir();
    const dest = join(this.dir, entry.file);
    const res = await downloadFile({ ...opts, url: modelUrl(this.catalog, entry, this.env), dest, sha256: entry.sha256, expectedBytes: entry.bytes, reserveBytes: 200 * 1024 * 1024 });
    let info: GgmlInfo;
    try {
      info = await inspectGgml(dest);
    } catch (err) {
      await unlink(dest).catch(() => undefined);
      throw err;
    }
    return this.register(entry.name, entry.file, { sha256: res.sha256, bytes: res.bytes, source: 'download', checkedAgainst: 'catalog' }, info, entry);
  }

  /** Imports a model file (a conversion, a copy from another PC): checks it is a loadable whisper model, copies it in. */
  async import(file: string, opts: { name?: string } = {}): Promise<InstalledModel> {
    const info = await inspectGgml(file);
    const name = opts.name ?? basename(file).replace(/\.bin$/i, '').replace(/^ggml-/, '').toLowerCase();
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name)) throw new ModelStoreError(`"${name}" cannot be a model name: use letters, digits, ".", "_" or "-" (pass --name).`);
    const entry = this.entry(name);
    if (entry && entry.layers !== info.nAudioLayer) {
      throw new ModelStoreError(`The file is a ${info.sizeName} model (${info.nAudioLayer} encoder layers) but "${name}" in the catalog has ${entry.layers}; check the file or pass another --name.`);
    }
    this.ensureDir();
    const target = entry?.file ?? `ggml-${name}.bin`;
    const dest = join(this.dir, target);
    const s = await statfs(this.dir);
    if (resolve(file) !== resolve(dest) && info.bytes > Number(s.bavail) * Number(s.bsize)) throw new ModelStoreError(`Not enough disk space to import the model (${info.bytes} bytes).`);
    const sha256 = await sha256File(file);
    if (entry?.sha256 && sha256 !== entry.sha256) {
      throw new ModelFileError('checksum', `The file's sha256 (${sha256.slice(0, 12)}…) is not the published one for "${name}" (${entry.sha256.slice(0, 12)}…); it is damaged or a different model.`);
    }
    if (resolve(file) !== resolve(dest)) {
      await copyFile(file, `${dest}.part`);
      await rename(`${dest}.part`, dest);
    }
    return this.register(name, target, { sha256, bytes: info.bytes, source: 'import', checkedAgainst: entry?.sha256 ? 'catalog' : 'import' }, info, entry);
  }

  /** Re-hashes an installed model and re-checks its structure. */
  async verify(name: string): Promise<{ sha256: string; against: 'catalog' | 'import' }> {
    const m = this.get(name);
    if (!m) throw new ModelStoreError(`"${name}" is not installed.`);
    if (!existsSync(m.path)) throw new ModelFileError('not-found', `The file of "${name}" (${m.file}) is missing from ${this.dir}; download or import it again.`);
    await inspectGgml(m.path);
    const sha256 = await sha256File(m.path);
    const expected = this.entry(name)?.sha256 ?? m.sha256;
    if (sha256 !== expected) throw new ModelFileError('checksum', `"${name}" is damaged: its sha256 is ${sha256.slice(0, 12)}…, expected ${expected.slice(0, 12)}…. Remove it and download or import it again.`);
    return { sha256, against: this.entry(name)?.sha256 ? 'catalog' : 'import' };
  }

  async remove(name: string): Promise<void> {
    const m = this.get(name);
    if (!m) throw new ModelStoreError(`"${name}" is not installed.`);
    await unlink(m.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    delete this.manifest.installed[name];
    for (const lang of Language.options) if (this.manifest.defaults[lang] === name) delete this.manifest.defaults[lang];
    await this.save();
  }

  private ensureDir() {
    mkdirSync(this.dir, { recursive: true });
  }

  private async register(
    name: string,
    file: string,
    how: Pick<InstalledModel, 'sha256' | 'bytes' | 'source' | 'checkedAgainst'>,
    info: GgmlInfo,
    entry: CatalogEntry | undefined,
  ): Promise<InstalledModel> {
    const languages: Language[] = entry?.languages ?? (info.multilingual ? ['ta', 'te', 'en'] : ['en']);
    this.manifest.installed[name] = { name, file, ...how, languages, layers: info.nAudioLayer, sizeName: info.sizeName, quantization: info.ftypeName, installedAt: new Date().toISOString() };
    await this.save();
    return { ...this.manifest.installed[name], path: join(this.dir, file) };
  }

  private async save() {
    this.ensureDir();
    const path = join(this.dir, 'models.json');
    await writeFile(`${path}.tmp`, `${JSON.stringify(this.manifest, null, 2)}\n`);
    await rename(`${path}.tmp`, path);
  }
}
