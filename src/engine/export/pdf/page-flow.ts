import { type PDFDocument, type PDFPage, PageSizes, rgb } from 'pdf-lib';
import { type Rgb, type TextStyle, type TextWriter } from './text';

export type Paper = 'a4' | 'a5';

export interface PaperSpec {
  size: [number, number];
  margin: number;
  /** Type scale against A4: A5 is printed smaller so a note still fits on one or two pages. */
  scale: number;
}

export const PAPERS: Record<Paper, PaperSpec> = {
  a4: { size: PageSizes.A4, margin: 42, scale: 1 },
  a5: { size: PageSizes.A5, margin: 26, scale: 0.8 },
};

export const ACCENT: Rgb = { r: 0.05, g: 0.35, b: 0.45 };
export const MUTED: Rgb = { r: 0.38, g: 0.4, b: 0.44 };
export const RULE: Rgb = { r: 0.78, g: 0.8, b: 0.83 };

export const color = (c: Rgb) => rgb(c.r, c.g, c.b);

/** Line height for a type size: Tamil and Telugu stack marks above and below, so lines are airy. */
export const lineHeight = (size: number) => size * 1.5;

/**
 * A top-to-bottom cursor over as many pages as the content needs. New pages get the running
 * header from `startPage`; footers (page numbers) are drawn at the end, once the count is known.
 */
export class PageFlow {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  y = 0;
  readonly left: number;
  readonly right: number;
  readonly width: number;
  readonly bottom: number;
  readonly scale: number;

  constructor(
    private readonly doc: PDFDocument,
    readonly text: TextWriter,
    readonly paper: PaperSpec,
    /** Draws the header of a new page and returns the y where content starts. */
    private readonly startPage: (page: PDFPage, index: number) => number,
    footerSpace: number,
  ) {
    this.left = paper.margin;
    this.right = paper.size[0] - paper.margin;
    this.width = this.right - this.left;
    this.bottom = paper.margin + footerSpace;
    this.scale = paper.scale;
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(this.paper.size);
    this.pages.push(this.page);
    this.y = this.startPage(this.page, this.pages.length - 1);
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number): void {
    if (this.y - height < this.bottom) this.newPage();
  }

  gap(points: number): void {
    this.y -= points;
  }

  /** Wrapped text; each line moves to a new page if it does not fit. Returns the lines drawn. */
  paragraph(text: string, style: TextStyle, indent = 0, width = this.width - indent): number {
    const lines = this.text.wrap(text, style, width);
    const lh = lineHeight(style.size);
    for (const line of lines) {
      this.ensure(lh);
      this.y -= lh;
      this.text.draw(this.page, line, this.left + indent, this.y + lh * 0.3, style);
    }
    return lines.length;
  }

  /** A label in bold followed by wrapped text that hangs under its start ("Chief complaint: …"). */
  labelled(label: string, value: string, size: number): void {
    const bold: TextStyle = { size, weight: 'bold' };
    const labelWidth = this.text.width(label, bold) + this.text.spaceWidth(bold);
    const lines = this.text.wrap(value, { size }, this.width - labelWidth);
    const lh = lineHeight(size);
    lines.forEach((line, i) => {
      this.ensure(lh);
      this.y -= lh;
      if (i === 0) this.text.draw(this.page, label, this.left, this.y + lh * 0.3, bold);
      this.text.draw(this.page, line, this.left + labelWidth, this.y + lh * 0.3, { size });
    });
  }

  /** A section heading with a thin rule under it, kept together with the first lines after it. */
  heading(title: string, size: number): void {
    const lh = lineHeight(size);
    this.ensure(lh + lineHeight(size * 0.9) * 2 + 6);
    this.y -= lh + 2;
    this.text.draw(this.page, title, this.left, this.y + lh * 0.3, { size, weight: 'bold', color: ACCENT });
    this.page.drawLine({ start: { x: this.left, y: this.y + 1 }, end: { x: this.right, y: this.y + 1 }, thickness: 0.6, color: color(RULE) });
    this.y -= 3;
  }

  /** Draws "Page i of n" (and anything else per page) once every page exists. */
  finish(footer: (page: PDFPage, index: number, count: number) => void): void {
    this.pages.forEach((p, i) => footer(p, i, this.pages.length));
  }
}
