import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfText, resourcesDir } from '../test-fixtures';
import { FontSet, scriptOf, scriptsIn } from './fonts';
import { TextWriter } from './text';

async function writer(scripts: ('tamil' | 'telugu')[] = ['tamil', 'telugu']) {
  const doc = await PDFDocument.create();
  const fonts = await FontSet.create(doc, resourcesDir, scripts);
  return { doc, w: new TextWriter(doc, fonts), page: doc.addPage([595, 842]) };
}

async function extract(lines: string[]): Promise<string[]> {
  const { doc, w, page } = await writer();
  lines.forEach((l, i) => w.draw(page, l, 40, 800 - i * 30, { size: 14 }));
  return pdfText(await doc.save())
    .split('\n')
    .map((l) => l.replace(/\f/g, ''))
    .filter(Boolean);
}

describe('shaped text that extracts as its original Unicode', () => {
  it('gives back Tamil and Telugu words exactly, pre-base vowel signs and conjuncts included', async () => {
    const lines = ['தலைவலி', 'తలనొప్పి', 'జ్వరం లేదు', 'சாப்பாட்டுக்குப் பின் கொடுக்கவும் கௌரவம் க்ஷேமம் ஸ்ரீ', 'క్షేమం స్త్రీ రాత్రి మధ్యాహ్నం భోజనానికి ముందు'];
    expect(await extract(lines)).toEqual(lines);
  });

  it('keeps mixed-script words and punctuation in order: "BP-க்கு", "(ఉదయం)", 650mg, ₹', async () => {
    const lines = ['BP-க்கு 124/82 mmHg', 'Dolo 650 (ఉదయం) 1-0-1', 'கட்டணம் ₹250 · 98.6 °F', 'Paracetamol, ibuprofen; office'];
    expect(await extract(lines)).toEqual(lines);
  });

  it('draws the conjunct as one glyph: shaping really happens', async () => {
    const { w } = await writer();
    // Telugu క్ష (ka + virama + ṣa) is one conjunct glyph, narrower than its three characters side by side.
    const shaped = w.width('క్ష', { size: 20 });
    const parts = w.width('క', { size: 20 }) + w.width('్', { size: 20 }) + w.width('ష', { size: 20 });
    expect(shaped).toBeGreaterThan(0);
    expect(shaped).toBeLessThan(parts);
  });

  it('wraps at spaces, and breaks a word longer than the line between graphemes', async () => {
    const { w } = await writer();
    const style = { size: 10 };
    const lines = w.wrap('காரம் எண்ணெய் குறைச்சுக்கோங்க நிறைய தண்ணீர் குடிங்க', style, 120);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(w.width(l, style)).toBeLessThanOrEqual(120);
    expect(lines.join(' ')).toBe('காரம் எண்ணெய் குறைச்சுக்கோங்க நிறைய தண்ணீர் குடிங்க');
    const long = 'supercalifragilisticexpialidocious-hydrochloride';
    const broken = w.wrap(long, style, 60);
    expect(broken.length).toBeGreaterThan(2);
    expect(broken.join('')).toBe(long);
    expect(w.wrap('', style, 60)).toEqual(['']);
  });

  it('knows the script of each character', () => {
    expect(scriptOf('த'.codePointAt(0)!)).toBe('tamil');
    expect(scriptOf('త'.codePointAt(0)!)).toBe('telugu');
    expect(scriptOf('A'.codePointAt(0)!)).toBe('latin');
    expect(scriptOf(' '.codePointAt(0)!)).toBeNull();
    expect(scriptOf('5'.codePointAt(0)!)).toBeNull();
    expect([...scriptsIn('fever காய்ச்சல்')].sort()).toEqual(['latin', 'tamil']);
    expect([...scriptsIn('plain')]).toEqual(['latin']);
  });

  it('embeds only the fonts a document needs, as subsets', async () => {
    const doc = await PDFDocument.create();
    await FontSet.create(doc, resourcesDir, scriptsIn('English only'));
    const bytes = await doc.save({ useObjectStreams: false });
    expect(Buffer.from(bytes).toString('latin1').includes('NotoSansTamil')).toBe(false);
    const { doc: both, w, page } = await writer();
    w.draw(page, 'தலைவலி తలనొప్పి', 40, 800, { size: 12 });
    const text = Buffer.from(await both.save({ useObjectStreams: false })).toString('latin1');
    expect(/\/BaseFont \/NotoSansTamil-Regular/.test(text)).toBe(true);
    expect(/\/BaseFont \/NotoSansTelugu-Regular/.test(text)).toBe(true);
    // Subsets: far smaller than the two font files (75 KB and 195 KB).
    expect(text.length).toBeLessThan(60_000);
  });
});
