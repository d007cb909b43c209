import { type PDFDocument, type PDFImage, type PDFPage } from 'pdf-lib';
import type { Patient } from '../../../shared/schemas/domain';
import { type Clinic, ExportInputError } from '../clinic';
import { ageSex } from '../format';
import { ACCENT, color, lineHeight, MUTED, type PageFlow, type PaperSpec, RULE } from './page-flow';
import type { TextWriter } from './text';

export async function embedLogo(doc: PDFDocument, clinic: Clinic): Promise<PDFImage | undefined> {
  if (!clinic.logo) return undefined;
  try {
    return clinic.logo.kind === 'png' ? await doc.embedPng(clinic.logo.bytes) : await doc.embedJpg(clinic.logo.bytes);
  } catch {
    throw new ExportInputError(`the clinic logo could not be read as a ${clinic.logo.kind.toUpperCase()} image; save it again as PNG or JPEG.`);
  }
}

export interface Letterhead {
  clinic: Clinic;
  logo?: PDFImage;
  text: TextWriter;
  paper: PaperSpec;
}

/** The full letterhead on the first page: logo, clinic, doctor. Returns the y below it. */
export function drawLetterhead(page: PDFPage, lh: Letterhead): number {
  const { clinic, text, paper } = lh;
  const s = paper.scale;
  const left = paper.margin;
  const right = paper.size[0] - paper.margin;
  const top = paper.size[1] - paper.margin;
  let x = left;
  const logoBox = 54 * s;
  if (lh.logo) {
    const k = Math.min(logoBox / lh.logo.width, logoBox / lh.logo.height);
    const w = lh.logo.width * k;
    const h = lh.logo.height * k;
    page.drawImage(lh.logo, { x, y: top - h, width: w, height: h });
    x += w + 10 * s;
  }
  // Doctor on the right, clinic on the left; the clinic column gets what the doctor leaves.
  const docStyles = [
    { t: clinic.doctorName, st: { size: 12.5 * s, weight: 'bold' as const } },
    { t: clinic.qualifications, st: { size: 9 * s } },
    { t: clinic.registrationNumber ? `Reg. No. ${clinic.registrationNumber}` : '', st: { size: 9 * s } },
  ].filter((d) => d.t);
  const docWidth = Math.min((right - x) * 0.45, Math.max(...docStyles.map((d) => text.width(d.t, d.st))));
  let dy = top;
  for (const d of docStyles) {
    for (const line of text.wrap(d.t, d.st, docWidth)) {
      dy -= lineHeight(d.st.size) * 0.9;
      text.drawRight(page, line, right, dy + 2, d.st);
    }
  }
  const colWidth = right - x - docWidth - 12 * s;
  let cy = top;
  const nameStyle = { size: 17 * s, weight: 'bold' as const, color: ACCENT };
  for (const line of text.wrap(clinic.name, nameStyle, colWidth)) {
    cy -= lineHeight(nameStyle.size) * 0.85;
    text.draw(page, line, x, cy + 3, nameStyle);
  }
  const small = { size: 8.5 * s, color: MUTED };
  const contact = [clinic.address, [clinic.phone ? `Phone ${clinic.phone}` : '', clinic.email ?? ''].filter(Boolean).join(' · ')];
  for (const part of contact.filter(Boolean)) {
    for (const line of text.wrap(part, small, colWidth)) {
      cy -= lineHeight(small.size);
      text.draw(page, line, x, cy + 2, small);
    }
  }
  const y = Math.min(cy, dy, lh.logo ? top - logoBox : top) - 8 * s;
  page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 1.6, color: color(ACCENT) });
  return y - 4 * s;
}

/** The slim header of the second and later pages: whose note this is. */
export function drawRunningHeader(page: PDFPage, lh: Letterhead, patientLine: string): number {
  const { text, paper, clinic } = lh;
  const s = paper.scale;
  const left = paper.margin;
  const right = paper.size[0] - paper.margin;
  const top = paper.size[1] - paper.margin;
  const size = 9.5 * s;
  text.draw(page, clinic.name, left, top - size, { size, weight: 'bold', color: ACCENT });
  if (patientLine) text.drawRight(page, patientLine, right, top - size, { size, color: MUTED });
  const y = top - size - 6 * s;
  page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 0.8, color: color(ACCENT) });
  return y - 4 * s;
}

