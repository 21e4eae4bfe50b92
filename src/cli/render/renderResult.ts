import type { Cell, QueryResult } from '../../engine/QueryEngine.js';
import { displayLength, printable, truncate } from '../../util/text.js';

export type ResultFormat = 'table' | 'csv' | 'json';

export const RESULT_FORMATS: readonly ResultFormat[] = ['table', 'csv', 'json'];

/** A query result in one of the output formats, as a string ending in a newline. */
export function renderResult(result: QueryResult, format: ResultFormat, width?: number): string {
  switch (format) {
    case 'json':
      return rowsJson(result);
    case 'csv':
      return rowsCsv(result);
    case 'table':
      return rowsTable(result, width);
  }
}

/** An array of row objects, keyed by column name. */
function rowsJson(result: QueryResult): string {
  const objects = result.rows.map((row) =>
    Object.fromEntries(result.columns.map((column, index) => [column.name, row[index] ?? null])),
  );
  return `${JSON.stringify(objects, null, 2)}\n`;
}

/** RFC 4180 CSV with a header line; NULL is an empty field. */
function rowsCsv(result: QueryResult): string {
  const lines = [result.columns.map((c) => csvField(c.name)), ...result.rows.map((row) => row.map(csvCell))];
  return lines.map((fields) => `${fields.join(',')}\r\n`).join('');
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  return csvField(typeof cell === 'object' ? JSON.stringify(cell) : String(cell));
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;

/**
 * An aligned table for people: numbers right-aligned, NULL shown as empty, control characters
 * escaped, and, when `width` is given, the widest columns cut so each line fits it.
 */
function rowsTable(result: QueryResult, width?: number): string {
  const header = result.columns.map((c) => printable(c.name));
  const body = result.rows.map((row) => row.map((cell) => printable(tableText(cell))));
  const widths = header.map((h, i) =>
    Math.max(displayLength(h), ...body.map((r) => displayLength(r[i] ?? ''))),
  );
  if (width !== undefined) fitWidths(widths, width);
  const numeric = result.columns.map((c) => NUMERIC.test(c.type));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(truncate(cell, widths[i] ?? 0), widths[i] ?? 0, numeric[i] ?? false))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const count = `(${result.rows.length} ${result.rows.length === 1 ? 'row' : 'rows'})`;
  return `${[line(header), rule, ...body.map(line), count].join('\n')}\n`;
}

function tableText(cell: Cell): string {
  if (cell === null) return '';
  return typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayLength(text)));
  return right ? fill + text : text + fill;
}

/** Narrows the widest columns, never below 8 characters, until the row fits `total`. */
function fitWidths(widths: number[], total: number): void {
  const gaps = 2 * (widths.length - 1);
  while (widths.reduce((a, b) => a + b, 0) + gaps > total) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= 8) return;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
}
