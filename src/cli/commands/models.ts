import { basename } from 'node:path';
import { Language } from '../../shared/schemas/common';
import { loadCatalog } from '../../engine/stt/models/catalog';
import type { DownloadProgress } from '../../engine/stt/models/download';
import { ModelStore, ModelStoreError, modelsDir } from '../../engine/stt/models/store';
import { oneOf, parseCommandArgs } from '../args';
import type { Command } from '../index';
import { type Io, UsageError } from '../io';
import { resourcesDir as defaultResourcesDir } from '../paths';

export interface ModelsCommandDeps {
  env?: NodeJS.ProcessEnv;
  resourcesDir?: string;
  /** Tests: pretend the disk has this much free space. */
  freeBytesOverride?: number;
}

const USAGE = 'medscribe models list [--json] | download NAME | import FILE [--name NAME] | verify NAME | remove NAME | default LANG NAME';
const MB = 1_000_000;
const size = (b: number | null | undefined) => (b ? (b >= 1000 * MB ? `${(b / 1000 / MB).toFixed(1)} GB` : `${Math.round(b / MB)} MB`) : '—');

export function openStore(deps: ModelsCommandDeps = {}): ModelStore {
  const env = deps.env ?? process.env;
  return new ModelStore(modelsDir(env), loadCatalog(deps.resourcesDir ?? defaultResourcesDir), env);
}

/** Ctrl-C cancels (a download keeps its .part and resumes next time). */
export function interruptSignal(): { signal: AbortSignal; done: () => void } {
  const ac = new AbortController();
  const onInt = () => ac.abort();
  process.once('SIGINT', onInt);
  return { signal: ac.signal, done: () => process.off('SIGINT', onInt) };
}

function list(store: ModelStore, json: boolean, io: Io) {
  const defaults = store.defaults();
  const installed = new Map(store.installed().map((m) => [m.name, m]));
  const defaultOf = (name: string) => Language.options.filter((l) => (defaults[l] ?? store.defaultFor(l)?.name) === name);
  const rows = [
    ...store.catalog.models.map((e) => ({ name: e.name, description: e.description, languages: e.languages, bytes: installed.get(e.name)?.bytes ?? e.bytes, sha256: installed.get(e.name)?.sha256 ?? e.sha256, downloadable: e.download, encoderSecPer30s: e.encoderSecPer30s, speedBasis: e.speedBasis, source: e.source })),
    ...[...installed.values()].filter((m) => !store.entry(m.name)).map((m) => ({ name: m.name, description: `Imported ${m.sizeName} model (${m.quantization}).`, languages: m.languages, bytes: m.bytes, sha256: m.sha256, downloadable: false, encoderSecPer30s: null, speedBasis: 'unknown', source: undefined })),
  ].map((r) => ({ ...r, installed: installed.has(r.name), defaultFor: installed.has(r.name) ? defaultOf(r.name) : [] }));
  if (json) {
    io.out(`${JSON.stringify({ folder: store.dir, recommended: store.catalog.recommended, models: rows }, null, 2)}\n`);
    return;
  }
  const w = Math.max(...rows.map((r) => r.name.length));
  const lines = rows.map((r) => {
    const status = r.installed ? `installed${r.defaultFor.length ? `, default for ${r.defaultFor.join(' ')}` : ''}` : r.downloadable ? '' : 'convert + import';
    const speed = r.encoderSecPer30s ? `${r.encoderSecPer30s} s` : '—';
    return `  ${r.name.padEnd(w)}  ${size(r.bytes).padStart(7)}  ${r.languages.join(' ').padEnd(8)}  ${speed.padStart(5)}  ${status}`;
  });
  io.out(
    [
      `Offline speech models (folder: ${store.dir})`,
      '',
      `  ${'NAME'.padEnd(w)}  ${'SIZE'.padStart(7)}  ${'LANGS'.padEnd(8)}  ${'SPEED'.padStart(5)}  STATUS`,
      ...lines,
      '',
      'SPEED: encoder seconds per 30 s of audio on 2 cores (`--json` says which are measured).',
      `Recommended: ta ${store.catalog.recommended.ta}, te ${store.catalog.recommended.te}, en ${store.catalog.recommended.en}. Get one with \`medscribe models download NAME\`.`,
      '',
    ].join('\n'),
  );
}

function progressPrinter(name: string, io: Io) {
  let lastStep = -1;
  return (p: DownloadProgress) => {
    const step = p.fraction === undefined ? Math.floor(p.receivedBytes / (50 * MB)) : Math.floor(p.fraction * 10);
    if (step === lastStep) return;
    lastStep = step;
    const pct = p.fraction === undefined ? '' : `${Math.round(p.fraction * 100)}% `;
    io.err(`Downloading ${name}: ${pct}(${size(p.receivedBytes)}${p.totalBytes ? ` of ${size(p.totalBytes)}` : ''}, ${(p.bytesPerSecond / MB).toFixed(1)} MB/s)\n`);
  };
}

export function createModelsCommand(deps: ModelsCommandDeps = {}): Command {
  return {
    name: 'models',
    summary: 'Offline speech models: list, download, import, verify, remove, and the default per language.',
    usage: USAGE,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean', default: false }, name: { type: 'string' } }, true);
      const [action, ...rest] = positionals;
      const arg = (what: string, i = 0) => {
        const v = rest[i];
        if (!v) throw new UsageError(`models ${action} needs ${what}.`);
        return v;
      };
      const store = openStore(deps);
      try {
        switch (action) {
          case 'list':
          case undefined:
            list(store, values.json, io);
            return 0;
          case 'download': {
            const name = arg('a model NAME (see `medscribe models list`)');
            const { signal, done } = interruptSignal();
            try {
              const m = await store.download(name, { signal, onProgress: progressPrinter(name, io), progressIntervalMs: 500, freeBytesOverride: deps.freeBytesOverride });
              io.err(`Installed ${m.name} (${size(m.bytes)}, sha256 verified) in ${store.dir}\n`);
            } finally {
              done();
            }
            return 0;
          }
          case 'import': {
            const m = await store.import(arg('the model FILE'), { name: values.name });
            io.err(`Imported ${basename(arg('FILE'))} as ${m.name} (${m.sizeName}, ${m.quantization}, for ${m.languages.join(' ')}); sha256 ${m.sha256} ${m.checkedAgainst === 'catalog' ? 'matches the catalog' : 'recorded'}.\n`);
            return 0;
          }
          case 'verify': {
            const name = arg('a model NAME');
            const r = await store.verify(name);
            io.out(`${name}: OK (sha256 ${r.sha256}, ${r.against === 'catalog' ? 'the published hash' : 'the hash recorded at import'})\n`);
            return 0;
          }
          case 'remove': {
            const name = arg('a model NAME');
            await store.remove(name);
            io.err(`Removed ${name}.\n`);
            return 0;
          }
          case 'default': {
            const lang = oneOf(arg('a language (ta, te or en) and a model NAME'), Language.options, 'LANG');
            const name = arg('a model NAME', 1);
            await store.setDefault(lang, name);
            io.err(`${name} is now the default model for ${lang}.\n`);
            return 0;
          }
          default:
            throw new UsageError(`there is no "models ${action}"; use list, download, import, verify, remove or default.`);
        }
      } catch (err) {
        if (err instanceof ModelStoreError) throw new UsageError(err.message);
        if (err instanceof Error && err.name === 'AbortError') {
          io.err(`${err.message}\n`);
          return 130;
        }
        throw err;
      }
    },
  };
}

export const modelsCommand = createModelsCommand();
