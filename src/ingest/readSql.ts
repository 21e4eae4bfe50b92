import { decodeSql } from '../format/decodeSql.js';
import { type LogLayout, NULL_MARKERS } from '../format/layout.js';
import { type ColumnDef, columnForField, LOG_COLUMNS } from '../format/schema.js';
import { ident, literal, literalList } from '../sql/sql.js';
import { quarantineReasonSql } from './quarantine.js';

/**
 * The longest line the reader takes (DuckDB's default). Said again with a `buffer_size` of its own,
 * since DuckDB then lets a longer line through whole instead of rejecting it.
 */
const MAX_LINE_BYTES = 2_097_152;

/** The partition value of quarantined rows in a staging folder. */
export const QUARANTINE = 'quarantine';

/**
 * DuckDB's `read_csv` call for one file of a known layout: every field typed as the schema says
 * (so impossible dates, times and numbers are rejected with their line number), `-`/`-0` as NULL,
 * no quoting (logs never quote), and bad lines stored in the named rejects tables.
 */
export function readCsvSql(
  file: string,
  layout: LogLayout,
  rejectsTable: string,
  rejectsScan: string,
  bufferBytes?: number,
): string {
  const columns = layout.fields.map((field, index) => {
    const column = columnForField(field);
    const name = column ? column.name : `_unknown_${index}`;
    const type = column ? (column.readAs ?? column.type) : 'VARCHAR';
    return `${literal(name)}: ${literal(type)}`;
  });
  return [
    `read_csv(${literal(file)}`,
    `columns = {${columns.join(', ')}}`,
    'header = false',
    `skip = ${layout.headerLines}`,
    `delim = ${literal(layout.delimiter)}`,
    "quote = ''",
    "escape = ''",
    `nullstr = ${literalList(NULL_MARKERS)}`,
    `force_not_null = ['date', 'time']`,
    'auto_detect = false',
    'store_rejects = true',
    `rejects_table = ${literal(rejectsTable)}`,
    `rejects_scan = ${literal(rejectsScan)}`,
    ...(bufferBytes ? [`buffer_size = ${bufferBytes}`, `max_line_size = ${MAX_LINE_BYTES}`] : []),
    `rejects_limit = 0)`,
  ].join(', ');
}

/**
 * The SELECT list that turns a file's fields into curated rows: the schema's columns in order
 * (NULL where the file's era lacks the field), free-text values decoded, `time` back to text, the UTC
 * `timestamp`, and `_day`, the partition of the row (or `quarantine` for a row breaking a rule).
 */
export function curateSelectSql(layout: LogLayout, latestDay: string): string {
  const present = new Set(layout.fields.map((field) => columnForField(field)?.name));
  const columns = LOG_COLUMNS.map((column) => {
    const name = ident(column.name);
    if (!present.has(column.name)) return `CAST(NULL AS ${column.type}) AS ${name}`;
    if ((column as ColumnDef).readAs) return `CAST(${name} AS ${column.type}) AS ${name}`;
    if ((column as ColumnDef).decode) return `${decodeSql(name)} AS ${name}`;
    return name;
  });
  columns.push(`CAST("date" + "time" AS TIMESTAMP) AS "timestamp"`);
  columns.push('CAST(NULL AS VARCHAR) AS visitor_key', 'CAST(NULL AS VARCHAR) AS country');
  columns.push(
    `CASE WHEN (${quarantineReasonSql(latestDay)}) IS NULL THEN CAST("date" AS VARCHAR) ELSE '${QUARANTINE}' END AS _day`,
  );
  return columns.join(',\n  ');
}
