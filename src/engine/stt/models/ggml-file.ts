/**
 * Checks that a file is a whisper model whisper.cpp can load: the ggml magic, sane hparams,
 * the mel filters, the vocabulary, and (deep) every tensor's header, name and size, up to
 * the exact end of the file. Refuses GGUF files and PyTorch/safetensors checkpoints with a
 * sentence saying what to do.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { expectedType, FTYPE_NAMES, GGML_MAGIC, GGML_TYPES, GGUF_MAGIC, HPARAM_ORDER, sizeName, whisperTensors, type WhisperDims } from './ggml-layout';

export type ModelFileErrorCode = 'not-found' | 'bad-magic' | 'gguf' | 'checkpoint' | 'bad-header' | 'incomplete' | 'bad-tensor' | 'checksum';

export class ModelFileError extends Error {
  constructor(
    readonly code: ModelFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModelFileError';
  }
}

export interface GgmlInfo extends WhisperDims {
  ftype: number;
  ftypeName: string;
  multilingual: boolean;
  sizeName: string;
  bytes: number;
  /** Tensors checked (0 when not deep). */
  tensors: number;
}

class SeqReader {
  pos = 0;
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  constructor(
    private readonly fh: FileHandle,
    readonly size: number,
  ) {}

  async need(n: number): Promise<boolean> {
    if (this.pos + n > this.size) return false;
    if (this.pos >= this.bufStart && this.pos + n <= this.bufStart + this.buf.length) return true;
    const len = Math.min(Math.max(n, 1 << 20), this.size - this.pos);
    this.buf = Buffer.alloc(len);
    await this.fh.read(this.buf, 0, len, this.pos);
    this.bufStart = this.pos;
    return true;
  }

  async i32(): Promise<number | undefined> {
    if (!(await this.need(4))) return undefined;
    const v = this.buf.readInt32LE(this.pos - this.bufStart);
    this.pos += 4;
    return v;
  }

  async peek(n: number): Promise<Buffer> {
    await this.need(Math.min(n, this.size - this.pos));
    return this.buf.subarray(this.pos - this.bufStart, this.pos - this.bufStart + Math.min(n, this.size - this.pos));
  }

  async text(n: number): Promise<string | undefined> {
    if (!(await this.need(n))) return undefined;
    const s = this.buf.toString('utf8', this.pos - this.bufStart, this.pos - this.bufStart + n);
    this.pos += n;
    return s;
  }
}

export async function inspectGgml(path: string, opts: { deep?: boolean } = {}): Promise<GgmlInfo> {
  const name = basename(path);
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch {
    throw new ModelFileError('not-found', `The model file "${name}" does not exist or cannot be opened.`);
  }
  try {
    const { size } = await fh.stat();
    const r = new SeqReader(fh, size);
    return await inspect(r, name, opts.deep ?? true);
  } finally {
    await fh.close();
  }
}

