/**
 * Test and benchmark recordings, made at run time (no audio is checked in): WAV files in any
 * layout from a sample function, and speech from espeak-ng (Debian: `espeak-ng -v ta/te`)
 * converted by sox to 16 kHz mono.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

export interface TestWavSpec {
  sampleRate: number;
  channels?: number;
  bits?: 8 | 16 | 24 | 32 | 64;
  float?: boolean;
  extensible?: boolean;
  durationMs: number;
  /** Sample value in [-1, 1] at time t (seconds) for channel ch. */
  signal: (t: number, ch: number) => number;
  /** Extra chunk (e.g. LIST) before the data. */
  extraChunkBefore?: boolean;
}

export function tone(freq: number, amp = 0.5): (t: number) => number {
  return (t) => amp * Math.sin(2 * Math.PI * freq * t);
}

function encodeSample(buf: Buffer, off: number, v: number, bits: number, float: boolean) {
  const c = Math.max(-1, Math.min(1, v));
  if (float) {
    if (bits === 64) buf.writeDoubleLE(v, off);
    else buf.writeFloatLE(v, off);
  } else if (bits === 8) buf.writeUInt8(Math.round(c * 127 + 128), off);
  else if (bits === 16) buf.writeInt16LE(Math.round(c * 32767), off);
  else if (bits === 24) buf.writeIntLE(Math.round(c * 8388607), off, 3);
  else buf.writeInt32LE(Math.round(c * 2147483647), off);
}

/** The header of a WAV in the requested layout (fmt size 16, or 40 for EXTENSIBLE). */
export function testWavHeader(spec: Omit<TestWavSpec, 'durationMs' | 'signal'>, dataBytes: number): Buffer {
  const channels = spec.channels ?? 1;
  const bits = spec.bits ?? 16;
  const fmtSize = spec.extensible ? 40 : 16;
  const fmt = Buffer.alloc(8 + fmtSize);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(fmtSize, 4);
  const code = spec.float ? 3 : 1;
  fmt.writeUInt16LE(spec.extensible ? 0xfffe : code, 8);
  fmt.writeUInt16LE(channels, 10);
  fmt.writeUInt32LE(spec.sampleRate, 12);
  fmt.writeUInt32LE((spec.sampleRate * channels * bits) / 8, 16);
  fmt.writeUInt16LE((channels * bits) / 8, 20);
  fmt.writeUInt16LE(bits, 22);
  if (spec.extensible) {
    fmt.writeUInt16LE(22, 24);
    fmt.writeUInt16LE(bits, 26);
    fmt.writeUInt32LE(channels === 2 ? 3 : 0, 28);
    // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: {0000000X-0000-0010-8000-00aa00389b71}
    Buffer.from([code, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71]).copy(fmt, 32);
  }
  const extra = spec.extraChunkBefore ? Buffer.concat([Buffer.from('LIST', 'latin1'), Buffer.from([5, 0, 0, 0]), Buffer.from('INFOx\0', 'latin1')]) : Buffer.alloc(0);
  const dataHead = Buffer.alloc(8);
  dataHead.write('data', 0, 'latin1');
  dataHead.writeUInt32LE(dataBytes, 4);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(4 + fmt.length + extra.length + 8 + dataBytes, 4);
  riff.write('WAVE', 8, 'latin1');
  return Buffer.concat([riff, fmt, extra, dataHead]);
}

/** Writes a WAV in the requested layout, in blocks (so a 60-minute file never sits in memory). */
export async function writeTestWav(path: string, spec: TestWavSpec): Promise<{ bytes: number; frames: number }> {
  const channels = spec.channels ?? 1;
  const bits = spec.bits ?? 16;
  const float = spec.float ?? false;
  const frames = Math.round((spec.durationMs / 1000) * spec.sampleRate);
  const frameBytes = (channels * bits) / 8;
  const fh = await open(path, 'w');
  try {
    const header = testWavHeader(spec, frames * frameBytes);
    await fh.write(header);
    const BLOCK = 65_536;
    const buf = Buffer.alloc(BLOCK * frameBytes);
    for (let f0 = 0; f0 < frames; f0 += BLOCK) {
      const n = Math.min(BLOCK, frames - f0);
      for (let f = 0; f < n; f++) {
        const t = (f0 + f) / spec.sampleRate;
        for (let c = 0; c < channels; c++) encodeSample(buf, (f * channels + c) * (bits / 8), spec.signal(t, c), bits, float);
      }
      await fh.write(buf, 0, n * frameBytes);
    }
    return { bytes: header.length + frames * frameBytes, frames };
  } finally {
    await fh.close();
  }
}

export function hasCommand(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error === undefined;
}

export const SPEECH_TEXT = {
  ta: ['வணக்கம் டாக்டர்.', 'எனக்கு மூன்று நாளா காய்ச்சல் இருக்கு.', 'தலைவலியும் இருக்கு, இருமல் இல்லை.', 'டோலோ 650 காலையும் ராத்திரியும் சாப்பாட்டுக்கு அப்புறம் எடுங்க.'],
  te: ['నమస్కారం డాక్టర్.', 'నాకు రెండు రోజులుగా జ్వరం ఉంది.', 'తలనొప్పి కూడా ఉంది, దగ్గు లేదు.', 'డోలో 650 రోజుకు రెండు సార్లు భోజనం తర్వాత వేసుకోండి.'],
  en: ['Good morning doctor.', 'I have had fever for three days.', 'There is a headache but no cough.', 'Take Dolo 650 twice a day after food.'],
} as const;

/**
 * Spoken sentences with pauses between them, as a 16 kHz mono 16-bit WAV (espeak-ng → sox).
 * Repeats the sentences until `minMs` of audio is reached. Needs espeak-ng and sox.
 */
export function espeakRecording(dir: string, lang: 'ta' | 'te' | 'en', opts: { pauseMs?: number; minMs?: number; name?: string } = {}): string {
  const pause = (opts.pauseMs ?? 800) / 1000;
  const parts: string[] = [];
  const sentences = SPEECH_TEXT[lang];
  let total = 0;
  for (let i = 0; i === 0 || total < (opts.minMs ?? 0); i++) {
    for (const [k, text] of sentences.entries()) {
      const raw = join(dir, `es-${lang}-${i}-${k}.wav`);
      const txt = join(dir, `es-${lang}-${k}.txt`);
      writeFileSync(txt, text);
      execFileSync('espeak-ng', ['-v', lang, '-s', '150', '-f', txt, '-w', raw], { stdio: 'ignore' });
      const padded = join(dir, `es-${lang}-${i}-${k}-16k.wav`);
      execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', padded, 'pad', '0', String(pause)], { stdio: 'ignore' });
      parts.push(padded);
      total += Number(execFileSync('soxi', ['-D', padded], { encoding: 'utf8' })) * 1000;
    }
  }
  const out = join(dir, opts.name ?? `speech-${lang}.wav`);
  execFileSync('sox', [...parts, out, 'pad', String(pause), '0'], { stdio: 'ignore' });
  return out;
}
