import type { ClinicalNote, Medication } from '../../../shared/schemas/note';
import { doseSlots, doseText, drugName, followUpDate, formatDate, noteDate, slotNames } from '../format';
import { bilingual, type LabelKey, loadLabels } from '../labels';
import { createPdf, type PdfInput, savePdf } from './document';
import { drawFooter, drawRunningHeader, type Letterhead } from './letterhead';
import { ACCENT, color, lineHeight, MUTED, PageFlow, RULE } from './page-flow';
import { drawFoodIcon, drawSlotIcon } from './pictograms';
import type { TextWriter } from './text';

const CARD = { r: 0.975, g: 0.98, b: 0.99 };
const TIMING_LABEL: Record<NonNullable<Medication['timing']>, LabelKey> = {
  'before food': 'beforeFood',
  'after food': 'afterFood',
  'with food': 'withFood',
  'empty stomach': 'emptyStomach',
  bedtime: 'bedtime',
};
const OTHER_FREQUENCY: Record<string, LabelKey> = { SOS: 'whenNeeded', STAT: 'immediately', once: 'onceOnly', weekly: 'weekly' };

/**
 * The patient's take-home sheet: each medicine with pictures for morning/noon/night and food,
 * the number of days, advice and the next visit, in the patient's language with English
 * alongside, in large type.
 */
export async function renderTakeHomePdf(input: PdfInput): Promise<Uint8Array> {
  const { note, patient, clinic } = input;
  const labels = loadLabels(input.resourcesDir);
  const lang = note.language;
  const L = (key: LabelKey, vars: Record<string, string> = {}) => bilingual(labels, lang, key, vars);
  const { doc, text, paper, logo } = await createPdf(input, 'Take-home sheet', JSON.stringify(labels[lang]));
  const s = paper.scale;
  const lh: Letterhead = { clinic, logo, text, paper };
  const dateText = formatDate(noteDate(note));
  const flow = new PageFlow(doc, text, paper, (page, i) => (i === 0 ? paper.size[1] - paper.margin : drawRunningHeader(page, lh, patient.name)), 16 * s);
  const big = 15 * s;
  const body = 13 * s;

  // Clinic and phone first: the patient looks for the number when something goes wrong.
  flow.paragraph(clinic.name, { size: 17 * s, weight: 'bold', color: ACCENT });
  if (clinic.phone) flow.paragraph(`${L('clinicPhone').join(' / ')}: ${clinic.phone}`, { size: body, weight: 'bold' });
  flow.gap(4 * s);
  flow.paragraph(L('title').join(' · '), { size: 21 * s, weight: 'bold' });
  const who = [patient.name, dateText].filter(Boolean).join(' · ');
  flow.paragraph(who, { size: body, color: MUTED });
  flow.gap(6 * s);

  drawFollowUp(flow, note, L, big, body);

  const meds = note.soap.plan.medications;
  if (!meds.length) flow.paragraph(L('noMedicines').join(' / '), { size: big });
  meds.forEach((m, i) => drawMedicineCard(flow, text, m, i + 1, L));

  const inline = (key: LabelKey, items: string[]) => {
    if (!items.length) return;
    flow.gap(6 * s);
    flow.labelled(`${L(key).join(' / ')}:`, items.join(', '), body);
  };
  inline('doNotTake', note.soap.plan.avoid.map((a) => drugName(a)));
  inline('tests', note.soap.plan.investigations.map((i) => i.name));
  const advice = note.soap.plan.advice.map((a) => a.text);
  if (advice.length) {
    flow.gap(8 * s);
    flow.ensure(lineHeight(big) + lineHeight(body));
    flow.paragraph(L('advice').join(' / '), { size: big, weight: 'bold', color: ACCENT });
    for (const item of advice) flow.paragraph(`• ${item}`, { size: body }, 10 * s);
  }
  flow.finish((page, i, n) => drawFooter(page, lh, i, n, ''));
  return savePdf(doc);
}

type Label = (key: LabelKey, vars?: Record<string, string>) => string[];

/** The next visit, boxed near the top: the one date the patient must not lose. */
function drawFollowUp(flow: PageFlow, note: ClinicalNote, L: Label, big: number, body: number): void {
  const s = flow.scale;
  const plan = note.soap.plan;
  const fu = followUpDate(note);
  if (!fu && !plan.followUpText) return;
  const lang = note.language;
  const lines: { t: string; size: number; bold: boolean }[] = [];
  if (fu) {
    const dates = lang === 'en' ? [formatDate(fu, 'en', true)] : [formatDate(fu, lang, true), formatDate(fu, 'en', true)];
    for (const d of dates) lines.push({ t: d, size: big, bold: true });
  }
  // The words as said only when there is no day to print ("come if the fever stays").
  else if (plan.followUpText) lines.push({ t: plan.followUpText, size: body, bold: false });
  const label = L('followUp').join(' / ');
  const innerWidth = flow.width - 16 * s;
  const wrapped = lines.flatMap((l) => flow.text.wrap(l.t, { size: l.size }, innerWidth).map((t) => ({ ...l, t })));
  const height = lineHeight(big) + wrapped.reduce((a, l) => a + lineHeight(l.size), 0) + 12 * s;
  flow.ensure(height + 6 * s);
  const top = flow.y;
  flow.page.drawRectangle({ x: flow.left, y: top - height, width: flow.width, height, color: color({ r: 0.93, g: 0.97, b: 0.98 }), borderColor: color(ACCENT), borderWidth: 1.2 });
  flow.gap(6 * s);
  flow.paragraph(label, { size: big, weight: 'bold', color: ACCENT }, 8 * s, innerWidth);
  for (const l of wrapped) flow.paragraph(l.t, { size: l.size, weight: l.bold ? 'bold' : 'regular' }, 8 * s, innerWidth);
  flow.y = top - height - 4 * s;
}

