import { color, lineHeight, type PageFlow, RULE } from './page-flow';
import type { TextStyle } from './text';

export interface Column {
  title: string;
  /** Share of the table's width. */
  width: number;
  align?: 'left' | 'center';
  bold?: boolean;
}

const HEADER_FILL = { r: 0.88, g: 0.93, b: 0.95 };
const ZEBRA_FILL = { r: 0.97, g: 0.98, b: 0.985 };

/**
 * A table whose cells wrap, whose rows never split across pages, and whose header is drawn
 * again at the top of each new page.
 */
export function drawTable(flow: PageFlow, columns: Column[], rows: string[][], size: number): void {
  const total = columns.reduce((a, c) => a + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * flow.width);
  const pad = 4 * flow.scale;
  const lh = lineHeight(size);

  // A row never splits across pages, so a cell is cut (with an ellipsis) at what fits on one page.
  const maxLines = Math.max(1, Math.floor((flow.paper.size[1] - 2 * flow.paper.margin) * 0.75 / lh));
  const cellLines = (cells: string[], header: boolean) =>
    cells.map((cell, i) => {
      const style: TextStyle = { size, weight: header || columns[i]?.bold ? 'bold' : 'regular' };
      const lines = cell ? flow.text.wrap(cell, style, widths[i]! - 2 * pad) : [];
      if (lines.length > maxLines) lines.splice(maxLines - 1, lines.length, '…');
      return { style, lines };
    });

  const drawRow = (cells: string[], header: boolean, shade: boolean) => {
    const laid = cellLines(cells, header);
    const height = Math.max(1, ...laid.map((c) => c.lines.length)) * lh + pad;
    const top = flow.y;
    const fill = header ? HEADER_FILL : shade ? ZEBRA_FILL : undefined;
    if (fill) flow.page.drawRectangle({ x: flow.left, y: top - height, width: flow.width, height, color: color(fill) });
    let x = flow.left;
    laid.forEach((cell, i) => {
      const w = widths[i]!;
      cell.lines.forEach((line, k) => {
        const y = top - pad / 2 - lh * (k + 1) + lh * 0.3;
        if (columns[i]?.align === 'center') flow.text.drawCentered(flow.page, line, x + w / 2, y, cell.style);
        else flow.text.draw(flow.page, line, x + pad, y, cell.style);
      });
      x += w;
    });
    flow.y = top - height;
    flow.page.drawLine({ start: { x: flow.left, y: flow.y }, end: { x: flow.right, y: flow.y }, thickness: header ? 0.8 : 0.4, color: color(RULE) });
  };

  const header = columns.map((c) => c.title);
  const headerHeight = lh + pad;
  const rowHeight = (cells: string[]) => Math.max(1, ...cellLines(cells, false).map((c) => c.lines.length)) * lh + pad;

  flow.ensure(headerHeight + (rows[0] ? rowHeight(rows[0]) : 0));
  drawRow(header, true, false);
  rows.forEach((cells, r) => {
    const h = rowHeight(cells);
    if (flow.y - h < flow.bottom) {
      flow.newPage();
      drawRow(header, true, false);
    }
    drawRow(cells, false, r % 2 === 1);
  });
}
