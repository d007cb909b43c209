// fontkit's Indic shaper uses generator functions compiled for regenerator: load it first.
import 'regenerator-runtime/runtime.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit, { type Font, type GlyphRun } from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

export type Script = 'latin' | 'tamil' | 'telugu';
export type Weight = 'regular' | 'bold';

const FILES: Record<Script, Record<Weight, string>> = {
  latin: { regular: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf' },
  tamil: { regular: 'NotoSansTamil-Regular.ttf', bold: 'NotoSansTamil-Bold.ttf' },
  telugu: { regular: 'NotoSansTelugu-Regular.ttf', bold: 'NotoSansTelugu-Bold.ttf' },
};

/** The script a character belongs to, or null for characters any font may carry (spaces, digits, punctuation, joiners). */
export function scriptOf(cp: number): Script | null {
  if (cp >= 0x0b80 && cp <= 0x0bff) return 'tamil';
  if (cp >= 0x0c00 && cp <= 0x0c7f) return 'telugu';
  // Danda, ZWNJ/ZWJ and the dotted circle belong with the Indic text around them.
  if (cp === 0x0964 || cp === 0x0965 || cp === 0x200c || cp === 0x200d || cp === 0x25cc) return null;
  if (cp <= 0x40 || (cp >= 0x5b && cp <= 0x60) || (cp >= 0x7b && cp <= 0x7f)) return null;
  return 'latin';
}

/** Every script the text needs a font for (Latin always, for labels and numbers). */
export function scriptsIn(text: string): Set<Script> {
  const out = new Set<Script>(['latin']);
  for (const ch of text) {
    const s = scriptOf(ch.codePointAt(0) ?? 0);
    if (s) out.add(s);
  }
  return out;
}

interface FontFile {
  bytes: Uint8Array;
  /** The parsed font, shared by our shaper and pdf-lib's embedder, and kept for the process. */
  shaper: Font;
  /** Shaped words, by text: a note repeats the same words many times. */
  runs: Map<string, GlyphRun>;
}

const files = new Map<string, FontFile>();
const parsed = new WeakMap<Uint8Array, Font>();

/**
 * fontkit for pdf-lib, handing back the font already parsed for these bytes: without it every
 * document would parse each font again and load its shaping tables twice (once for measuring,
 * once for embedding), which is most of the time a PDF takes.
 */
const sharedFontkit = {
  create(bytes: Uint8Array, postscriptName?: string): Font {
    return parsed.get(bytes) ?? fontkit.create(bytes, postscriptName);
  },
};

function fontFile(resourcesDir: string, name: string): FontFile {
  const path = join(resourcesDir, 'fonts', name);
  let f = files.get(path);
  if (!f) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch {
      throw new Error(`The font ${name} is missing from ${join(resourcesDir, 'fonts')}; reinstall MedScribe.`);
    }
    f = { bytes, shaper: fontkit.create(bytes), runs: new Map() };
    parsed.set(bytes, f.shaper);
    files.set(path, f);
  }
  return f;
}

/** One face embedded in one document: the PDF font and the shaper for the same file. */
export interface Face {
  script: Script;
  pdf: PDFFont;
  shaper: Font;
  unitsPerEm: number;
  shape(text: string): GlyphRun;
}

const RUN_CACHE_LIMIT = 5000;

/** The fonts of one document. Subset embedding keeps a PDF small (only the glyphs drawn). */
export class FontSet {
  private readonly faces = new Map<string, Face>();

  private constructor(private readonly doc: PDFDocument) {}

  /** Embeds the faces for the scripts the document will draw (regular and bold of each). */
  static async create(doc: PDFDocument, resourcesDir: string, scripts: Iterable<Script>): Promise<FontSet> {
    doc.registerFontkit(sharedFontkit);
    const set = new FontSet(doc);
    for (const script of new Set(['latin' as Script, ...scripts])) {
      for (const weight of ['regular', 'bold'] as const) {
        const file = fontFile(resourcesDir, FILES[script][weight]);
        const pdf = await set.doc.embedFont(file.bytes, { subset: true });
        set.faces.set(`${script}/${weight}`, {
          script,
          pdf,
          shaper: file.shaper,
          unitsPerEm: file.shaper.unitsPerEm,
          shape(text) {
            let run = file.runs.get(text);
            if (!run) {
              run = file.shaper.layout(text);
              if (file.runs.size > RUN_CACHE_LIMIT) file.runs.clear();
              file.runs.set(text, run);
            }
            return run;
          },
        });
      }
    }
    return set;
  }

  face(script: Script, weight: Weight): Face {
    const f = this.faces.get(`${script}/${weight}`) ?? this.faces.get(`latin/${weight}`);
    if (!f) throw new Error('The Latin font was not embedded.');
    return f;
  }

  has(script: Script): boolean {
    return this.faces.has(`${script}/regular`);
  }
}
