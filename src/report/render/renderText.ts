import { displayLength, printable, truncate } from '../../util/text.js';
import type { Report } from '../model.js';
import { formatChange, formatPrivacy, formatRange, formatValue, scopeParts } from './format.js';
import { type PanelTable, panelTables, totalRows } from './tables.js';

export interface TextOptions {
  /** Characters a line may hold. */
  readonly width: number;
  /** ANSI colours and bold (only for a terminal, and never with NO_COLOR). */
  readonly color: boolean;
}

const GAP = '  ';
const BAR_MIN = 12;
const BAR_MAX = 40;
/** Text columns keep this many characters before the bar gives up room. */
const TEXT_KEEP = 24;

/**
 * The report for a terminal: a heading, the totals (beside the previous period's with
 * `--compare`), then one aligned table a panel, each row with a bar. No line is longer than
 * `width` characters; every string from the logs goes through `printable`, so control characters
 * show as escapes instead of driving the terminal; without `color` there is no escape code at all.
 */
export function renderText(report: Report, options: TextOptions): string {
  const width = Math.max(40, options.width);
  const style = styler(options.color);
  const lines = [
    style.bold(fit(`amplify-logs report: ${formatRange(report.range)}`, width)),
    ...filterLines(report).map((line) => fit(line, width)),
    ...report.notes.flatMap((note) => wrap(`Note: ${note.text}`, width)),
    '',
    ...totalsLines(report, width, style),
  ];
  for (const table of panelTables(report)) lines.push('', ...tableLines(table, width, style));
  return `${lines.join('\n')}\n`;
}

type Style = Record<'bold' | 'dim' | 'bar', (text: string) => string>;

function styler(color: boolean): Style {
  const wrap = (code: string) => (text: string) =>
    color && text !== '' ? `\x1b[${code}m${text}\x1b[0m` : text;
  return { bold: wrap('1'), dim: wrap('2'), bar: wrap('36') };
}

function filterLines(report: Report): string[] {
  return [...scopeParts(report).map((part) => `only: ${printable(part)}`), formatPrivacy(report.privacy)];
}

/** `text` in lines of at most `width` characters, broken at spaces (a longer word is cut). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && displayLength(line) + 1 + displayLength(word) > width) {
      lines.push(fit(line, width));
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(fit(line, width));
  return lines;
}

function totalsLines(report: Report, width: number, style: Style): string[] {
  const compare = report.comparison !== null;
  const header = compare ? ['', 'This period', 'Previous', 'Change'] : ['', 'Value'];
  const rows = totalRows(report).map((row) => {
    const value = formatValue(row.kind, row.value);
    return compare
      ? [
          row.label,
          value,
          formatValue(row.kind, row.previous),
          formatChange(row.kind, row.value, row.previous),
        ]
      : [row.label, value];
  });
  const widths = header.map((h, i) =>
    Math.max(displayLength(h), ...rows.map((r) => displayLength(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    fit(
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(GAP),
      width,
    ).trimEnd();
  const title = compare && report.comparison ? ` (previous: ${formatRange(report.comparison.range)})` : '';
  return [style.bold(fit(`Totals${title}`, width)), style.dim(line(header)), ...rows.map(line)];
}

/**
 * An hour of the traffic table as a terminal shows it: `13:00` when every hour is of one day (the
 * range line gives it), else `12-05 13:00` (the range line gives the year; the title says UTC), so
 * a narrow terminal need not cut it. A day stays `2026-12-05`.
 */
function hourLabel(bucket: string, oneDay: boolean): string {
  return bucket.replace(/^\d{4}-(\d\d-\d\d)T(\d\d:\d\d)Z$/, oneDay ? '$2' : '$1 $2');
}

/** A panel: its title, its note, a header and the rows, each with a bar, within `width`. */
function tableLines(table: PanelTable, width: number, style: Style): string[] {
  const head = [style.bold(fit(table.title, width)), style.dim(fit(table.note, width))];
  if (table.rows.length === 0) return [...head, '  (nothing in this range)'];
  const oneDay = new Set(table.rows.map((row) => String(row[0]).slice(0, 10))).size === 1;
  const cells = table.rows.map((row) =>
    row.map((cell, i) => {
      const kind = table.columns[i]?.kind ?? 'text';
      if (i === 0 && table.id === 'traffic_over_time') return hourLabel(String(cell), oneDay);
      return kind === 'text' ? printable(formatValue(kind, cell)) : formatValue(kind, cell);
    }),
  );
  const header = table.columns.map((c) => c.title);
  const widths = header.map((h, i) =>
    Math.max(displayLength(h), ...cells.map((r) => displayLength(r[i] ?? ''))),
  );
  const barWidth = fitColumns(widths, table, width);
  const values = table.rows.map((row) => Number(row[table.bar] ?? 0));
  const max = Math.max(0, ...values);
  const numeric = table.columns.map((c) => c.kind !== 'text');
  const line = (row: string[], barText: string) => {
    const text = row
      .map((cell, i) => {
        const cut = truncate(cell, widths[i] ?? 0);
        const fill = ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayLength(cut)));
        return numeric[i] ? fill + cut : cut + fill;
      })
      .join(GAP);
    const fitted = fit(`  ${text}`, barWidth > 0 ? width - GAP.length - barWidth : width);
    return barText === '' ? fitted.trimEnd() : `${fitted}${GAP}${barText}`;
  };
  return [
    ...head,
    style.dim(line(header, '')),
    ...cells.map((row, i) => line(row, style.bar(bar(values[i] ?? 0, max, barWidth)))),
  ];
}

/**
 * Makes the row fit `width`: first narrows the widest text columns, down to `TEXT_KEEP`
 * characters, to leave room for a bar of `BAR_MIN`; then, if the row alone is still too wide,
 * narrows them further (never below one character). Returns the bar's width (0 when there is no
 * room for a useful one).
 */
function fitColumns(widths: number[], table: PanelTable, width: number): number {
  const used = () => 2 + widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  const text = table.columns.flatMap((c, i) => (c.kind === 'text' ? [i] : []));
  const narrow = (floor: number, room: number) => {
    while (used() + room > width) {
      const widest = text.reduce((a, b) => ((widths[b] ?? 0) > (widths[a] ?? 0) ? b : a), text[0] ?? -1);
      if (widest < 0 || (widths[widest] ?? 0) <= floor) return;
      widths[widest] = (widths[widest] ?? 0) - 1;
    }
  };
  narrow(TEXT_KEEP, GAP.length + BAR_MIN);
  const bar = Math.min(BAR_MAX, width - used() - GAP.length);
  if (bar >= 3) return bar;
  narrow(1, 0);
  return 0;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `value / max` of `width` cells, in eighths of a cell. */
function bar(value: number, max: number, width: number): string {
  if (width <= 0 || max <= 0 || value <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? '');
}

/** Text cut to `width` characters. */
function fit(text: string, width: number): string {
  return truncate(text, width);
}