/** One medicine: its name, the times of day as pictures with the dose, food, and days. */
function drawMedicineCard(flow: PageFlow, text: TextWriter, m: Medication, n: number, L: Label): void {
  const s = flow.scale;
  const page = () => flow.page;
  const x0 = flow.left + 10 * s;
  const inner = flow.width - 20 * s;
  const nameStyle = { size: 16 * s, weight: 'bold' as const };
  const subStyle = { size: 11 * s, color: MUTED };
  const title = `${n}. ${[drugName(m), m.strength].filter(Boolean).join(' ')}`;
  const sub = [m.brand && m.brand.toLowerCase() !== m.name ? m.brand : '', m.form ?? '', m.action === 'continue' ? L('continueOld').join(' / ') : ''].filter(Boolean).join(' · ');
  const titleLines = text.wrap(title, nameStyle, inner);
  // The form goes beside the name when there is room, else on its own line.
  const lastWidth = text.width(titleLines[titleLines.length - 1] ?? '', nameStyle);
  const subInline = !!sub && lastWidth + 10 * s + text.width(sub, subStyle) <= inner;
  const subLines = sub && !subInline ? text.wrap(sub, subStyle, inner) : [];
  const slots = doseSlots(m.frequency);
  const bilingualRow = L('morning').length > 1;
  const other = !slots && m.frequency ? L(OTHER_FREQUENCY[m.frequency] ?? 'whenNeeded') : [];
  const noteLines = m.instructions ? text.wrap(m.instructions, { size: 11 * s }, inner) : [];
  // A card stays on one page: very long instructions are cut with an ellipsis.
  if (noteLines.length > 12) noteLines.splice(11, noteLines.length, '…');
  const slotsHeight = slots ? (bilingualRow ? 80 : 66) * s : 0;
  const otherHeight = other.length ? lineHeight(14 * s) + (other.length > 1 ? lineHeight(11 * s) : 0) + 4 * s : 0;
  const rightHeight = ((m.timing ? 34 : 0) + (m.durationDays != null ? 30 : 0)) * s;
  const bodyHeight = Math.max(slotsHeight, otherHeight, rightHeight);
  const headHeight = titleLines.length * lineHeight(nameStyle.size) + subLines.length * lineHeight(subStyle.size);
  const height = 6 * s + headHeight + bodyHeight + noteLines.length * lineHeight(11 * s) + 8 * s;

  flow.gap(5 * s);
  flow.ensure(height);
  const top = flow.y;
  page().drawRectangle({ x: flow.left, y: top - height, width: flow.width, height, color: color(CARD), borderColor: color(RULE), borderWidth: 0.8 });
  let y = top - 6 * s;
  titleLines.forEach((line, i) => {
    y -= lineHeight(nameStyle.size);
    const w = text.draw(page(), line, x0, y + 5 * s, nameStyle);
    if (subInline && i === titleLines.length - 1) text.draw(page(), sub, x0 + w + 10 * s, y + 5 * s, subStyle);
  });
  for (const line of subLines) {
    y -= lineHeight(subStyle.size);
    text.draw(page(), line, x0, y + 4 * s, subStyle);
  }
  const rowTop = y;
  // Food and days on the right, so the pictures of the day stay together on the left.
  const rightX = flow.left + flow.width * 0.62;
  const twoLines = (lines: string[], x: number, baseline: number) =>
    lines.forEach((t, i) => text.draw(page(), t, x, baseline - i * 12 * s, { size: (i ? 10 : 12.5) * s, weight: i ? 'regular' : 'bold', color: i ? MUTED : undefined }));
  let ry = rowTop;
  if (m.timing) {
    drawFoodIcon(page(), m.timing, rightX + 14 * s, ry - 16 * s, 13 * s, CARD);
    twoLines(L(TIMING_LABEL[m.timing]), rightX + 38 * s, ry - 14 * s);
    ry -= 34 * s;
  }
  if (m.durationDays != null) {
    const w = text.draw(page(), String(m.durationDays), rightX + 4 * s, ry - 22 * s, { size: 22 * s, weight: 'bold', color: ACCENT });
    twoLines(L('days'), rightX + 12 * s + w, ry - 12 * s);
  }
  if (slots) {
    const names = slotNames(slots.length);
    const colW = Math.min(76 * s, (rightX - x0 - 8 * s) / slots.length);
    slots.forEach((dose, i) => {
      const cx = x0 + colW * (i + 0.5);
      const name = names[i] ?? 'night';
      drawSlotIcon(page(), name, cx, rowTop - 17 * s, 12 * s, dose > 0, CARD);
      text.drawCentered(page(), dose > 0 ? doseText(dose) : '–', cx, rowTop - 46 * s, { size: 17 * s, weight: 'bold', color: dose > 0 ? undefined : MUTED });
      L(name).forEach((t, k) => text.drawCentered(page(), t, cx, rowTop - 62 * s - k * 13 * s, { size: (k ? 9 : 12) * s, weight: k ? 'regular' : 'bold', color: k || dose === 0 ? MUTED : undefined }));
    });
  } else if (other.length) {
    other.forEach((t, i) => text.draw(page(), t, x0, rowTop - lineHeight(14 * s) * 0.8 - i * lineHeight(11 * s), { size: (i ? 11 : 14) * s, weight: i ? 'regular' : 'bold', color: i ? MUTED : undefined }));
  }
  y = rowTop - bodyHeight;
  for (const line of noteLines) {
    y -= lineHeight(11 * s);
    text.draw(page(), line, x0, y + 4 * s, { size: 11 * s });
  }
  flow.y = top - height;
}
