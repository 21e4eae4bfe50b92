import { CURATED_COLUMNS, PARTITION_COLUMNS } from '../format/schema.js';
import { ident, literalList } from '../sql/sql.js';
import { PERIOD_NAMES, type Period, type PeriodName, periodOf } from './periods.js';

/** The base view every query starts from. */
export const BASE_VIEW = 'access_logs';

/** The name of a period's view: `access_logs_today`, `access_logs_week`, ... */
export function periodView(name: PeriodName): string {
  return `${BASE_VIEW}_${name}`;
}

/**
 * A filter on the partition columns that keeps the days of `period`, written as equalities and
 * range comparisons of the partition columns with numbers: DuckDB opens only the matching day
 * files, and Athena's partition projection prunes on the same predicates (it cannot prune row
 * comparisons such as `(year, month, day) >= (...)`), so report queries share it on both engines.
 */
export function periodFilterSql(period: Period): string {
  const [fy, fm, fd] = period.from.split('-').map(Number);
  if (period.to === period.from) return `year = ${fy} AND month = ${fm} AND day = ${fd}`;
  const since = `year >= ${fy} AND (year > ${fy} OR month > ${fm} OR (month = ${fm} AND day >= ${fd}))`;
  if (period.to === undefined) return since;
  const [ty, tm, td] = period.to.split('-').map(Number);
  return `${since} AND year <= ${ty} AND (year < ${ty} OR month < ${tm} OR (month = ${tm} AND day <= ${td}))`;
}

/** The view over every rejected line: `source`, `raw`, `line`, `reason`, `text`, `base64`. */
export const REJECTED_VIEW = 'rejected_lines';

const REJECTED_COLUMNS =
  "{source: 'VARCHAR', raw: 'VARCHAR', line: 'BIGINT', reason: 'VARCHAR', text: 'VARCHAR', base64: 'VARCHAR'}";

/**
 * DuckDB statements creating the views over the curated day files at `files` (local paths laid
 * out `.../year=YYYY/month=MM/day=DD/access_logs.parquet`) and the rejected-line files at
 * `rejected`. `now` fixes what today is (UTC). With no files, the views exist and are empty,
 * with the right columns.
 */
export function duckdbViewStatements(
  files: readonly string[],
  now: Date,
  rejected: readonly string[] = [],
): string[] {
  const partitions = PARTITION_COLUMNS.map((c) => `${c.name}: ${c.type}`).join(', ');
  const allColumns = [...CURATED_COLUMNS, ...PARTITION_COLUMNS];
  const base =
    files.length === 0
      ? `SELECT ${allColumns.map((c) => `CAST(NULL AS ${c.type}) AS ${ident(c.name)}`).join(', ')} WHERE false`
      : `SELECT ${allColumns.map((c) => ident(c.name)).join(', ')} FROM read_parquet(${literalList(files)}, hive_partitioning = true, hive_types = {${partitions}})`;
  const rejects =
    rejected.length === 0
      ? 'SELECT NULL::VARCHAR AS source, NULL::VARCHAR AS raw, NULL::BIGINT AS line, NULL::VARCHAR AS reason, NULL::VARCHAR AS text, NULL::VARCHAR AS base64 WHERE false'
      : `SELECT * FROM read_json(${literalList(rejected)}, format = 'newline_delimited', columns = ${REJECTED_COLUMNS})`;
  return [
    `CREATE OR REPLACE VIEW ${BASE_VIEW} AS ${base}`,
    `CREATE OR REPLACE VIEW ${REJECTED_VIEW} AS ${rejects}`,
    ...PERIOD_NAMES.map(
      (name) =>
        `CREATE OR REPLACE VIEW ${periodView(name)} AS SELECT * FROM ${BASE_VIEW} WHERE ${periodFilterSql(periodOf(name, now))}`,
    ),
  ];
}
