/**
 * The legacy whisper ggml file layout (whisper.cpp `whisper_model_load`): magic, 11 int32
 * hparams, mel filters, vocabulary, tensors. Shared by the model verifier and the test-model
 * generator so both follow the loader's names, shapes and order.
 */
export const GGML_MAGIC = 0x67676d6c;
export const GGUF_MAGIC = 0x46554747;

export interface WhisperDims {
  nVocab: number;
  nAudioCtx: number;
  nAudioState: number;
  nAudioHead: number;
  nAudioLayer: number;
  nTextCtx: number;
  nTextState: number;
  nTextHead: number;
  nTextLayer: number;
  nMels: number;
}

export const HPARAM_ORDER: (keyof WhisperDims | 'ftype')[] = [
  'nVocab', 'nAudioCtx', 'nAudioState', 'nAudioHead', 'nAudioLayer', 'nTextCtx', 'nTextState', 'nTextHead', 'nTextLayer', 'nMels', 'ftype',
];

/** f32: always float32; conv: f16 (f32 in f32 models); weight: the model's type (f16 or quantized). */
export type TensorKind = 'f32' | 'conv' | 'weight';

export interface TensorLayout {
  name: string;
  /** ggml order: ne[0] varies fastest. */
  ne: number[];
  kind: TensorKind;
}

export function whisperTensors(d: WhisperDims): TensorLayout[] {
  const list: TensorLayout[] = [];
  const t = (name: string, ne: number[], kind: TensorKind = 'f32') => list.push({ name, ne, kind });
  const block = (prefix: string, s: number, cross: boolean) => {
    t(`${prefix}.mlp_ln.weight`, [s]);
    t(`${prefix}.mlp_ln.bias`, [s]);
    t(`${prefix}.mlp.0.weight`, [s, 4 * s], 'weight');
    t(`${prefix}.mlp.0.bias`, [4 * s]);
    t(`${prefix}.mlp.2.weight`, [4 * s, s], 'weight');
    t(`${prefix}.mlp.2.bias`, [s]);
    for (const a of cross ? ['attn', 'cross_attn'] : ['attn']) {
      t(`${prefix}.${a}_ln.weight`, [s]);
      t(`${prefix}.${a}_ln.bias`, [s]);
      t(`${prefix}.${a}.query.weight`, [s, s], 'weight');
      t(`${prefix}.${a}.query.bias`, [s]);
      t(`${prefix}.${a}.key.weight`, [s, s], 'weight');
      t(`${prefix}.${a}.value.weight`, [s, s], 'weight');
      t(`${prefix}.${a}.value.bias`, [s]);
      t(`${prefix}.${a}.out.weight`, [s, s], 'weight');
      t(`${prefix}.${a}.out.bias`, [s]);
    }
  };
  const s = d.nAudioState;
  t('encoder.positional_embedding', [s, d.nAudioCtx]);
  t('encoder.conv1.weight', [3, d.nMels, s], 'conv');
  t('encoder.conv1.bias', [1, s]);
  t('encoder.conv2.weight', [3, s, s], 'conv');
  t('encoder.conv2.bias', [1, s]);
  t('encoder.ln_post.weight', [s]);
  t('encoder.ln_post.bias', [s]);
  for (let i = 0; i < d.nAudioLayer; i++) block(`encoder.blocks.${i}`, s, false);
  const ts = d.nTextState;
  t('decoder.positional_embedding', [ts, d.nTextCtx]);
  t('decoder.token_embedding.weight', [ts, d.nVocab], 'weight');
  t('decoder.ln.weight', [ts]);
  t('decoder.ln.bias', [ts]);
  for (let i = 0; i < d.nTextLayer; i++) block(`decoder.blocks.${i}`, ts, true);
  return list;
}

/** ggml tensor types the whisper files use: [bytes per block, elements per block, name]. */
export const GGML_TYPES: Record<number, [number, number, string]> = {
  0: [4, 1, 'f32'],
  1: [2, 1, 'f16'],
  2: [18, 32, 'q4_0'],
  3: [20, 32, 'q4_1'],
  6: [22, 32, 'q5_0'],
  7: [24, 32, 'q5_1'],
  8: [34, 32, 'q8_0'],
  10: [84, 256, 'q2_K'],
  11: [110, 256, 'q3_K'],
  12: [144, 256, 'q4_K'],
  13: [176, 256, 'q5_K'],
  14: [210, 256, 'q6_K'],
};

/** The model file's ftype (after `% 1000`) → a readable name. */
export const FTYPE_NAMES: Record<number, string> = { 0: 'f32', 1: 'f16', 2: 'q4_0', 3: 'q4_1', 7: 'q8_0', 8: 'q5_0', 9: 'q5_1', 10: 'q2_K', 11: 'q3_K', 12: 'q4_K', 13: 'q5_K', 14: 'q6_K' };

/** The model's ftype → the ggml type of its big matrices (whisper.cpp's wtype). */
export const FTYPE_TO_TYPE: Record<number, number> = { 0: 0, 1: 1, 2: 2, 3: 3, 7: 8, 8: 6, 9: 7, 10: 10, 11: 11, 12: 12, 13: 13, 14: 14 };

/** The ggml type whisper.cpp's loader expects for a tensor of a model of this ftype. */
export function expectedType(kind: TensorKind, ftype: number): number {
  const wtype = FTYPE_TO_TYPE[ftype] ?? 1;
  if (kind === 'f32') return 0;
  if (kind === 'conv') return wtype === 0 ? 0 : 1;
  return wtype;
}

/** Size name whisper.cpp gives a model from its encoder depth. */
export function sizeName(d: Pick<WhisperDims, 'nAudioLayer' | 'nVocab'>): string {
  const names: Record<number, string> = { 4: 'tiny', 6: 'base', 12: 'small', 24: 'medium', 32: d.nVocab === 51866 ? 'large-v3' : 'large' };
  return names[d.nAudioLayer] ?? 'custom';
}
