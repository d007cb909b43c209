import {
  beginText,
  endText,
  PDFArray,
  type PDFDocument,
  type PDFFont,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  setFillingRgbColor,
  setFontAndSize,
  setTextMatrix,
} from 'pdf-lib';
import { type Face, type FontSet, type Script, scriptOf, type Weight } from './fonts';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export interface TextStyle {
  size: number;
  weight?: Weight;
  color?: Rgb;
}

export const BLACK: Rgb = { r: 0.1, g: 0.1, b: 0.12 };

interface Run {
  face: Face;
  text: string;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Noto Sans Telugu draws small for its point size next to Noto Sans; this evens the look. */
const SCRIPT_SCALE: Record<Script, number> = { latin: 1, tamil: 1, telugu: 1.15 };

/**
 * Draws shaped Tamil, Telugu and Latin text with pdf-lib and fontkit, and makes it extract as
 * the text it was made from.
 *
 * Shaping reorders and merges characters (the pre-base vowel sign of தலை is drawn before its
 * consonant; a Telugu conjunct is one glyph), so a PDF's glyph-to-Unicode map alone gives
 * copy-paste and search the wrong text. Each word is therefore wrapped in a marked-content span
 * whose /ActualText is the word's original Unicode (`/Span <</ActualText <FEFF…>>> BDC … EMC`),
 * which pdftotext, PDFium and Acrobat use instead of the glyphs. The spans sit inside the text
 * object (BT…ET): poppler mis-orders spans that enclose a whole BT…ET. Glyph positions from the
 * font's GPOS table (kerning, mark offsets) are applied with TJ adjustments.
 */
export class TextWriter {
  private readonly keys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: FontSet,
  ) {}

  /** Splits a word into runs of one font each: Tamil, Telugu, or Latin for everything else. */
  private runs(word: string, weight: Weight): Run[] {
    const chars = [...word];
    const scripts = chars.map((c) => scriptOf(c.codePointAt(0) ?? 0));
    let last: Script | null = null;
    const resolved = scripts.map((s, i) => {
      if (s) return (last = s);
      // Punctuation and digits go with the text before them, or else after them.
      const next = last ?? scripts.slice(i + 1).find((x): x is Script => x !== null) ?? 'latin';
      const face = this.fonts.face(next, weight);
      return face.shaper.hasGlyphForCodePoint(chars[i]!.codePointAt(0) ?? 0) ? next : 'latin';
    });
    const out: Run[] = [];
    resolved.forEach((script, i) => {
      const face = this.fonts.face(this.fonts.has(script) ? script : 'latin', weight);
      const prev = out[out.length - 1];
      if (prev && prev.face === face) prev.text += chars[i];
      else out.push({ face, text: chars[i]! });
    });
    return out;
  }

  private runWidth(run: Run, size: number): number {
    const shaped = run.face.shape(run.text);
    let w = 0;
    for (const p of shaped.positions) w += p.xAdvance;
    return (w * size * SCRIPT_SCALE[run.face.script]) / run.face.unitsPerEm;
  }

  /** Width of a word (no spaces) or a line (words joined by single spaces), in points. */
  width(text: string, style: TextStyle): number {
    const weight = style.weight ?? 'regular';
    const words = text.split(' ');
    let w = (words.length - 1) * this.spaceWidth(style);
    for (const word of words) {
      for (const run of this.runs(word, weight)) w += this.runWidth(run, style.size);
    }
    return w;
  }

  spaceWidth(style: TextStyle): number {
    const face = this.fonts.face('latin', style.weight ?? 'regular');
    return (face.shaper.glyphForCodePoint(32).advanceWidth * style.size) / face.unitsPerEm;
  }

