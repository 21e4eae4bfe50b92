import { formatValue } from './format.js';
import { type Html, html } from './html.js';
import type { ValueKind } from './tables.js';

/** One point or bar: a label (possibly from the logs: it is escaped) and a value. */
export interface ChartDatum {
  readonly label: string;
  readonly value: number;
}

const WIDTH = 440;
const LINE_WIDTH = 400;
const LINE_HEIGHT = 170;
const PAD = { top: 18, right: 10, bottom: 24, left: 10 };

/**
 * A line chart with a filled area, as inline SVG that scales to its container: the series of
 * `points` in order, the largest value and the first, middle and last labels written on it, each
 * point's value in a tooltip. One point is drawn as a single bar.
 */
export function lineChart(points: readonly ChartDatum[], kind: ValueKind, title: string): Html {
  const max = Math.max(0, ...points.map((p) => p.value));
  const plotW = LINE_WIDTH - PAD.left - PAD.right;
  const plotH = LINE_HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - (max === 0 ? 0 : (v / max) * plotH);
  const base = PAD.top + plotH;
  const coords = points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
  const shape =
    points.length <= 1
      ? html`<rect class="area" x="${(x(0) - 20).toFixed(1)}" y="${y(points[0]?.value ?? 0).toFixed(1)}" width="40" height="${(base - y(points[0]?.value ?? 0)).toFixed(1)}"/>`
      : html`<polygon class="area" points="${`${x(0).toFixed(1)},${base} ${coords.join(' ')} ${x(points.length - 1).toFixed(1)},${base}`}"/>
<polyline class="line" points="${coords.join(' ')}"/>`;
  const marks = [0, Math.floor((points.length - 1) / 2), points.length - 1]
    .filter((i, n, all) => i >= 0 && all.indexOf(i) === n)
    .map((i) => {
      const anchor =
        i === 0 && points.length > 1
          ? 'start'
          : i === points.length - 1 && points.length > 1
            ? 'end'
            : 'middle';
      return html`<text class="axis" x="${x(i).toFixed(1)}" y="${LINE_HEIGHT - 8}" text-anchor="${anchor}">${points[i]?.label ?? ''}</text>`;
    });
  const dots = points.map(
    (p, i) =>
      html`<circle class="dot" cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="${points.length > 60 ? 1.5 : 3}"><title>${p.label}: ${formatValue(kind, p.value)}</title></circle>`,
  );
  return html`<svg class="chart line-chart" viewBox="0 0 ${LINE_WIDTH} ${LINE_HEIGHT}" role="img" aria-label="${title}">
<line class="grid" x1="${PAD.left}" y1="${base}" x2="${LINE_WIDTH - PAD.right}" y2="${base}"/>
<line class="grid" x1="${PAD.left}" y1="${PAD.top}" x2="${LINE_WIDTH - PAD.right}" y2="${PAD.top}"/>
${shape}
${dots}
<text class="axis" x="${PAD.left}" y="${PAD.top - 5}">${formatValue(kind, max)}</text>
${marks}
</svg>`;
}

const BAR_ROW = 22;
const LABEL_WIDTH = 180;
const LABEL_CHARS = 24;

/**
 * A horizontal bar chart as inline SVG: one row a datum, its label (cut to fit, the whole label
 * in a tooltip), a bar scaled to the largest value, and the value.
 */
export function barChart(rows: readonly ChartDatum[], kind: ValueKind, title: string): Html {
  const max = Math.max(0, ...rows.map((r) => r.value));
  const barSpace = WIDTH - LABEL_WIDTH - 84;
  const height = Math.max(1, rows.length) * BAR_ROW + 4;
  const bars = rows.map((row, i) => {
    const top = 2 + i * BAR_ROW;
    const width = max === 0 ? 0 : Math.max(1, (row.value / max) * barSpace);
    const label =
      [...row.label].length > LABEL_CHARS
        ? `${[...row.label].slice(0, LABEL_CHARS - 1).join('')}…`
        : row.label;
    return html`<g><title>${row.label}: ${formatValue(kind, row.value)}</title>
<text class="label" x="${LABEL_WIDTH - 8}" y="${top + 15}" text-anchor="end">${label}</text>
<rect class="bar" x="${LABEL_WIDTH}" y="${top + 3}" width="${width.toFixed(1)}" height="${BAR_ROW - 6}" rx="2"/>
<text class="value" x="${(LABEL_WIDTH + width + 6).toFixed(1)}" y="${top + 15}">${formatValue(kind, row.value)}</text></g>`;
  });
  return html`<svg class="chart bar-chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${title}">
${bars}
</svg>`;
}
