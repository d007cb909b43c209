/**
 * Offline transcription speed: the real-time factor (processing time ÷ audio length) of the
 * whisper engine on a 60-second recording, with a model generated at the real dimensions of
 * whisper base (n_state 512, 6+6 layers, 8 heads, n_vocab 51865, n_audio_ctx 1500,
 * n_text_ctx 448, 80 mels, f16) and 2 threads. Target: RTF ≤ 0.3.
 *
 * Decoding is bounded: the generated model has random weights and a rigged output head that
 * ends each ≤30 s window after two decoder steps (random weights alone never end a window).
 * So what is timed is the real pipeline (VAD, chunking, child process, mel, the full encoder
 * per window) plus a bounded decode. whisper.cpp's own bench (encoder + per-token decoder
 * times) is printed too, to project the decode cost of real speech.
 *
 * A q8_0 model of the same size is measured too, and each model with both bindings the machine
 * can run (@fugood/whisper.node, the baseline, and @napi-rs/whisper: linux-x64/macOS with
 * AVX2), in the same run. Run: npm run bench:whisper
 * (BENCH_THREADS=2; the generated models are kept in bench/.out/).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareSpeech } from '../src/engine/audio/prepare';
import { espeakRecording, hasCommand, writeTestWav } from '../src/engine/audio/testing/fixtures';
import { speechLike } from '../src/engine/audio/testing/signal';
import { inspectGgml } from '../src/engine/stt/models/ggml-file';
import { WHISPER_BASE_DIMS, writeGgmlModel } from '../src/engine/stt/testing/ggml-model';
import { WhisperSpeechEngine } from '../src/engine/stt/whisper/whisper-engine';
import { resolveNapi } from '../src/engine/stt/whisper/worker-client';
import type { WhisperBackend } from '../src/engine/stt/whisper/worker-protocol';

const threads = Number(process.env.BENCH_THREADS ?? 2);
const outDir = fileURLToPath(new URL('../../bench/.out/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'medscribe-bench-whisper-'));
const AUDIO_MS = 60_000;
const BACKENDS: WhisperBackend[] = resolveNapi({}) ? ['fugood', 'napi'] : ['fugood'];

async function recording(): Promise<string> {
  const out = join(work, 'visit-60s.wav');
  if (hasCommand('espeak-ng') && hasCommand('sox')) {
    const long = espeakRecording(work, 'ta', { minMs: AUDIO_MS + 5000, pauseMs: 900 });
    execFileSync('sox', [long, out, 'trim', '0', String(AUDIO_MS / 1000)]);
    return out;
  }
  console.log('(espeak-ng or sox missing: using synthetic speech-like audio)');
  const voice = speechLike(0.3);
  await writeTestWav(out, { sampleRate: 16_000, durationMs: AUDIO_MS, signal: (t) => (t % 7 < 5.5 ? voice(t) : 0) });
  return out;
}

interface NativeBench {
  config: string;
  encodeMs: number;
  decodeMs: number;
  promptMs: number;
}

/** whisper.cpp's own bench, in this process: encoder per 30 s window, decoder per token, build flags. */
async function nativeBench(modelPath: string): Promise<NativeBench> {
  const binding = createRequire(import.meta.url)('@fugood/whisper.node') as {
    initWhisper(o: { filePath: string; useGpu: boolean }): Promise<{ bench(n: number): Promise<NativeBench>; release(): Promise<void> }>;
  };
  const ctx = await binding.initWhisper({ filePath: modelPath, useGpu: false });
  try {
    return await ctx.bench(threads);
  } finally {
    await ctx.release();
  }
}

try {
  const wav = await recording();
  let t = performance.now();
  const prepared = await prepareSpeech(wav, { outDir: work, ffmpegPath: null });
  console.log(`audio: ${(prepared.input.durationMs / 1000).toFixed(1)} s of Tamil speech (espeak-ng), read + resampled + VAD in ${(performance.now() - t).toFixed(0)} ms: ${prepared.analysis.chunks.length} windows, ${(prepared.analysis.speechMs / 1000).toFixed(1)} s of speech`);
  for (const quantization of ['f16', 'q8_0'] as const) {
    const modelPath = join(outDir, `ggml-generated-base-${quantization}.bin`);
    t = performance.now();
    if (!existsSync(modelPath) || (await inspectGgml(modelPath).then((i) => i.nAudioLayer !== 6, () => true))) {
      const m = await writeGgmlModel(modelPath, { ...WHISPER_BASE_DIMS, quantization, text: ' காய்ச்சல்' });
      console.log(`\nbase-size model, ${quantization}: generated ${(m.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s (${modelPath})`);
    } else {
      console.log(`\nbase-size model, ${quantization}: ${modelPath} (reused)`);
    }
    const warmBy = new Map<WhisperBackend, number>();
    for (const backend of BACKENDS) {
      const engine = new WhisperSpeechEngine({ modelPath, threads, backend });
      const runs: number[] = [];
      for (const label of ['cold', 'warm']) {
        t = performance.now();
        await engine.transcribe(prepared.input, { language: 'ta' });
        runs.push(performance.now() - t);
        const r = engine.lastRun!;
        if (r.backend !== backend) throw new Error(`asked for ${backend}, ran ${r.backend}`);
        console.log(`  ${backend} ${label}: ${(runs.at(-1)! / 1000).toFixed(2)} s (model load ${r.modelLoadMs.toFixed(0)} ms, VAD ${r.analysisMs.toFixed(0)} ms, whisper ${(r.transcribeMs / 1000).toFixed(2)} s for ${r.chunks} windows)`);
      }
      await engine.dispose();
      const [cold, warm] = runs as [number, number];
      warmBy.set(backend, warm);
      const base = warmBy.get('fugood')!;
      const ratio = backend === 'fugood' ? '' : `; ${(base / warm).toFixed(1)}× faster than fugood`;
      console.log(`  RTF ${quantization} ${backend}: ${(warm / AUDIO_MS).toFixed(3)} warm, ${(cold / AUDIO_MS).toFixed(3)} cold (incl. model load); target ≤ 0.3; ${threads} threads${ratio}`);
    }
    const b = await nativeBench(modelPath);
    console.log(`  whisper.cpp bench (fugood): encoder ${(b.encodeMs / 1000).toFixed(2)} s per 30 s window, decoder ${b.decodeMs.toFixed(1)} ms per token`);
    for (const tokens of [100, 200]) {
      const parts = [...warmBy].map(([backend, warm]) => {
        // @napi-rs/whisper has no bench(): its decoder is assumed to gain what its whole run gained.
        const perToken = b.decodeMs * (warm / warmBy.get('fugood')!);
        return `${backend} ${((warm + prepared.analysis.chunks.length * tokens * perToken) / AUDIO_MS).toFixed(3)}`;
      });
      console.log(`  projected RTF with ${tokens} decoded tokens per window (real speech): ${parts.join(', ')}`);
    }
    if (quantization === 'f16') console.log(`  whisper.cpp build: ${b.config.trim()}`);
  }
  console.log('\nTimed: VAD + chunking + child process + mel + full encoder per ≤30 s window + bounded decode (2 decoder steps per window: rigged output head).');
  console.log('The published linux-x64 binary of @fugood/whisper.node has no AVX/AVX2/FMA/F16C code (build flags above); the win32-x64 one has AVX2/FMA.');
  console.log('@napi-rs/whisper (linux-x64-gnu, macOS) is built with AVX2/FMA/F16C; the engine uses it where the CPU has them (MEDSCRIBE_WHISPER_BACKEND=fugood|napi forces one).');
} finally {
  rmSync(work, { recursive: true, force: true });
}
