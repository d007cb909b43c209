/**
 * Memory of the streaming audio path: a generated 60-minute recording (44.1 kHz, stereo,
 * 16-bit, ~635 MB, written to a temp file in blocks) read through WAV decoding, downmix,
 * band-limited resampling to 16 kHz and VAD chunking. Prints the peak resident memory
 * (maxRSS) of this process. Target: ≤ 200 MB. Run: node scripts/run-ts.mjs bench/audio.ts
 * (or npm run bench:audio). MINUTES=… changes the length.
 */
import { open, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAudio } from '../src/engine/audio/source';
import { testWavHeader } from '../src/engine/audio/testing/fixtures';
import { SpeechAnalyzer } from '../src/engine/audio/vad';

const MINUTES = Number(process.env.MINUTES ?? 60);
const RATE = 44_100;
const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

/** 7 s of stereo s16: 5 s of speech-like sound (syllable rhythm), 2 s of faint noise. */
function pattern(): Buffer {
  const frames = RATE * 7;
  const b = Buffer.alloc(frames * 4);
  let seed = 1;
  for (let i = 0; i < frames; i++) {
    const t = i / RATE;
    seed = (seed * 1664525 + 1013904223) >>> 0;
    const hiss = (seed / 0xffffffff - 0.5) * 0.001;
    const voice = t < 5 ? 0.3 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) * (Math.sin(2 * Math.PI * 200 * t) + 0.5 * Math.sin(2 * Math.PI * 700 * t)) : 0;
    b.writeInt16LE(Math.round((voice + hiss) * 32767), i * 4);
    b.writeInt16LE(Math.round((voice * 0.8 + hiss) * 32767), i * 4 + 2);
  }
  return b;
}

const dir = await mkdtemp(join(tmpdir(), 'medscribe-bench-audio-'));
const path = join(dir, `visit-${MINUTES}min-44k-stereo.wav`);
try {
  const t0 = performance.now();
  const dataBytes = Math.round(MINUTES * 60 * RATE) * 4;
  const fh = await open(path, 'w');
  await fh.write(testWavHeader({ sampleRate: RATE, channels: 2, bits: 16 }, dataBytes));
  const block = pattern();
  for (let written = 0; written < dataBytes; written += block.length) await fh.write(block, 0, Math.min(block.length, dataBytes - written));
  await fh.close();
  const rssBefore = process.resourceUsage().maxRSS;
  console.log(`wrote ${(dataBytes / 1e6).toFixed(0)} MB (${MINUTES} min, 44.1 kHz stereo 16-bit) in ${((performance.now() - t0) / 1000).toFixed(1)} s; peak RSS so far ${mb(rssBefore)}`);

  const t1 = performance.now();
  const source = await openAudio(path, { ffmpegPath: null });
  const analyzer = new SpeechAnalyzer({ maxChunkMs: 30_000 });
  let samples = 0;
  let sampledRss = 0;
  for await (const b of source.blocks()) {
    analyzer.push(b);
    samples += b.length;
    if (samples % (16_000 * 600) < b.length) sampledRss = Math.max(sampledRss, process.memoryUsage().rss);
  }
  const a = analyzer.finish();
  const secs = (performance.now() - t1) / 1000;
  const peak = process.resourceUsage().maxRSS;
  console.log(`decoded + resampled to 16 kHz + VAD: ${(samples / 16_000 / 60).toFixed(1)} min in ${secs.toFixed(1)} s (${((MINUTES * 60) / secs).toFixed(0)}× real time)`);
  console.log(`VAD: ${a.chunks.length} chunks ≤ 30 s, ${(a.speechMs / 60_000).toFixed(1)} min of speech`);
  console.log(`peak RSS: ${mb(peak)} (target ≤ 200 MB); RSS sampled while streaming ≤ ${(sampledRss / 1048576).toFixed(1)} MB`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
