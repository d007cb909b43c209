import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGgmlModel, type GeneratedModel } from '../testing/ggml-model';
import { startModelServer, type ModelServer } from '../testing/model-server';
import { loadCatalog, modelUrl, parseCatalog, type ModelCatalog } from './catalog';
import { inspectGgml, ModelFileError } from './ggml-file';
import { ModelStore, ModelStoreError, modelsDir } from './store';

const resourcesDir = fileURLToPath(new URL('../../../../resources/', import.meta.url));
let dir: string;
let model: GeneratedModel;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medscribe-models-'));
  model = await writeGgmlModel(join(dir, 'ggml-tiny-test.bin'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function fileError(p: Promise<unknown>): Promise<ModelFileError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ModelFileError);
  return err as ModelFileError;
}

function variant(name: string, edit: (b: Buffer) => Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, edit(Buffer.from(readFileSync(model.path))));
  return path;
}

describe('ggml model files', () => {
  it('reads and checks a generated model to its last byte', async () => {
    const info = await inspectGgml(model.path);
    expect(info).toMatchObject({ nVocab: 51865, nAudioState: 64, nAudioLayer: 1, nAudioHead: 2, nMels: 80, ftype: 1, ftypeName: 'f16', multilingual: true, sizeName: 'custom', tensors: 50, bytes: model.bytes });
    expect(model.bytes).toBeGreaterThan(7_000_000);
    expect(model.bytes).toBeLessThan(9_000_000);
  });

  it('reads an 8-bit model, and refuses a tensor stored in a type the loader does not expect', async () => {
    const q8 = await writeGgmlModel(join(dir, 'q8.bin'), { quantization: 'q8_0' });
    expect(await inspectGgml(q8.path)).toMatchObject({ ftype: 7, ftypeName: 'q8_0', tensors: 50 });
    expect(q8.bytes).toBeLessThan(model.bytes * 0.6);
    // The same bytes with the header saying f16: the big matrices are then the wrong type.
    const lie = variant('q8-says-f16.bin', () => {
      const b = Buffer.from(readFileSync(q8.path));
      b.writeInt32LE(1, 44);
      return b;
    });
    expect((await fileError(inspectGgml(lie))).message).toMatch(/is stored as q8_0, but a f16 model needs f16/);
  });

  it('refuses a bad magic, GGUF, a PyTorch checkpoint, an empty file', async () => {
    expect((await fileError(inspectGgml(variant('bad-magic.bin', (b) => (b.writeUInt32LE(0x12345678, 0), b))))).message).toMatch(/bad magic 0x12345678/);
    expect((await fileError(inspectGgml(variant('x.gguf', (b) => (b.write('GGUF', 0, 'latin1'), b))))).code).toBe('gguf');
    expect((await fileError(inspectGgml(variant('pytorch_model.bin', (b) => (b.write('PK\x03\x04', 0, 'latin1'), b))))).code).toBe('checkpoint');
    expect((await fileError(inspectGgml(variant('empty.bin', () => Buffer.alloc(0))))).code).toBe('bad-magic');
    expect((await fileError(inspectGgml(join(dir, 'nothing.bin')))).code).toBe('not-found');
  });

  it('refuses damaged hparams and truncated files, saying where they end', async () => {
    expect((await fileError(inspectGgml(variant('vocab.bin', (b) => (b.writeInt32LE(7, 4), b))))).message).toMatch(/damaged whisper header \(n_vocab 7\)/);
    expect((await fileError(inspectGgml(variant('heads.bin', (b) => (b.writeInt32LE(3, 16), b))))).code).toBe('bad-header');
    const half = await fileError(inspectGgml(variant('half.bin', (b) => b.subarray(0, b.length >> 1))));
    expect(half.code).toBe('incomplete');
    expect(half.message).toMatch(/ends inside tensor "decoder\.token_embedding\.weight"/);
    expect((await fileError(inspectGgml(variant('head-only.bin', (b) => b.subarray(0, 30))))).message).toMatch(/ends inside its header/);
    expect((await fileError(inspectGgml(variant('tail.bin', (b) => Buffer.concat([b, Buffer.from([1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 102, 111, 111])]))))).message).toMatch(/unknown tensor "foo"/);
  });
});

