import type { Dialect } from '../../engine/Dialect.js';
import { VISITOR_COLUMNS } from '../../engine/visits.js';
import type { Granularity } from '../model.js';
import { DAY_KEY } from './bucket.js';
import type { NamedQuery } from './namedQuery.js';
import { type ReportScope, scopeRows } from './scope.js';
import { hourSql, type PartRows, partRows } from './summaryRows.js';

/** `GROUPING(bucket, user_agent, place)` of the row kinds of `visitorsQuery`. */
export const VISITOR_ROWS = { bucket: 3, agent: 5, addresses: 6, total: 7 } as const;

/**
 * Visitors: the distinct (UTC day, visitor: `VISITOR_COLUMNS`) of requests not from bots, each with
 * the bucket of its first request and its requests, rolled up in one pass. Rows by `kind` (see
 * `VISITOR_ROWS`):
 * - bucket: visitors and requests by time bucket (of the visitor's first request: its day, or
 *   the hour of its first request that day);
 * - agent: the same per user agent (browsers, operating systems, devices are unions of these);
 * - total: the same for the scope;
 * - addresses (unless `totalOnly`): one row whose `addresses` column packs a line per place,
 *   `place visitors requests`, for the country lookup: the place is the client IP, or `=CC` for a
 *   row whose country was looked up before its address was truncated (`=` alone: unknown). One text value instead of a row per address,
 *   because a busy month has millions of addresses and moving them cell by cell costs more than
 *   the query. The IP is CloudFront's `c-ip` (no line feed can be in it); a missing one is `-`.
 * Reads only the visitor columns, the country and the day (from the partition keys).
 * Columns: `kind`, `bucket`, `user_agent`, `visitors`, `requests`, `addresses`.
 */
export function visitorsQuery(
  dialect: Dialect,
  scope: ReportScope,
  granularity: Granularity,
  options: { totalOnly?: boolean } = {},
): NamedQuery {
  const parts = partRows(scope.summaries, 'visitors', VISITORS_PARTIAL_COLUMNS, () =>
    visitorsPartial(dialect, scope, { ...options, hours: granularity === 'hour' }),
  );
  const { addresses, bucket: bucketKind } = VISITOR_ROWS;
  const bucket = granularity === 'day' ? `CASE WHEN kind = ${bucketKind} THEN day_key END` : 'hour';
  const line = `place || ' ' || CAST(visitors AS VARCHAR) || ' ' || CAST(requests AS VARCHAR)`;
  return {
    name: 'visitors',
    sql: `WITH rollup AS (
  SELECT kind, ${bucket} AS bucket, user_agent, place, CAST(sum(visitors) AS BIGINT) AS visitors, CAST(sum(requests) AS BIGINT) AS requests
  FROM (${parts.sql}) parts${options.totalOnly ? `\n  WHERE kind = ${VISITOR_ROWS.total}` : ''}
  GROUP BY kind, ${bucket}, user_agent, place
)
SELECT kind, CASE WHEN kind = ${addresses} THEN NULL ELSE CAST(bucket AS VARCHAR) END AS bucket,
       CASE WHEN kind = ${addresses} THEN NULL ELSE user_agent END AS user_agent,
       CAST(sum(visitors) AS BIGINT) AS visitors, CAST(sum(requests) AS BIGINT) AS requests,
       ${dialect.joinLines(`CASE WHEN kind = ${addresses} THEN ${line} END`)} AS addresses
FROM rollup
GROUP BY kind, CASE WHEN kind = ${addresses} THEN NULL ELSE CAST(bucket AS VARCHAR) END,
         CASE WHEN kind = ${addresses} THEN NULL ELSE user_agent END`,
    params: parts.params,
  };
}

/** The columns of the visitors query's partial rows (see `visitorsPartial`), in order. */
export const VISITORS_PARTIAL_COLUMNS = [
  'kind',
  'day_key',
  'hour',
  'user_agent',
  'place',
  'visitors',
  'requests',
];

/**
 * The visitors query's partial rows: per day, visitors and their requests by the hour of their
 * first request, by user agent, by place, and in all (`kind`: `VISITOR_ROWS`). Visitors are
 * distinct per day, so the days' rows add up. With `totalOnly`, only the totals.
 */
export function visitorsPartial(
  dialect: Dialect,
  scope: ReportScope,
  options: { totalOnly?: boolean; hours?: boolean } = {},
): PartRows {
  const { from, params } = scopeRows(dialect, scope, true);
  const place = `coalesce('=' || country, request_ip, '-')`;
  const sets = options.totalOnly
    ? '(day_key)'
    : '(day_key, hour), (day_key, user_agent), (day_key, place), (day_key)';
  const grouped = options.totalOnly
    ? `${VISITOR_ROWS.total} AS kind, day_key, NULL AS hour, NULL AS user_agent, NULL AS place`
    : 'GROUPING(hour, user_agent, place) AS kind, day_key, hour, user_agent, place';
  return {
    sql: `SELECT ${grouped}, count(*) AS visitors, CAST(sum(requests) AS BIGINT) AS requests
FROM (
  SELECT ${VISITOR_COLUMNS}, day_key, place, min(${hourSql(dialect, options.hours ?? true)}) AS hour, count(*) AS requests
  FROM (SELECT *, ${DAY_KEY} AS day_key, ${place} AS place FROM ${from}) human
  GROUP BY ${VISITOR_COLUMNS}, day_key, place
) visits
GROUP BY GROUPING SETS (${sets})`,
    params,
  };
}
