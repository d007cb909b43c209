/** Sample conversion: interleaved WAV frames of any supported layout → mono float, and float → s16le. */
import type { WavFormat } from './wav-header';

/**
 * Decodes whole frames (`bytes.length` a multiple of blockAlign) to mono float samples in
 * [-1, 1], averaging the channels.
 */
export function decodeFramesToMono(bytes: Uint8Array, fmt: Pick<WavFormat, 'encoding' | 'bitsPerSample' | 'channels'>): Float32Array {
  const { channels, bitsPerSample } = fmt;
  const bytesPerSample = bitsPerSample / 8;
  const frames = Math.floor(bytes.length / (bytesPerSample * channels));
  const out = new Float32Array(frames);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = sampleReader(view, bytes, fmt);
  const scale = 1 / channels;
  let p = 0;
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++, p += bytesPerSample) sum += read(p);
    out[f] = sum * scale;
  }
  return out;
}

function sampleReader(view: DataView, bytes: Uint8Array, fmt: Pick<WavFormat, 'encoding' | 'bitsPerSample'>): (p: number) => number {
  if (fmt.encoding === 'float') {
    return fmt.bitsPerSample === 64 ? (p) => view.getFloat64(p, true) : (p) => view.getFloat32(p, true);
  }
  switch (fmt.bitsPerSample) {
    case 8:
      return (p) => (bytes[p]! - 128) / 128;
    case 16:
      return (p) => view.getInt16(p, true) / 32768;
    case 24:
      return (p) => (((bytes[p + 2]! << 24) | (bytes[p + 1]! << 16) | (bytes[p]! << 8)) >> 8) / 8388608;
    default:
      return (p) => view.getInt32(p, true) / 2147483648;
  }
}

/** Float samples → signed 16-bit little-endian bytes (clipped, rounded). */
export function floatToS16(samples: Float32Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i]!));
    out.writeInt16LE(Math.round(v < 0 ? v * 32768 : v * 32767), i * 2);
  }
  return out;
}

/** s16le bytes → float samples. */
export function s16ToFloat(bytes: Uint8Array): Float32Array {
  const n = Math.floor(bytes.length / 2);
  const out = new Float32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 2);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true) / 32768;
  return out;
}
