/**
 * RIFF/WAVE headers: reading any common layout (PCM 8/16/24/32-bit, float 32/64,
 * WAVE_FORMAT_EXTENSIBLE, chunks before and after `data`) and writing the canonical 44-byte
 * header. A header whose sizes are 0 or larger than the file (a recorder that died) is read
 * from the file length instead, and says so.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { AudioError } from './errors';

export type SampleEncoding = 'pcm' | 'float';

export interface WavFormat {
  formatTag: number;
  encoding: SampleEncoding;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

export interface WavLayout extends WavFormat {
  fileBytes: number;
  /** Byte offset of the `data` chunk's size field (the sample bytes start 4 bytes later). */
  dataSizeOffset: number;
  dataOffset: number;
  /** Whole frames that can actually be read. */
  dataBytes: number;
  declaredDataBytes: number;
  declaredRiffBytes: number;
  /** The sizes in the header were 0 or wrong; `dataBytes` comes from the file length. */
  sizeFromFileLength: boolean;
  /** The header promised more data than the file holds (cut short). */
  truncated: boolean;
  /** Another chunk follows the data (the data size is then trusted). */
  chunkAfterData: boolean;
  durationMs: number;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
const CODEC_NAMES: Record<number, string> = { 2: 'ADPCM', 6: 'A-law', 7: 'µ-law', 0x11: 'IMA ADPCM', 0x31: 'GSM 6.10', 0x55: 'MP3' };

type ReadAt = (offset: number, length: number) => Promise<Buffer>;

/** Reads the layout of a WAV file; throws AudioError with a clear message when it cannot be used. */
export async function readWavLayout(path: string): Promise<WavLayout> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const readAt: ReadAt = async (offset, length) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      if (buf.length) await fh.read(buf, 0, buf.length, offset);
      return buf;
    };
    return await parseWavLayout(readAt, size, basename(path));
  } finally {
    await fh.close();
  }
}

export function isRiffWave(head: Buffer): boolean {
  return head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WAVE';
}

export async function parseWavLayout(readAt: ReadAt, fileBytes: number, name: string): Promise<WavLayout> {
  if (fileBytes === 0) throw new AudioError('empty', `"${name}" is empty (0 bytes): there is no recording in it.`);
  const head = await readAt(0, 12);
  const magic = head.toString('latin1', 0, 4);
  if (head.length < 12 && 'RIFF'.startsWith(magic.slice(0, Math.min(4, head.length)))) {
    throw new AudioError('truncated-header', `"${name}" is cut short: its WAV header is incomplete (${fileBytes} bytes).`);
  }
  if (magic === 'RF64') throw new AudioError('unsupported-codec', `"${name}" is an RF64 (64-bit) WAV file, which MedScribe reads only through ffmpeg.`);
  if (!isRiffWave(head)) throw new AudioError('not-wav', `"${name}" is not a WAV recording (it does not start with a RIFF/WAVE header).`);
  const declaredRiffBytes = head.readUInt32LE(4);
  let fmt: WavFormat | undefined;
  let offset = 12;
  while (offset + 8 <= fileBytes) {
    const ch = await readAt(offset, 8);
    const id = ch.toString('latin1', 0, 4);
    const size = ch.readUInt32LE(4);
    if (id === 'fmt ') {
      fmt = parseFmt(await readAt(offset + 8, Math.min(size, 64)), name);
    } else if (id === 'data') {
      if (!fmt) throw new AudioError('bad-format', `"${name}" has its audio before the format chunk; it cannot be read.`);
      return dataLayout(fmt, readAt, { fileBytes, dataSizeOffset: offset + 4, declared: size, declaredRiffBytes }, name);
    } else if (!/^[\x20-\x7e]{4}$/.test(id)) {
      break;
    }
    offset += 8 + size + (size & 1);
  }
  if (!fmt) throw new AudioError('truncated-header', `"${name}" is cut short or damaged: no WAV format chunk was found.`);
  throw new AudioError('no-audio', `"${name}" has a WAV header but no audio data.`);
}

