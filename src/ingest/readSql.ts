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

/** Where `read_csv` stores the lines it cannot read. */
export interface RejectsTables {
  readonly table: string;
  readonly scan: string;
}

/**
 * DuckDB's `read_csv` call for one file of a known layout: every field typed as the schema says
 * (so impossible dates, times and numbers are rejected with their line number), `-`/`-0` as NULL,
 * no quoting (logs never quote), and bad lines stored in the named rejects tables (or skipped,
 * without `rejects`, for a read that only samples the file).
 */
export function readCsvSql(
  file: string,
  layout: LogLayout,
  rejects: RejectsTables | undefined,
  bufferBytes?: number,
): string {
  const columns = layout.fields.map((field, index) => {
    const column = columnForField(field);
    const name = column ? column.name : `_unknown_${index}`;
    const type = column ? (column.readAs ?? column.type) : 'VARCHAR';
    return `${literal(name)}: ${literal(type)}`;
  });
  return `${[
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
    ...(rejects
      ? [
          'store_rejects = true',
          `rejects_table = ${literal(rejects.table)}`,
          `rejects_scan = ${literal(rejects.scan)}`,
          'rejects_limit = 0',
        ]
      : ['ignore_errors = true']),
    ...(bufferBytes ? [`buffer_size = ${bufferBytes}`, `max_line_size = ${MAX_LINE_BYTES}`] : []),
  ].join(', ')})`;
}

/**
 * Whether a file of this layout has user agents to decode ahead. A user agent is the longest value
 * decoded on every row (Amplify percent-encodes its spaces and backslash-escapes its parentheses),
 * and few distinct ones fill a log: decoding each distinct one once and joining it back takes a
 * staging a sixth less CPU than decoding it on every row.
 */
export function hasAgents(layout: LogLayout): boolean {
  return layout.fields.some((field) => columnForField(field)?.name === 'user_agent');
}

/**
 * A statement creating `table` (`_agent`, `_agent_decoded`): each distinct user agent of the
 * file's first `sampleRows` rows with its decoded value. A staging joins it to decode the agents
 * it holds; an agent it lacks is decoded on its row, with the same expression, so the rows do not
 * depend on which agents the sample met.
 */
export function agentMemoSql(
  table: string,
  file: string,
  layout: LogLayout,
  sampleRows: number,
  bufferBytes?: number,
): string {
  const read = readCsvSql(file, layout, undefined, bufferBytes);
  return (
    `CREATE TEMP TABLE ${ident(table)} AS SELECT _agent, ${decodeSql('_agent')} AS _agent_decoded ` +
    `FROM (SELECT DISTINCT user_agent AS _agent FROM (SELECT user_agent FROM ${read} LIMIT ${sampleRows}) ` +
    'WHERE user_agent IS NOT NULL)'
  );
}

/**
 * The FROM clause of a staging: the file's `read_csv`, joined to its agent memo when it has one
 * (a LEFT JOIN: every row of the file stays, once, as the memo holds each agent once).
 */
export function stagedFromSql(read: string, agentMemo: string | undefined): string {
  if (!agentMemo) return read;
  const memo = ident(agentMemo);
  return `${read} LEFT JOIN ${memo} ON ${memo}._agent = "user_agent"`;
}

/**
 * The SELECT list that turns a file's fields into curated rows: the schema's columns in order
 * (NULL where the file's era lacks the field), free-text values decoded (a user agent from the
 * agent memo, when the FROM clause joins one), `time` back to text, the UTC `timestamp`, and
 * `_day`, the partition of the row (or `quarantine` for a row breaking a rule).
 */
export function curateSelectSql(layout: LogLayout, latestDay: string, agentMemo?: string): string {
  const present = new Set(layout.fields.map((field) => columnForField(field)?.name));
  const columns = LOG_COLUMNS.map((column) => {
    const name = ident(column.name);
    if (!present.has(column.name)) return `CAST(NULL AS ${column.type}) AS ${name}`;
    if ((column as ColumnDef).readAs) return `CAST(${name} AS ${column.type}) AS ${name}`;
    if (agentMemo && column.name === 'user_agent') {
      return `coalesce(${ident(agentMemo)}._agent_decoded, ${decodeSql(name)}) AS ${name}`;
    }
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
