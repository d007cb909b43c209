import type { PDFPage } from 'pdf-lib';
import type { Medication } from '../../../shared/schemas/note';
import type { Slot } from '../format';
import { color } from './page-flow';
import type { Rgb } from './text';

// Simple vector pictures a patient who does not read well still understands: the sun rising,
// the sun overhead, the sun setting, the moon; a plate with or without food.
const SUN: Rgb = { r: 0.97, g: 0.6, b: 0.08 };
const DUSK: Rgb = { r: 0.9, g: 0.38, b: 0.15 };
const MOON: Rgb = { r: 0.22, g: 0.28, b: 0.58 };
const OFF: Rgb = { r: 0.86, g: 0.87, b: 0.89 };
const PLATE: Rgb = { r: 0.45, g: 0.47, b: 0.5 };
const FOOD: Rgb = { r: 0.8, g: 0.5, b: 0.18 };

function rays(page: PDFPage, cx: number, cy: number, r: number, c: Rgb, upperOnly: boolean): void {
  for (let i = 0; i < 12; i++) {
    const a = (i * Math.PI) / 6;
    if (upperOnly && (Math.sin(a) < 0.05 || i % 2 === 1)) continue;
    if (!upperOnly && i % 2 === 1) continue;
    const [dx, dy] = [Math.cos(a), Math.sin(a)];
    page.drawLine({
      start: { x: cx + dx * r * 1.3, y: cy + dy * r * 1.3 },
      end: { x: cx + dx * r * 1.75, y: cy + dy * r * 1.75 },
      thickness: Math.max(1, r * 0.16),
      color: color(c),
    });
  }
}

/** A half sun on the horizon (morning, evening). */
function horizonSun(page: PDFPage, cx: number, cy: number, r: number, c: Rgb): void {
  const base = cy - r * 0.45;
  page.drawSvgPath(`M ${-r} 0 A ${r} ${r} 0 0 1 ${r} 0 Z`, { x: cx, y: base, color: color(c) });
  rays(page, cx, base, r, c, true);
  page.drawLine({ start: { x: cx - r * 1.9, y: base }, end: { x: cx + r * 1.9, y: base }, thickness: Math.max(1, r * 0.14), color: color(c) });
}

function moon(page: PDFPage, cx: number, cy: number, r: number, c: Rgb, background: Rgb): void {
  page.drawCircle({ x: cx, y: cy, size: r * 1.1, color: color(c) });
  page.drawCircle({ x: cx + r * 0.55, y: cy + r * 0.35, size: r * 0.95, color: color(background) });
}

/** The picture for a time of day; a slot with no dose is drawn pale. */
export function drawSlotIcon(page: PDFPage, slot: Slot, cx: number, cy: number, r: number, active: boolean, background: Rgb): void {
  const pick = (c: Rgb) => (active ? c : OFF);
  switch (slot) {
    case 'morning':
      horizonSun(page, cx, cy, r, pick(SUN));
      break;
    case 'noon':
      page.drawCircle({ x: cx, y: cy, size: r * 0.95, color: color(pick(SUN)) });
      rays(page, cx, cy, r * 0.95, pick(SUN), false);
      break;
    case 'evening':
      horizonSun(page, cx, cy, r, pick(DUSK));
      break;
    case 'night':
      moon(page, cx, cy, r, pick(MOON), background);
      break;
  }
}

/** A plate: empty before food (and on an empty stomach), with food on it after or with food. */
export function drawFoodIcon(page: PDFPage, timing: NonNullable<Medication['timing']>, cx: number, cy: number, r: number, background: Rgb): void {
  if (timing === 'bedtime') {
    moon(page, cx, cy, r, MOON, background);
    return;
  }
  page.drawEllipse({ x: cx, y: cy, xScale: r * 1.35, yScale: r * 0.75, borderColor: color(PLATE), borderWidth: Math.max(1, r * 0.12) });
  page.drawEllipse({ x: cx, y: cy, xScale: r * 0.85, yScale: r * 0.45, borderColor: color(PLATE), borderWidth: Math.max(0.6, r * 0.06) });
  if (timing === 'after food' || timing === 'with food') {
    page.drawSvgPath(`M ${-r * 0.7} 0 A ${r * 0.7} ${r * 0.55} 0 0 1 ${r * 0.7} 0 Z`, { x: cx, y: cy + r * 0.1, color: color(FOOD) });
  }
}
