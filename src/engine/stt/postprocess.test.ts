import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanSegments, collapseLoops, isFiller, scriptFlag, type RawSegment } from './postprocess';
import { buildPrompt, latinAllowlist } from './prompt';
import { toSourceMs } from './whisper/whisper-engine';

const resourcesDir = fileURLToPath(new URL('../../../resources/', import.meta.url));
const allow = latinAllowlist(undefined, resourcesDir);

describe('script check', () => {
  it('Tamil text in Tamil script passes, with Latin drug names, units and numbers', () => {
    expect(scriptFlag('எனக்கு மூன்று நாளா காய்ச்சல் இருக்கு', 'ta', allow)).toBeUndefined();
    expect(scriptFlag('Dolo 650 mg காலையும் ராத்திரியும் எடுங்க', 'ta', allow)).toBeUndefined();
    expect(scriptFlag('Paracetamol 500 mg BD', 'ta', allow)).toBeUndefined();
    expect(scriptFlag('ஆமா, Rifaximin (அது லிஸ்ட்ல இல்ல) வேணும்', 'ta', allow)).toBeUndefined();
  });

  it('Tamil audio that came back transliterated, translated or in another script is flagged', () => {
    expect(scriptFlag('enakku moonu naala kaaichal irukku', 'ta', allow)).toMatch(/expected Tamil script, got Latin/);
    expect(scriptFlag('I have had fever for three days', 'ta', allow)).toMatch(/expected Tamil script/);
    expect(scriptFlag('എനിക്ക് പനി ഉണ്ട്', 'ta', allow)).toMatch(/expected Tamil script, got Malayalam/);
    expect(scriptFlag('నాకు జ్వరం ఉంది', 'ta', allow)).toMatch(/got Telugu/);
    expect(scriptFlag('காய்ச்சல் and then the patient was saying something long in English', 'ta', allow)).toMatch(/mostly Latin/);
  });

  it('Telugu and English', () => {
    expect(scriptFlag('నాకు రెండు రోజులుగా జ్వరం ఉంది, Dolo 650', 'te', allow)).toBeUndefined();
    expect(scriptFlag('naaku jvaram undi', 'te', allow)).toMatch(/expected Telugu script/);
    expect(scriptFlag('Fever for three days, Dolo 650', 'en', allow)).toBeUndefined();
    expect(scriptFlag('எனக்கு காய்ச்சல்', 'en', allow)).toMatch(/expected English/);
    expect(scriptFlag('650 500', 'ta', allow)).toBeUndefined();
  });
});

describe('hallucination filters', () => {
  it('known filler and bracketed noise tags', () => {
    for (const t of [' Thanks for watching!', 'Please subscribe.', '[Music]', '(music)', ' ♪ ♪', '[BLANK_AUDIO]', 'சப்டைட்டில்', 'Subtitles by the Amara.org community']) {
      expect(isFiller(t, 1), t).toBe(true);
    }
    expect(isFiller(' Thank you.', 0.2)).toBe(true);
    expect(isFiller(' Thank you.', 0.9)).toBe(false);
    expect(isFiller('நன்றி', 0.1)).toBe(true);
    expect(isFiller('காய்ச்சல் இருக்கு', 0.1)).toBe(false);
  });

  it('collapses a looping word or phrase', () => {
    expect(collapseLoops('ok ok ok ok ok fever')).toEqual({ text: 'ok fever', collapsed: true });
    expect(collapseLoops('காலை மாலை காலை மாலை காலை மாலை காலை மாலை இரவு')).toEqual({ text: 'காலை மாலை இரவு', collapsed: true });
    expect(collapseLoops('one two one two one two')).toEqual({ text: 'one two one two one two', collapsed: false });
  });

  it('drops silence, filler and repeated lines; flags the script; keeps the rest in order', () => {
    const raw: RawSegment[] = [
      { startMs: 0, endMs: 2000, text: ' காய்ச்சல் இருக்கு' },
      { startMs: 2000, endMs: 4000, text: ' காய்ச்சல் இருக்கு.' },
      { startMs: 4000, endMs: 6000, text: ' Thank you.' },
      { startMs: 6000, endMs: 8000, text: ' இருமல் இல்லை' },
      { startMs: 8000, endMs: 9000, text: ' ' },
      { startMs: 9000, endMs: 12_000, text: ' enakku thalai vali' },
      { startMs: 20_000, endMs: 25_000, text: ' [Music]' },
      { startMs: 30_000, endMs: 32_000, text: ' தலைவலி' },
    ];
    // Speech under everything except 4–6 s (quiet) and 30–32 s (silence).
    const coverage = (s: number) => (s >= 30_000 ? 0 : s >= 4000 && s < 6000 ? 0.2 : 1);
    const { segments, dropped } = cleanSegments(raw, { language: 'ta', engine: 'whisper-local', coverage, latinAllowed: allow });
    expect(segments.map((s) => s.text)).toEqual(['காய்ச்சல் இருக்கு', 'இருமல் இல்லை', 'enakku thalai vali']);
    expect(dropped).toEqual({ empty: 1, silence: 1, filler: 2, repeat: 1 });
    expect(segments[2]!.flagged).toMatch(/expected Tamil script/);
    expect(segments[0]).toMatchObject({ startMs: 0, endMs: 2000, language: 'ta', engine: 'whisper-local' });
    expect(segments[0]!.flagged).toBeUndefined();
  });
});

describe('prompt', () => {
  it('starts in the consultation’s script and lists drug names, within whisper’s prompt budget', () => {
    const ta = buildPrompt('ta');
    expect(ta).toMatch(/^மருத்துவர்/);
    expect(ta).toContain('Dolo 650');
    expect(Buffer.byteLength(ta)).toBeLessThanOrEqual(480);
    expect(buildPrompt('te', ['Foo', 'Bar 5'])).toBe('డాక్టర్ రోగితో తెలుగులో మాట్లాడుతున్నారు. మందులు: Foo, Bar 5.');
    expect(buildPrompt('en', Array.from({ length: 500 }, (_, i) => `Drug${i}`)).length).toBeLessThanOrEqual(480);
  });
});

describe('chunk time mapping', () => {
  it('maps times in the joined audio back to the recording', () => {
    const chunk = { index: 0, startMs: 1000, endMs: 20_000, speechMs: 7000, packedMs: 7300, pieces: [{ startMs: 1000, endMs: 4000 }, { startMs: 16_000, endMs: 20_000 }] };
    expect(toSourceMs(chunk, 0)).toBe(1000);
    expect(toSourceMs(chunk, 2000)).toBe(3000);
    expect(toSourceMs(chunk, 3100)).toBe(4000); // inside the 300 ms join gap
    expect(toSourceMs(chunk, 3300)).toBe(16_000);
    expect(toSourceMs(chunk, 5300)).toBe(18_000);
    expect(toSourceMs(chunk, 30_000)).toBe(20_000); // whisper's 30.00 s end is clamped
  });
});