describe('the catalog', () => {
  it('loads, with published hashes only where known, and the Tamil/Telugu fine-tunes as import-only', () => {
    const c = loadCatalog(resourcesDir);
    for (const name of ['tiny', 'tiny-q5_1', 'tiny-q8_0', 'base', 'base-q5_1', 'base-q8_0', 'small', 'small-q5_1', 'small-q8_0', 'medium', 'medium-q5_0', 'medium-q8_0']) {
      const m = c.models.find((x) => x.name === name);
      expect(m?.download, name).toBe(true);
      expect(m?.sha256, name).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(c.models.find((m) => m.name === 'base')?.sha256).toBe('60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe');
    for (const m of c.models.filter((x) => /tamil|telugu/.test(x.name))) expect(m).toMatchObject({ download: false, sha256: null });
    expect(c.models.find((m) => m.name === 'tamil-medium')?.languages).toEqual(['ta']);
  });

  it('MEDSCRIBE_MODELS_URL replaces the download host', () => {
    const c = loadCatalog(resourcesDir);
    const base = c.models.find((m) => m.name === 'base')!;
    expect(modelUrl(c, base, {})).toMatch(/^https:\/\/huggingface\.co\/ggerganov\/whisper\.cpp\/resolve\/[0-9a-f]{40}\/ggml-base\.bin$/);
    expect(modelUrl(c, base, { MEDSCRIBE_MODELS_URL: 'http://127.0.0.1:9/m/' })).toBe('http://127.0.0.1:9/m/ggml-base.bin');
  });

  it('refuses a catalog that offers a download without a hash', () => {
    const c = structuredClone(loadCatalog(resourcesDir)) as ModelCatalog;
    c.models[0]!.sha256 = null;
    expect(() => parseCatalog(c)).toThrow(/without its sha256/);
  });

  it('models live in MEDSCRIBE_HOME/models', () => {
    expect(modelsDir({ MEDSCRIBE_HOME: '/data/ms' })).toBe(join('/data/ms', 'models'));
  });
});

describe('model store', () => {
  let server: ModelServer;
  let catalog: ModelCatalog;
  beforeAll(async () => {
    server = await startModelServer();
    server.files.set('ggml-tiny-test.bin', readFileSync(model.path));
    const real = loadCatalog(resourcesDir);
    catalog = parseCatalog({
      ...real,
      models: [
        ...real.models,
        { ...real.models[0]!, name: 'tiny-test', file: 'ggml-tiny-test.bin', layers: 1, bytes: model.bytes, sha256: model.sha256 },
        { ...real.models[0]!, name: 'tiny-wrong', file: 'ggml-tiny-test.bin', layers: 1, bytes: model.bytes, sha256: 'ab'.repeat(32) },
      ],
    });
  });
  afterAll(() => server.close());

  const store = (home: string) => new ModelStore(join(home, 'models'), catalog, { MEDSCRIBE_MODELS_URL: server.url });

  it('downloads a catalog model from the (test) server, verifies and installs it; a second call is a no-op', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const s = store(home);
    const m = await s.download('tiny-test', { progressIntervalMs: 0 });
    expect(m).toMatchObject({ name: 'tiny-test', sha256: model.sha256, source: 'download', checkedAgainst: 'catalog', layers: 1, quantization: 'f16' });
    expect(readFileSync(m.path).length).toBe(model.bytes);
    expect(await s.verify('tiny-test')).toEqual({ sha256: model.sha256, against: 'catalog' });
    // A new store reads the manifest back.
    expect(store(home).get('tiny-test')?.path).toBe(m.path);
    const before = server.requests.length;
    await s.download('tiny-test');
    expect(server.requests.length).toBe(before);
  });

  it('refuses a download whose checksum is wrong, and names that cannot be downloaded', async () => {
    const s = store(mkdtempSync(join(dir, 'home-')));
    await expect(s.download('tiny-wrong')).rejects.toMatchObject({ code: 'checksum' });
    await expect(s.download('tamil-medium')).rejects.toThrow(/convert-h5-to-ggml\.py.*models import FILE --name tamil-medium/);
    await expect(s.download('nope')).rejects.toBeInstanceOf(ModelStoreError);
  });

  it('imports a file, records its hash, verifies it, finds a damaged copy, removes it', async () => {
    const home = mkdtempSync(join(dir, 'home-'));
    const s = store(home);
    const m = await s.import(model.path, { name: 'my-model' });
    expect(m).toMatchObject({ name: 'my-model', file: 'ggml-my-model.bin', checkedAgainst: 'import', languages: ['ta', 'te', 'en'] });
    expect(await s.verify('my-model')).toMatchObject({ against: 'import' });
    const damaged = Buffer.from(readFileSync(m.path));
    damaged[damaged.length - 1]! ^= 0xff;
    writeFileSync(m.path, damaged);
    await expect(s.verify('my-model')).rejects.toThrow(/is damaged/);
    await s.setDefault('ta', 'my-model');
    await s.remove('my-model');
    expect(existsSync(m.path)).toBe(false);
    expect(s.get('my-model')).toBeUndefined();
    expect(s.defaults()).toEqual({});
  });

  it('import checks the file against the catalog entry of the same name', async () => {
    const s = store(mkdtempSync(join(dir, 'home-')));
    await expect(s.import(model.path, { name: 'base' })).rejects.toThrow(/1 encoder layers\) but "base" in the catalog has 6/);
    await expect(s.import(model.path, { name: 'tiny-wrong' })).rejects.toMatchObject({ code: 'checksum' });
    await expect(s.import(variant('bad.bin', (b) => (b.writeUInt32LE(1, 0), b)))).rejects.toMatchObject({ code: 'bad-magic' });
    await expect(s.import(model.path, { name: 'Bad Name' })).rejects.toThrow(/cannot be a model name/);
    // Without --name the name comes from the file (ggml-tiny-test.bin → tiny-test: the catalog entry).
    expect(await s.import(model.path)).toMatchObject({ name: 'tiny-test', checkedAgainst: 'catalog' });
  });

  it('chooses a default per language: the doctor’s choice, else the catalog preference', async () => {
    const s = store(mkdtempSync(join(dir, 'home-')));
    expect(s.defaultFor('ta')).toBeUndefined();
    await s.import(model.path, { name: 'a-model' });
    expect(s.defaultFor('ta')?.name).toBe('a-model');
    await s.import(model.path, { name: 'tiny-test' });
    await s.setDefault('te', 'a-model');
    expect(s.defaultFor('te')?.name).toBe('a-model');
    await expect(s.setDefault('en', 'missing')).rejects.toThrow(/not installed/);
  });
});
