/**
 * Writes a whisper model with random weights in the legacy ggml format that whisper.cpp's
 * loader reads (src/whisper.cpp `whisper_model_load`): magic `ggml`, 11 int32 hparams, the
 * mel filterbank, the vocabulary, then every tensor (n_dims, name length, type, shape, name,
 * data) under the loader's names and shapes, in the loader's order.
 *
 * The output is nonsense by design. Random weights never emit end-of-text, so by default
 * ("rigged" output head) the final decoder layer norm is set to a constant vector and
 * three rows of the token embedding are aligned with it: the decoder then says one chosen token
 * (`text`) and the 30.00 s timestamp, which ends a ≤30 s window after two decoder steps.
 * Everything else (encoder, decoder blocks, the other 51 k embedding rows) stays random, so
 * the encoder costs what a real model of the same size costs. With `rigged: false` decoding
 * runs to the context limit: time the encoder alone with such a model.
 *
 * Used by the tests (tiny: n_state 64, one layer, ~8 MB) and bench/whisper.ts (base size).
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { GGML_MAGIC, whisperTensors, type WhisperDims } from '../models/ggml-layout';
import { melFilterbank } from './mel-filters';

export type GgmlModelDims = WhisperDims;

export interface GgmlModelOptions extends Partial<GgmlModelDims> {
  seed?: number;
  /** The one token the rigged decoder says (UTF-8, any script). */
  text?: string;
  rigged?: boolean;
  /** Big matrices in f16 (default) or 8-bit blocks (what whisper.cpp's quantize writes for q8_0). */
  quantization?: 'f16' | 'q8_0';
}

/** Small enough for unit tests; whisper.cpp 1.5 segfaults with one head, so two. */
export const TINY_TEST_DIMS: GgmlModelDims = {
  nVocab: 51865, nAudioCtx: 1500, nAudioState: 64, nAudioHead: 2, nAudioLayer: 1,
  nTextCtx: 448, nTextState: 64, nTextHead: 2, nTextLayer: 1, nMels: 80,
};

/** The real dimensions of whisper base (multilingual). */
export const WHISPER_BASE_DIMS: GgmlModelDims = {
  nVocab: 51865, nAudioCtx: 1500, nAudioState: 512, nAudioHead: 8, nAudioLayer: 6,
  nTextCtx: 448, nTextState: 512, nTextHead: 8, nTextLayer: 6, nMels: 80,
};

const FTYPE: Record<'f16' | 'q8_0', number> = { f16: 1, q8_0: 7 };
const T_F32 = 0;
const T_F16 = 1;
const T_Q8_0 = 8;
/** Multilingual vocabulary layout (n_vocab 51865): the first timestamp <|0.00|>, and our word. */
const TOKEN_BEG = 50364;
const TOKEN_TEXT = 256;

type Fill = 'random' | 'ones' | 'zeros' | 'rig-ln-bias' | 'embedding';
interface TensorSpec {
  name: string;
  ne: number[];
  type: typeof T_F32 | typeof T_F16 | typeof T_Q8_0;
  fill: Fill;
}

/** The loader's tensors, with what to fill them with. */
function tensorList(d: GgmlModelDims, rigged: boolean, q8: boolean): TensorSpec[] {
  return whisperTensors(d).map(({ name, ne, kind }) => {
    let fill: Fill = 'random';
    if (/(?:_ln|\.ln_post|\.ln)\.weight$/.test(name)) fill = 'ones';
    else if (/(?:_ln|\.ln_post|\.ln)\.bias$/.test(name)) fill = 'zeros';
    if (rigged && name === 'decoder.ln.weight') fill = 'zeros';
    if (rigged && name === 'decoder.ln.bias') fill = 'rig-ln-bias';
    if (rigged && name === 'decoder.token_embedding.weight') fill = 'embedding';
    return { name, ne, type: kind === 'f32' ? T_F32 : kind === 'weight' && q8 ? T_Q8_0 : T_F16, fill };
  });
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return (x ^ (x >>> 14)) >>> 0;
  };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** float32 → IEEE half (round to nearest; the values here are small and normal). */
export function toHalf(v: number): number {
  f32[0] = v;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  if (exp <= 0) return sign;
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | (((x >>> 13) & 0x3ff) + ((x >>> 12) & 1));
}

/** The ±1 pattern of the rigged final layer norm's bias. */
const rigSign = (i: number) => (((i * 2654435761) >>> 7) & 1 ? 1 : -1);
/** Logits of the rigged head: the text token first, then the 30.00 s timestamp. */
const RIG_LOGITS: ReadonlyArray<[number, number]> = [[TOKEN_TEXT, 26], [TOKEN_BEG, 18.5], [TOKEN_BEG + 1500, 27.5]];

export interface GeneratedModel {
  path: string;
  bytes: number;
  sha256: string;
  dims: GgmlModelDims;
}

