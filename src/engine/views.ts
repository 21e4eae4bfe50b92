import { CURATED_COLUMNS, PARTITION_COLUMNS } from '../format/schema.js';
import { curatedRowsSql } from '../sql/curatedRead.js';
import { ident, literalList } from '../sql/sql.js';
import { DUCKDB_DIALECT } from './DuckDBDialect.js';
import { periodFilterSql } from './partitionFilter.js';
import { PERIOD_NAMES, type PeriodName, periodOf } from './periods.js';
import { BOT_AGENTS_TABLE, visitsOfRequestsSql } from './visits.js';

/** The base view every query starts from. */
export const BASE_VIEW = 'access_logs';

/** The name of a period's view: `access_logs_today`, `access_logs_week`, ... */
export function periodView(name: PeriodName): string {
  return `${BASE_VIEW}_${name}`;
}

/** The view of every visit (src/engine/visits.ts). */
export const VISITS_VIEW = 'visits';

/** The name of a period's visits view: `visits_today`, `visits_week`, ... */
export function periodVisitsView(name: PeriodName): string {
  return `${VISITS_VIEW}_${name}`;
}

/**
 * DuckDB statements creating the visits views over the request views: `visits` and one per
 * period (each reads the days of its request view only), leaving out the user agents in
 * `bot_agents`, which the statements create and fill with the bound JSON array `$bot_agents`.
 */
export function duckdbVisitViewStatements(): string[] {
  const views: [string, string][] = [
    [VISITS_VIEW, BASE_VIEW],
    ...PERIOD_NAMES.map((name): [string, string] => [periodVisitsView(name), periodView(name)]),
  ];
  return [
    `CREATE OR REPLACE TABLE ${BOT_AGENTS_TABLE} AS SELECT value AS user_agent FROM (${DUCKDB_DIALECT.stringSet('$bot_agents')}) agents`,
    ...views.map(
      ([visits, requests]) =>
        `CREATE OR REPLACE VIEW ${visits} AS ${visitsOfRequestsSql(DUCKDB_DIALECT, requests, BOT_AGENTS_TABLE)}`,
    ),
  ];
}

/** The view over every rejected line: `source`, `raw`, `line`, `reason`, `text`, `base64`. */
export const REJECTED_VIEW = 'rejected_lines';

const REJECTED_COLUMNS =
  "{source: 'VARCHAR', raw: 'VARCHAR', line: 'BIGINT', reason: 'VARCHAR', text: 'VARCHAR', base64: 'VARCHAR'}";

/** Every column of `access_logs`: the curated columns, then the partition columns. */
const ALL_COLUMNS = [...CURATED_COLUMNS, ...PARTITION_COLUMNS];

/**
 * The rows of the curated day files at `files` (local paths laid out
 * `.../year=YYYY/month=MM/day=DD/access_logs.parquet`) with `columns` (default every column of
 * `access_logs`); with no files, none, with the right columns.
 */
export function curatedFilesSql(files: readonly string[], columns?: readonly string[]): string {
  const wanted = columns ?? ALL_COLUMNS.map((c) => c.name);
  if (files.length === 0) {
    const types = new Map(ALL_COLUMNS.map((c) => [c.name, c.type]));
    return `SELECT ${wanted.map((c) => `CAST(NULL AS ${types.get(c) ?? 'VARCHAR'}) AS ${ident(c)}`).join(', ')} WHERE false`;
  }
  const partitions = PARTITION_COLUMNS.map((c) => `${c.name}: ${c.type}`).join(', ');
  return `SELECT ${wanted.map(ident).join(', ')} FROM ${curatedRowsSql(`read_parquet(${literalList(files)}, hive_partitioning = true, hive_types = {${partitions}})`)} curated`;
}

/**
 * DuckDB statements creating the views over the curated day files at `files` (local paths laid
 * out `.../year=YYYY/month=MM/day=DD/access_logs.parquet`) and the rejected-line files at
 * `rejected`. `now` fixes what today is (UTC). With no files, the views exist and are empty,
 * with the right columns. `base`, when given, is the rows of `access_logs` instead of the files'
 * (src/engine/hotDays.ts: some days read from memory).
 */
export function duckdbViewStatements(
  files: readonly string[],
  now: Date,
  rejected: readonly string[] = [],
  base: string = curatedFilesSql(files),
): string[] {
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
