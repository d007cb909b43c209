/**
 * The Slaney-style mel filterbank whisper uses (librosa.filters.mel(sr=16000, n_fft=400,
 * n_mels=80), the default `htk=False`, `norm='slaney'`), as stored in a ggml model file:
 * n_mels rows of n_fft/2+1 floats.
 */
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

function hzToMel(hz: number): number {
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
}

function melToHz(mel: number): number {
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

export function melFilterbank(nMels = 80, nFft = 400, sampleRate = 16_000): Float32Array {
  const nBins = Math.floor(nFft / 2) + 1;
  const out = new Float32Array(nMels * nBins);
  const fftFreqs = Array.from({ length: nBins }, (_, i) => (i * sampleRate) / nFft);
  const maxMel = hzToMel(sampleRate / 2);
  const melPoints = Array.from({ length: nMels + 2 }, (_, i) => melToHz((i * maxMel) / (nMels + 1)));
  for (let m = 0; m < nMels; m++) {
    const lo = melPoints[m]!;
    const mid = melPoints[m + 1]!;
    const hi = melPoints[m + 2]!;
    const enorm = 2 / (hi - lo);
    for (let b = 0; b < nBins; b++) {
      const f = fftFreqs[b]!;
      const w = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
      out[m * nBins + b] = w * enorm;
    }
  }
  return out;
}
