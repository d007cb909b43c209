import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGgmlModel, type GeneratedModel } from '../../engine/stt/testing/ggml-model';
import { startModelServer, type ModelServer } from '../../engine/stt/testing/model-server';
import { UsageError } from '../io';
import { createModelsCommand } from './models';
import { fakeIo } from '../testing/fake-io';


const realResources = fileURLToPath(new URL('../../../resources/', import.meta.url));
let dir: string;
let resourcesDir: string;
let model: GeneratedModel;
let server: ModelServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medscribe-cli-models-'));
  model = await writeGgmlModel(join(dir, 'ggml-tiny-test.bin'));
  server = await startModelServer();
  server.files.set('ggml-tiny-test.bin', readFileSync(model.path));
  // The real catalog plus one small model the loopback server can serve.
  resourcesDir = join(dir, 'resources');
  mkdirSync(join(resourcesDir, 'models'), { recursive: true });
  const catalog = JSON.parse(readFileSync(join(realResources, 'models', 'catalog.json'), 'utf8')) as { models: Record<string, unknown>[] };
  catalog.models.push({ ...catalog.models[0], name: 'tiny-test', file: 'ggml-tiny-test.bin', layers: 1, bytes: model.bytes, sha256: model.sha256 });
  writeFileSync(join(resourcesDir, 'models', 'catalog.json'), JSON.stringify(catalog));
  cpSync(join(realResources, 'lexicons'), join(resourcesDir, 'lexicons'), { recursive: true });
  env = { MEDSCRIBE_HOME: join(dir, 'home'), MEDSCRIBE_MODELS_URL: server.url };
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[], deps = {}) => {
  const t = fakeIo();
  return createModelsCommand({ env, resourcesDir, ...deps })
    .run(args, t.io)
    .then((code) => ({ code, ...t }));
};

describe('medscribe models', () => {
  it('list: the catalog, sizes, languages, speed and what is installed', async () => {
    const r = await run(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout()).toMatch(/^\s+base-q5_1\s+60 MB\s+ta te en\s+2 s\s*$/m);
    expect(r.stdout()).toMatch(/^\s+tamil-medium\s+—\s+ta\s+16 s\s+convert \+ import$/m);
    expect(r.stdout()).toContain(join(dir, 'home', 'models'));
    const j = await run(['list', '--json']);
    const parsed = JSON.parse(j.stdout()) as { models: { name: string; installed: boolean }[] };
    expect(parsed.models.find((m) => m.name === 'small-q5_1')).toMatchObject({ installed: false });
  });

  it('download from MEDSCRIBE_MODELS_URL with progress on stderr, then verify, default, remove', async () => {
    const d = await run(['download', 'tiny-test']);
    expect(d.code).toBe(0);
    expect(d.stdout()).toBe('');
    expect(d.stderr()).toMatch(/Downloading tiny-test: 100%/);
    expect(d.stderr()).toMatch(/Installed tiny-test .*sha256 verified/);
    expect(existsSync(join(dir, 'home', 'models', 'ggml-tiny-test.bin'))).toBe(true);
    const v = await run(['verify', 'tiny-test']);
    expect(v.stdout()).toMatch(new RegExp(`^tiny-test: OK \\(sha256 ${model.sha256}, the published hash\\)`));
    expect((await run(['default', 'te', 'tiny-test'])).stderr()).toMatch(/default model for te/);
    expect((await run(['list'])).stdout()).toMatch(/tiny-test .*installed, default for ta te en/);
    expect((await run(['remove', 'tiny-test'])).code).toBe(0);
    expect(existsSync(join(dir, 'home', 'models', 'ggml-tiny-test.bin'))).toBe(false);
  });

  it('import FILE --name, and refusing a file that is not a model', async () => {
    const i = await run(['import', model.path, '--name', 'clinic-ta']);
    expect(i.code).toBe(0);
    expect(i.stderr()).toMatch(/as clinic-ta .*sha256 [0-9a-f]{64} recorded/);
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'GGUF and then nothing useful at all.....................');
    await expect(run(['import', junk])).rejects.toThrow(/GGUF file/);
  });

  it('a full disk, an unknown model, a model that must be converted, bad arguments', async () => {
    await expect(run(['download', 'tiny-test'], { freeBytesOverride: 1000 })).rejects.toThrow(/Not enough disk space/);
    await expect(run(['download', 'nope'])).rejects.toThrow(UsageError);
    await expect(run(['download', 'telugu-medium'])).rejects.toThrow(/convert-h5-to-ggml/);
    await expect(run(['download'])).rejects.toThrow(/needs a model NAME/);
    await expect(run(['default', 'xx', 'base'])).rejects.toThrow(/LANG must be one of ta, te, en/);
    await expect(run(['frobnicate'])).rejects.toThrow(/there is no "models frobnicate"/);
    await expect(run(['verify', 'base'])).rejects.toThrow(/not installed/);
  });
});
