import type { Dialect } from '../../engine/Dialect.js';
import type { QueryParams } from '../../engine/QueryEngine.js';
import { ident, literalList } from '../../sql/sql.js';
import type { Day } from '../model.js';

/**
 * The partial results a report query is made of, one per UTC day (see `partRows`): what a day
 * summary (src/report/summaries/) stores for each of its days.
 */
export const SUMMARY_PARTS = [
  'traffic',
  'visitors',
  'pageviews',
  'page_requests',
  'errors',
  'probes',
  'visits',
  'client_navigation',
] as const;

export type SummaryPart = (typeof SUMMARY_PARTS)[number];

/**
 * The day summaries a scope reads instead of day files: its summarized days (within its range)
 * and each part's Parquet files (local paths, one per day). `complete` when every day of the range
 * that has requests is among them, so the day files need not be read at all.
 */
export interface ScopeSummaries {
  readonly days: readonly Day[];
  readonly complete: boolean;
  readonly files: Readonly<Record<SummaryPart, readonly string[]>>;
}

/** A query's partial rows for its scope: SQL of a relation and its bound parameters. */
export interface PartRows {
  readonly sql: string;
  readonly params: QueryParams;
}

/**
 * The rows of one part over a scope: the partial computed from the day files (`scan`, whose scope
 * leaves the summarized days out), the summarized days' stored partial rows, or both in one
 * relation. `columns` are the partial's columns in its `SELECT` order, the same as stored.
 * Because every partial groups by the day, the rows of a set of days are the union of each day's
 * rows, and the query that sums them up answers the same either way.
 */
export function partRows(
  summaries: ScopeSummaries | undefined,
  part: SummaryPart,
  columns: readonly string[],
  scan: () => PartRows,
): PartRows {
  if (!summaries || summaries.days.length === 0) return scan();
  const stored = `SELECT ${columns.join(', ')} FROM read_parquet(${literalList(summaries.files[part])})`;
  if (summaries.complete) return { sql: stored, params: {} };
  const scanned = scan();
  return {
    sql: `SELECT ${columns.join(', ')} FROM (${scanned.sql}) scanned UNION ALL ${stored}`,
    params: scanned.params,
  };
}

/**
 * A partial's `hour` column: the start of the request's UTC hour when `hours` (a day summary, or a
 * report by hour), else NULL: a report by day reads the day from the partition keys and spares
 * decoding every timestamp.
 */
export function hourSql(dialect: Dialect, hours: boolean): string {
  return hours ? dialect.hourStart(ident('timestamp')) : 'CAST(NULL AS TIMESTAMP)';
}