function parseFmt(b: Buffer, name: string): WavFormat {
  if (b.length < 16) throw new AudioError('truncated-header', `"${name}" is cut short: its WAV format chunk is incomplete.`);
  let formatTag = b.readUInt16LE(0);
  const channels = b.readUInt16LE(2);
  const sampleRate = b.readUInt32LE(4);
  const blockAlign = b.readUInt16LE(12);
  const bitsPerSample = b.readUInt16LE(14);
  if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
    if (b.length < 40) throw new AudioError('bad-format', `"${name}" has a damaged WAVE_FORMAT_EXTENSIBLE header.`);
    formatTag = b.readUInt16LE(24);
  }
  if (formatTag !== WAVE_FORMAT_PCM && formatTag !== WAVE_FORMAT_FLOAT) {
    const codec = CODEC_NAMES[formatTag] ?? `format 0x${formatTag.toString(16)}`;
    throw new AudioError('unsupported-codec', `"${name}" uses ${codec} compression; MedScribe reads PCM and float WAV directly and other formats only through ffmpeg.`);
  }
  const encoding: SampleEncoding = formatTag === WAVE_FORMAT_FLOAT ? 'float' : 'pcm';
  const bitsOk = encoding === 'pcm' ? [8, 16, 24, 32].includes(bitsPerSample) : [32, 64].includes(bitsPerSample);
  if (!bitsOk) throw new AudioError('bad-format', `"${name}" uses ${bitsPerSample}-bit ${encoding} samples, which MedScribe cannot read.`);
  if (channels < 1 || channels > 64) throw new AudioError('bad-format', `"${name}" claims ${channels} channels; the header is damaged.`);
  if (sampleRate < 1000 || sampleRate > 768_000) throw new AudioError('bad-format', `"${name}" claims a sample rate of ${sampleRate} Hz; the header is damaged.`);
  const expectedAlign = (channels * bitsPerSample) / 8;
  // Some writers leave blockAlign 0; anything else that disagrees means a damaged header.
  if (blockAlign !== 0 && blockAlign !== expectedAlign) throw new AudioError('bad-format', `"${name}" has an inconsistent WAV header (block size ${blockAlign}, expected ${expectedAlign}).`);
  return { formatTag, encoding, channels, sampleRate, bitsPerSample, blockAlign: expectedAlign };
}

async function dataLayout(
  fmt: WavFormat,
  readAt: ReadAt,
  at: { fileBytes: number; dataSizeOffset: number; declared: number; declaredRiffBytes: number },
  name: string,
): Promise<WavLayout> {
  const dataOffset = at.dataSizeOffset + 4;
  const available = Math.max(0, at.fileBytes - dataOffset);
  let readable = at.declared;
  let sizeFromFileLength = false;
  let chunkAfterData = false;
  if (at.declared === 0 || at.declared > available) {
    readable = available;
    sizeFromFileLength = true;
  } else if (available - at.declared >= fmt.blockAlign) {
    // A chunk after the data (LIST, id3…) means the size is right; otherwise the recorder kept
    // writing after its last header update, and the file length is the truth. (Less than one
    // frame left over is a partial last sample, not missing audio.)
    const next = await readAt(dataOffset + at.declared + (at.declared & 1), 8);
    chunkAfterData = next.length === 8 && /^[A-Za-z0-9 _-]{4}$/.test(next.toString('latin1', 0, 4));
    if (!chunkAfterData) {
      readable = available;
      sizeFromFileLength = true;
    }
  }
  const dataBytes = readable - (readable % fmt.blockAlign);
  if (dataBytes === 0) throw new AudioError('no-audio', `"${name}" has a WAV header but no audio samples.`);
  const truncated = at.declared > available && at.declared !== 0xffffffff;
  const durationMs = (dataBytes / fmt.blockAlign / fmt.sampleRate) * 1000;
  return { ...fmt, fileBytes: at.fileBytes, dataSizeOffset: at.dataSizeOffset, dataOffset, dataBytes, declaredDataBytes: at.declared, declaredRiffBytes: at.declaredRiffBytes, sizeFromFileLength, truncated, chunkAfterData, durationMs };
}

/** The canonical 44-byte header of a PCM (or float) WAV. */
export function wavHeader(o: { sampleRate: number; channels: number; bitsPerSample: number; dataBytes: number; float?: boolean }): Buffer {
  const b = Buffer.alloc(44);
  const blockAlign = (o.channels * o.bitsPerSample) / 8;
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(Math.min(0xffffffff, 36 + o.dataBytes), 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(o.float ? WAVE_FORMAT_FLOAT : WAVE_FORMAT_PCM, 20);
  b.writeUInt16LE(o.channels, 22);
  b.writeUInt32LE(o.sampleRate, 24);
  b.writeUInt32LE(o.sampleRate * blockAlign, 28);
  b.writeUInt16LE(blockAlign, 32);
  b.writeUInt16LE(o.bitsPerSample, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(Math.min(0xffffffff, o.dataBytes), 40);
  return b;
}
