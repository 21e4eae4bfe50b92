import { NULL_MARKERS } from '../format/layout.js';
import { EARLIEST_DAY, REASONS } from '../format/quarantineRules.js';
import { type ColumnDef, LOG_COLUMNS } from '../format/schema.js';
import { ident, literal } from '../sql/sql.js';
import { athenaDecodeSql } from './athenaDecode.js';

const TRINO_TYPE = {
  DATE: 'date',
  BIGINT: 'bigint',
  INTEGER: 'integer',
  FLOAT: 'real',
  TIME: 'time',
} as const;

const EXPECTED: Record<keyof typeof TRINO_TYPE, string> = {
  DATE: 'a valid date (YYYY-MM-DD)',
  TIME: 'a valid time (HH:MM:SS)',
  BIGINT: 'a whole number',
  INTEGER: 'a whole number of at most 10 digits',
  FLOAT: 'a number',
};

const LAST = LOG_COLUMNS[LOG_COLUMNS.length - 1]?.name ?? 'sc_range_end';

/**
 * The raw table's lines as curated rows, in Athena SQL: the same cleaning as the local import
 * (src/ingest/readSql.ts): `-` and `-0` are NULL, fields typed as the schema says, free text
 * decoded (athenaDecode.ts), `timestamp` derived; plus `year`, `month`, `day` of the raw file's
 * partition and `reject_reason`, NULL for a line the local import keeps, else why it would be
 * rejected or quarantined. Header lines (first or repeated) and blank lines are left out.
 *
 * What the text table cannot tell apart: a line with too many fields (Hive ignores the extra
 * ones; Amplify drops commas from values, so its lines never have them); fractional values in
 * integer fields (DuckDB rounds them, Athena rejects the line); `time` is kept as written where
 * DuckDB rewrites unusual spellings (`1:2:3` → `01:02:03`), which Amplify never writes.
 *
 * `raw` is the qualified raw table, `where` a filter on its partition columns, `today` the SQL
 * of the current UTC day (rows dated after tomorrow are quarantined, as on import).
 */
export function decodedRawSql(raw: string, where = 'true', today = 'current_date'): string {
  const marked = LOG_COLUMNS.map((c) => `${nullMarked(ident(c.name))} AS ${ident(c.name)}`);
  const date = `try_cast(${ident('date')} AS date)`;
  const typed = LOG_COLUMNS.map((c) => `${typedValue(c)} AS ${ident(c.name)}`);
  const timestamp = `try_cast(concat(${ident('date')}, ' ', ${ident('time')}) AS timestamp) AS ${ident('timestamp')}`;
  const reasons = [
    `WHEN fields_missing THEN ${literal(`too few fields: the header names ${LOG_COLUMNS.length}`)}`,
    ...LOG_COLUMNS.flatMap((c) => typeCheck(c)),
    `WHEN ${ident('request_id')} IS NULL OR ${ident('request_id')} = '' THEN ${literal(REASONS.noRequestId)}`,
    `WHEN ${date} < DATE ${literal(EARLIEST_DAY)} THEN ${literal(REASONS.tooEarly)}`,
    `WHEN ${date} > date_add('day', 1, ${today}) THEN ${literal(REASONS.tooLate)}`,
  ];
  const unkeyed = ['CAST(NULL AS varchar) AS visitor_key', 'CAST(NULL AS varchar) AS country'];
  return `SELECT ${[...typed, timestamp, ...unkeyed, 'year', 'month', 'day'].join(',\n  ')},
  CASE ${reasons.join('\n    ')}
  END AS reject_reason
FROM (
  SELECT year, month, day, (${ident(LAST)} IS NULL) AS fields_missing,
    ${marked.join(',\n    ')}
  FROM ${raw}
  WHERE (${where}) AND ${ident('date')} <> 'date' AND NOT (${ident('date')} = '' AND ${ident('time')} IS NULL)
) lines`;
}

function nullMarked(expr: string): string {
  return `CASE WHEN ${expr} IN (${NULL_MARKERS.map(literal).join(', ')}) THEN NULL ELSE ${expr} END`;
}

function typeOf(column: ColumnDef): keyof typeof TRINO_TYPE | undefined {
  const type = column.readAs ?? column.type;
  return type in TRINO_TYPE ? (type as keyof typeof TRINO_TYPE) : undefined;
}

function typedValue(column: ColumnDef): string {
  const name = ident(column.name);
  const type = typeOf(column);
  if (type === 'TIME') return name;
  if (type) return `try_cast(${type === 'DATE' ? name : `trim(${name})`} AS ${TRINO_TYPE[type]})`;
  return column.decode ? athenaDecodeSql(name) : name;
}

/** The reject reasons of one typed column: empty where a value is required, or not of its type. */
function typeCheck(column: ColumnDef): string[] {
  const type = typeOf(column);
  if (!type) return [];
  const name = ident(column.name);
  const value = type === 'DATE' || type === 'TIME' ? name : `trim(${name})`;
  const checks: string[] = [];
  if (column.required) {
    checks.push(`WHEN ${name} IS NULL THEN ${literal(`${column.field} is empty, but every line needs one`)}`);
  }
  checks.push(
    `WHEN ${name} IS NOT NULL AND try_cast(${value} AS ${TRINO_TYPE[type]}) IS NULL THEN ${literal(`${column.field} is not ${EXPECTED[type]}`)}`,
  );
  return checks;
}