async function inspect(r: SeqReader, name: string, deep: boolean): Promise<GgmlInfo> {
  const incomplete = (where: string) => new ModelFileError('incomplete', `"${name}" is incomplete: it ends inside ${where} (${r.size} bytes). Download or copy it again.`);
  const head = Buffer.from(await r.peek(12));
  const magic = await r.i32();
  if (magic === undefined) throw new ModelFileError('bad-magic', `"${name}" is not a whisper model (${r.size} bytes, too small).`);
  const m = magic >>> 0;
  if (m === GGUF_MAGIC) throw new ModelFileError('gguf', `"${name}" is a GGUF file; whisper.cpp needs a whisper model in the ggml .bin format (ggml-*.bin).`);
  // PyTorch .bin/.pt (zip "PK", or an old pickle 0x80) and safetensors (8-byte length, then "{").
  if (head.toString('latin1', 0, 2) === 'PK' || head[0] === 0x80 || head.toString('latin1', 8, 9) === '{') {
    throw new ModelFileError('checkpoint', `"${name}" looks like a PyTorch or safetensors checkpoint; convert it with whisper.cpp's models/convert-h5-to-ggml.py first.`);
  }
  if (m !== GGML_MAGIC) throw new ModelFileError('bad-magic', `"${name}" is not a whisper ggml model (bad magic 0x${m.toString(16).padStart(8, '0')}, expected 0x67676d6c "ggml").`);
  const v: number[] = [];
  for (let i = 0; i < HPARAM_ORDER.length; i++) {
    const x = await r.i32();
    if (x === undefined) throw incomplete('its header');
    v.push(x);
  }
  const at = (i: number) => v[i] ?? 0;
  const dims = {
    nVocab: at(0), nAudioCtx: at(1), nAudioState: at(2), nAudioHead: at(3), nAudioLayer: at(4),
    nTextCtx: at(5), nTextState: at(6), nTextHead: at(7), nTextLayer: at(8), nMels: at(9), ftype: at(10),
  };
  const ftype = dims.ftype % 1000;
  const bad = (why: string) => new ModelFileError('bad-header', `"${name}" has a damaged whisper header (${why}).`);
  if (dims.nVocab < 50_000 || dims.nVocab > 60_000) throw bad(`n_vocab ${dims.nVocab}`);
  if (dims.nAudioState !== dims.nTextState || dims.nAudioState < 8 || dims.nAudioState > 8192) throw bad(`n_state ${dims.nAudioState}/${dims.nTextState}`);
  if (dims.nAudioHead < 1 || dims.nAudioState % dims.nAudioHead || dims.nTextHead < 1 || dims.nTextState % dims.nTextHead) throw bad(`${dims.nAudioHead}/${dims.nTextHead} heads`);
  if (dims.nAudioLayer < 1 || dims.nAudioLayer > 64 || dims.nTextLayer < 1 || dims.nTextLayer > 64) throw bad(`${dims.nAudioLayer}/${dims.nTextLayer} layers`);
  if (dims.nAudioCtx < 1 || dims.nAudioCtx > 1500 || dims.nTextCtx < 8 || dims.nTextCtx > 4096) throw bad(`context ${dims.nAudioCtx}/${dims.nTextCtx}`);
  if (dims.nMels !== 80 && dims.nMels !== 128) throw bad(`${dims.nMels} mel bands`);
  if (!(ftype in FTYPE_NAMES)) throw bad(`ftype ${dims.ftype}`);
  const nMel = await r.i32();
  const nFft = await r.i32();
  if (nMel === undefined || nFft === undefined) throw incomplete('its mel filters');
  if (nMel !== dims.nMels || nFft < 1 || nFft > 4096) throw bad(`mel filters ${nMel}×${nFft}`);
  r.pos += nMel * nFft * 4;
  const nVocabFile = await r.i32();
  if (nVocabFile === undefined) throw incomplete('its vocabulary');
  if (nVocabFile < 0 || nVocabFile > dims.nVocab) throw bad(`vocabulary of ${nVocabFile} tokens`);
  for (let i = 0; i < nVocabFile; i++) {
    const len = await r.i32();
    if (len === undefined) throw incomplete('its vocabulary');
    if (len < 0 || len > 1024) throw bad(`token ${i} of length ${len}`);
    r.pos += len;
  }
  if (r.pos > r.size) throw incomplete('its vocabulary');
  const info: GgmlInfo = { ...dims, ftype, ftypeName: FTYPE_NAMES[ftype]!, multilingual: dims.nVocab >= 51865, sizeName: sizeName(dims), bytes: r.size, tensors: 0 };
  if (deep) info.tensors = await checkTensors(r, dims, ftype, name, incomplete);
  return info;
}

async function checkTensors(r: SeqReader, dims: WhisperDims, ftype: number, name: string, incomplete: (w: string) => ModelFileError): Promise<number> {
  const expected = new Map(whisperTensors(dims).map((t) => [t.name, t]));
  const seen = new Set<string>();
  const badTensor = (why: string) => new ModelFileError('bad-tensor', `"${name}" is not a model whisper.cpp can load (${why}).`);
  while (r.pos < r.size) {
    const nDims = await r.i32();
    const nameLen = await r.i32();
    const ttype = await r.i32();
    if (nDims === undefined || nameLen === undefined || ttype === undefined) throw incomplete('a tensor header');
    if (nDims < 1 || nDims > 4 || nameLen < 1 || nameLen > 256) throw badTensor(`a tensor header at byte ${r.pos - 12} makes no sense`);
    const ne: number[] = [];
    for (let i = 0; i < nDims; i++) {
      const v = await r.i32();
      if (v === undefined) throw incomplete('a tensor header');
      ne.push(v);
    }
    const tname = await r.text(nameLen);
    if (tname === undefined) throw incomplete('a tensor name');
    const spec = expected.get(tname);
    if (!spec) throw badTensor(`unknown tensor "${tname.slice(0, 60)}"`);
    if (seen.has(tname)) throw badTensor(`tensor "${tname}" appears twice`);
    seen.add(tname);
    const shape = [...spec.ne, 1, 1, 1].slice(0, 3).join('×');
    if ([...ne, 1, 1, 1].slice(0, 3).join('×') !== shape) throw badTensor(`tensor "${tname}" has shape ${ne.join('×')}, expected ${spec.ne.join('×')}`);
    const type = GGML_TYPES[ttype];
    if (!type) throw badTensor(`tensor "${tname}" has unknown type ${ttype}`);
    const want = GGML_TYPES[expectedType(spec.kind, ftype)]?.[2];
    if (want !== type[2]) throw badTensor(`tensor "${tname}" is stored as ${type[2]}, but a ${FTYPE_NAMES[ftype]} model needs ${want}`);
    const elements = ne.reduce((a, b) => a * b, 1);
    if (elements % type[1]) throw badTensor(`tensor "${tname}" does not fit its ${type[2]} blocks`);
    const bytes = (elements / type[1]) * type[0];
    if (r.pos + bytes > r.size) throw incomplete(`tensor "${tname}"`);
    r.pos += bytes;
  }
  if (seen.size !== expected.size) {
    const missing = [...expected.keys()].filter((k) => !seen.has(k));
    throw incomplete(`the tensors (${missing.length} of ${expected.size} missing, first "${missing[0]}")`);
  }
  return seen.size;
}