/** Name, age/sex, date (and phone or ABHA when given) in a shaded band. */
export function drawPatientBlock(flow: PageFlow, patient: Patient, dateText: string): void {
  const s = flow.scale;
  const size = 10 * s;
  const lh = lineHeight(size);
  const label = { size, color: MUTED };
  const value = { size, weight: 'bold' as const };
  // Shares of the width: the name gets the most room.
  const rows: [string, string, number][][] = [
    [
      ['Patient', patient.name || '______________________', 0.46],
      ['Age/Sex', ageSex(patient) || '______', 0.26],
      ['Date', dateText, 0.28],
    ],
  ];
  const extra: [string, string, number][] = [];
  if (patient.phone) extra.push(['Phone', patient.phone, 0.5]);
  if (patient.abhaId) extra.push(['ABHA', patient.abhaId, 0.5]);
  if (extra.length) rows.push(extra);
  const laid = rows.map((row) =>
    row.map(([l, v, share]) => {
      const lw = flow.text.width(l, label) + flow.text.spaceWidth(label);
      return { l, lw, share, lines: flow.text.wrap(v, value, share * flow.width - 10 - lw) };
    }),
  );
  const rowHeights = laid.map((row) => Math.max(...row.map((c) => c.lines.length)) * lh);
  const height = rowHeights.reduce((a, b) => a + b, 0) + 6 * s;
  flow.gap(6 * s);
  flow.ensure(height);
  const top = flow.y;
  flow.page.drawRectangle({ x: flow.left, y: top - height, width: flow.width, height, color: color({ r: 0.94, g: 0.96, b: 0.97 }), borderColor: color(RULE), borderWidth: 0.5 });
  let y = top - 3 * s;
  laid.forEach((row, r) => {
    let x = flow.left + 6;
    for (const cell of row) {
      const base = y - lh + lh * 0.3;
      flow.text.draw(flow.page, cell.l, x, base, label);
      cell.lines.forEach((line, k) => flow.text.draw(flow.page, line, x + cell.lw, base - k * lh, value));
      x += cell.share * flow.width;
    }
    y -= rowHeights[r]!;
  });
  flow.y = top - height - 4 * s;
}

/** The doctor's signature line at the end of the note. */
export function drawSignature(flow: PageFlow, clinic: Clinic): void {
  const s = flow.scale;
  const size = 9.5 * s;
  const lines = [clinic.doctorName, clinic.qualifications, clinic.registrationNumber ? `Reg. No. ${clinic.registrationNumber}` : ''].filter(Boolean);
  flow.ensure(36 * s + lines.length * lineHeight(size));
  flow.gap(34 * s);
  const width = Math.max(150 * s, ...lines.map((l) => flow.text.width(l, { size, weight: 'bold' })));
  flow.page.drawLine({ start: { x: flow.right - width, y: flow.y }, end: { x: flow.right, y: flow.y }, thickness: 0.8, color: color(MUTED) });
  flow.y -= 2;
  lines.forEach((line, i) => {
    flow.y -= lineHeight(size) * 0.95;
    flow.text.drawRight(flow.page, line, flow.right, flow.y + 3, { size, weight: i === 0 ? 'bold' : 'regular' });
  });
}

/** "Page 1 of 2" and the clinic's name and phone at the foot of every page. */
export function drawFooter(page: PDFPage, lh: Letterhead, index: number, count: number, note: string): void {
  const { text, paper, clinic } = lh;
  const s = paper.scale;
  const left = paper.margin;
  const right = paper.size[0] - paper.margin;
  const y = paper.margin - 4 * s;
  const size = 7.5 * s;
  page.drawLine({ start: { x: left, y: y + size + 5 * s }, end: { x: right, y: y + size + 5 * s }, thickness: 0.5, color: color(RULE) });
  const info = [clinic.name, clinic.phone, note].filter(Boolean).join(' · ');
  text.draw(page, info, left, y, { size, color: MUTED });
  text.drawRight(page, `Page ${index + 1} of ${count}`, right, y, { size, color: MUTED });
}