export async function writeGgmlModel(path: string, options: GgmlModelOptions = {}): Promise<GeneratedModel> {
  const dims: GgmlModelDims = { ...TINY_TEST_DIMS, ...pick(options) };
  if (dims.nAudioState !== dims.nTextState) throw new Error('whisper.cpp needs n_audio_state == n_text_state');
  if (dims.nVocab < TOKEN_BEG + 1501) throw new Error('the generator writes multilingual models (n_vocab ≥ 51865)');
  const rigged = options.rigged ?? true;
  const rand = prng(options.seed ?? 1);
  const hash = createHash('sha256');
  const fh = await open(path, 'w');
  let bytes = 0;
  const write = async (buf: Uint8Array) => {
    hash.update(buf);
    bytes += buf.byteLength;
    await fh.write(buf);
  };
  try {
    const head = Buffer.alloc(4 + 11 * 4);
    head.writeUInt32LE(GGML_MAGIC, 0);
    const h = [dims.nVocab, dims.nAudioCtx, dims.nAudioState, dims.nAudioHead, dims.nAudioLayer, dims.nTextCtx, dims.nTextState, dims.nTextHead, dims.nTextLayer, dims.nMels, FTYPE[options.quantization ?? 'f16']];
    h.forEach((v, i) => head.writeInt32LE(v, 4 + 4 * i));
    await write(head);
    const filters = melFilterbank(dims.nMels, 400);
    const fHead = Buffer.alloc(8);
    fHead.writeInt32LE(dims.nMels, 0);
    fHead.writeInt32LE(201, 4);
    await write(fHead);
    await write(new Uint8Array(filters.buffer));
    await write(vocabulary(options.text ?? ' ok'));
    for (const spec of tensorList(dims, rigged, options.quantization === 'q8_0')) await writeTensor(spec, rand, write);
  } finally {
    await fh.close();
  }
  return { path, bytes, sha256: hash.digest('hex'), dims };
}

function pick(o: GgmlModelOptions): Partial<GgmlModelDims> {
  const out: Partial<GgmlModelDims> = {};
  for (const k of Object.keys(TINY_TEST_DIMS) as (keyof GgmlModelDims)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** 256 single-byte tokens (the tokenizer can spell any prompt; " " must exist), then the rigged word. */
function vocabulary(text: string): Buffer {
  const parts: Buffer[] = [];
  const entry = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(b.length, 0);
    parts.push(len, b);
  };
  const count = Buffer.alloc(4);
  count.writeInt32LE(TOKEN_TEXT + 1, 0);
  parts.push(count);
  for (let i = 0; i < 256; i++) entry(Buffer.from([i]));
  entry(Buffer.from(text, 'utf8'));
  return Buffer.concat(parts);
}

async function writeTensor(spec: TensorSpec, rand: () => number, write: (b: Uint8Array) => Promise<void>) {
  const nameBytes = Buffer.from(spec.name, 'utf8');
  const header = Buffer.alloc(12 + 4 * spec.ne.length);
  header.writeInt32LE(spec.ne.length, 0);
  header.writeInt32LE(nameBytes.length, 4);
  header.writeInt32LE(spec.type, 8);
  spec.ne.forEach((n, i) => header.writeInt32LE(n, 12 + 4 * i));
  await write(header);
  await write(nameBytes);
  const total = spec.ne.reduce((a, b) => a * b, 1);
  const rowLen = spec.ne[0]!;
  const CHUNK = 1 << 19;
  for (let start = 0; start < total; start += CHUNK) {
    const n = Math.min(CHUNK, total - start);
    if (spec.type === T_Q8_0) {
      await write(q8Blocks(n, start, rowLen, rand, spec.fill === 'embedding'));
    } else if (spec.type === T_F16) {
      const out = new Uint16Array(n);
      for (let i = 0; i < n; i += 2) {
        const r = rand();
        // Random halves with magnitudes 2^-8 … 2^-4 (exponent field 7…10), random sign.
        out[i] = ((r & 1) << 15) | ((7 + ((r >>> 1) & 3)) << 10) | ((r >>> 3) & 0x3ff);
        if (i + 1 < n) out[i + 1] = (((r >>> 13) & 1) << 15) | ((7 + ((r >>> 14) & 3)) << 10) | ((r >>> 16) & 0x3ff);
      }
      if (spec.fill === 'embedding') rigEmbedding(out, start, rowLen);
      await write(new Uint8Array(out.buffer));
    } else {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const j = start + i;
        if (spec.fill === 'ones') out[i] = 1;
        else if (spec.fill === 'zeros') out[i] = 0;
        else if (spec.fill === 'rig-ln-bias') out[i] = rigSign(j);
        else out[i] = ((rand() / 0xffffffff) * 2 - 1) * 0.02;
      }
      await write(new Uint8Array(out.buffer));
    }
  }
}

/** q8_0 blocks (f16 scale d, 32 int8 q; value = d·q) for elements start … start+n (n, rows: multiples of 32). */
function q8Blocks(n: number, start: number, rowLen: number, rand: () => number, rig: boolean): Uint8Array {
  const out = Buffer.alloc((n / 32) * 34);
  const rigs = rig ? new Map(RIG_LOGITS.map(([token, logit]) => [token, logit / rowLen])) : undefined;
  for (let b = 0; b < n / 32; b++) {
    const first = start + b * 32;
    const c = rigs?.get(Math.floor(first / rowLen));
    out.writeUInt16LE(toHalf(c === undefined ? 0.0004 : Math.abs(c) / 127), b * 34);
    for (let i = 0; i < 32; i++) {
      const q = c === undefined ? (rand() & 0xff) - 128 : 127 * Math.sign(c) * rigSign((first + i) % rowLen);
      out.writeInt8(Math.max(-127, q), b * 34 + 2 + i);
    }
  }
  return out;
}

/** Rows of the rigged tokens: c·b with b the ±1 layer-norm bias, so that logit = c·n_state. */
function rigEmbedding(out: Uint16Array, start: number, rowLen: number) {
  for (const [token, logit] of RIG_LOGITS) {
    const c = logit / rowLen;
    for (let k = 0; k < rowLen; k++) {
      const j = token * rowLen + k - start;
      if (j >= 0 && j < out.length) out[j] = toHalf(c * rigSign(k));
    }
  }
  // End-of-text (50257) keeps a random row: it must lose to the text token and to the timestamp.
}