  /** Greedy line breaking at spaces; a word wider than the line is broken between graphemes. */
  wrap(text: string, style: TextStyle, maxWidth: number): string[] {
    const lines: string[] = [];
    for (const para of text.split(/\r?\n/)) {
      const words = para.split(/\s+/).filter(Boolean);
      let line = '';
      for (const word of words) {
        const candidate = line ? `${line} ${word}` : word;
        if (this.width(candidate, style) <= maxWidth) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = '';
        if (this.width(word, style) <= maxWidth) {
          line = word;
          continue;
        }
        for (const { segment } of graphemes.segment(word)) {
          if (line && this.width(line + segment, style) > maxWidth) {
            lines.push(line);
            line = '';
          }
          line += segment;
        }
      }
      if (line || lines.length === 0) lines.push(line);
    }
    return lines;
  }

  private fontKey(page: PDFPage, font: PDFFont): PDFName {
    let perPage = this.keys.get(page);
    if (!perPage) this.keys.set(page, (perPage = new Map()));
    let key = perPage.get(font);
    if (!key) perPage.set(font, (key = page.node.newFontDictionary(font.name, font.ref)));
    return key;
  }

  /** The TJ operand for one run: glyph ids with the GPOS adjustments pdf-lib would drop. */
  private glyphArray(run: Run): { array: PDFArray; advance: number } {
    const shaped = run.face.shape(run.text);
    const ids = run.face.pdf.encodeText(run.text).asString().match(/.{4}/g) ?? [];
    const array = PDFArray.withContext(this.doc.context);
    const upm = run.face.unitsPerEm;
    let pending = '';
    let advance = 0;
    const flush = () => {
      if (pending) array.push(PDFHexString.of(pending));
      pending = '';
    };
    const adjust = (units: number) => {
      if (Math.abs(units) < 0.5) return;
      flush();
      // TJ numbers are thousandths of the font size, subtracted from the position.
      array.push(PDFNumber.of(Math.round((units * 1000 * 100) / upm) / 100));
    };
    const aligned = ids.length === shaped.glyphs.length;
    shaped.glyphs.forEach((glyph, i) => {
      const pos = shaped.positions[i]!;
      advance += pos.xAdvance;
      if (!aligned) return;
      adjust(-pos.xOffset);
      pending += ids[i];
      adjust(glyph.advanceWidth - pos.xAdvance + pos.xOffset);
    });
    if (!aligned) pending = ids.join('');
    flush();
    return { array, advance };
  }

  /** Draws one line of text (no wrapping) with its left end at x on baseline y; returns its width. */
  draw(page: PDFPage, text: string, x: number, y: number, style: TextStyle): number {
    const weight = style.weight ?? 'regular';
    const color = style.color ?? BLACK;
    const space = this.spaceWidth(style);
    const ops: PDFOperator[] = [beginText(), setFillingRgbColor(color.r, color.g, color.b)];
    let cx = x;
    for (const word of text.split(' ')) {
      if (!word) {
        cx += space;
        continue;
      }
      // The property list is written inline; pdf-lib's operator types take it as raw PDF syntax.
      const actual = `<</ActualText <${PDFHexString.fromText(word).asString()}>>>`;
      ops.push(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Span'), actual]));
      for (const run of this.runs(word, weight)) {
        const { array, advance } = this.glyphArray(run);
        const size = style.size * SCRIPT_SCALE[run.face.script];
        ops.push(
          setFontAndSize(this.fontKey(page, run.face.pdf), size),
          setTextMatrix(1, 0, 0, 1, round(cx), round(y)),
          PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [array]),
        );
        cx += (advance * size) / run.face.unitsPerEm;
      }
      ops.push(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
      cx += space;
    }
    ops.push(endText());
    page.pushOperators(...ops);
    return Math.max(0, cx - space - x);
  }

  drawRight(page: PDFPage, text: string, right: number, y: number, style: TextStyle): number {
    return this.draw(page, text, right - this.width(text, style), y, style);
  }

  drawCentered(page: PDFPage, text: string, center: number, y: number, style: TextStyle): number {
    return this.draw(page, text, center - this.width(text, style) / 2, y, style);
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
