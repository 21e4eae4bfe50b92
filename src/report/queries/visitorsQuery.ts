import type { Dialect } from '../../engine/Dialect.js';
import { VISITOR_COLUMNS } from '../../engine/visits.js';
import type { Granularity } from '../model.js';
import { bucketExpression, DAY_KEY } from './bucket.js';
import type { NamedQuery } from './namedQuery.js';
import { type ReportScope, scopeRows } from './scope.js';

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
  const { from, params } = scopeRows(dialect, scope, true);
  // A visit lies in one day: its day is its bucket; hours need the first one.
  const bucket = granularity === 'day' ? 'day_key' : `min(${bucketExpression(dialect, granularity)})`;
  const kind = options.totalOnly ? String(VISITOR_ROWS.total) : 'GROUPING(bucket, user_agent, place)';
  const sets = options.totalOnly ? '' : '\n  GROUP BY GROUPING SETS ((bucket), (user_agent), (place), ())';
  const pick = (column: string) => (options.totalOnly ? 'NULL' : column);
  const line = `place || ' ' || CAST(visitors AS VARCHAR) || ' ' || CAST(requests AS VARCHAR)`;
  const place = `coalesce('=' || country, request_ip, '-')`;
  const { addresses } = VISITOR_ROWS;
  return {
    name: 'visitors',
    sql: `WITH visits AS (
  SELECT ${VISITOR_COLUMNS}, day_key, place, ${bucket} AS bucket, count(*) AS requests
  FROM (SELECT *, ${DAY_KEY} AS day_key, ${place} AS place FROM ${from}) human
  GROUP BY ${VISITOR_COLUMNS}, day_key, place
),
rollup AS (
  SELECT ${kind} AS kind, ${pick('bucket')} AS bucket, ${pick('user_agent')} AS user_agent,
         ${pick('place')} AS place, count(*) AS visitors, sum(requests) AS requests
  FROM visits${sets}
)
SELECT kind, CASE WHEN kind = ${addresses} THEN NULL ELSE CAST(bucket AS VARCHAR) END AS bucket,
       CASE WHEN kind = ${addresses} THEN NULL ELSE user_agent END AS user_agent,
       sum(visitors) AS visitors, sum(requests) AS requests,
       ${dialect.joinLines(`CASE WHEN kind = ${addresses} THEN ${line} END`)} AS addresses
FROM rollup
GROUP BY kind, CASE WHEN kind = ${addresses} THEN NULL ELSE CAST(bucket AS VARCHAR) END,
         CASE WHEN kind = ${addresses} THEN NULL ELSE user_agent END`,
    params,
  };
}
