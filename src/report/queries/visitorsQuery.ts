import type { Dialect } from '../../engine/Dialect.js';
import type { Granularity } from '../model.js';
import { bucketExpression, DAY_KEY } from './bucket.js';
import type { NamedQuery } from './namedQuery.js';
import { type ReportScope, scopeRows } from './scope.js';

/** `GROUPING(bucket, user_agent, request_ip)` of the row kinds of `visitorsQuery`. */
export const VISITOR_ROWS = { bucket: 3, agent: 5, addresses: 6, total: 7 } as const;

/**
 * Visitors: the distinct (client IP, UTC day, user agent) of requests not from bots, each with
 * the bucket of its first request and its requests, rolled up in one pass. Rows by `kind` (see
 * `VISITOR_ROWS`):
 * - bucket: visitors and requests by time bucket (of the visitor's first request: its day, or
 *   the hour of its first request that day);
 * - agent: the same per user agent (browsers, operating systems, devices are unions of these);
 * - total: the same for the scope;
 * - addresses (unless `totalOnly`): one row whose `addresses` column packs a line per client IP,
 *   `ip visitors requests`, for the country lookup. One text value instead of a row per address,
 *   because a busy month has millions of addresses and moving them cell by cell costs more than
 *   the query. The IP is CloudFront's `c-ip` (no line feed can be in it); a missing one is `-`.
 * Reads only the client IP, the user agent and the day (from the partition keys).
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
  const kind = options.totalOnly ? String(VISITOR_ROWS.total) : 'GROUPING(bucket, user_agent, request_ip)';
  const sets = options.totalOnly
    ? ''
    : '\n  GROUP BY GROUPING SETS ((bucket), (user_agent), (request_ip), ())';
  const pick = (column: string) => (options.totalOnly ? 'NULL' : column);
  const line = `coalesce(request_ip, '-') || ' ' || CAST(visitors AS VARCHAR) || ' ' || CAST(requests AS VARCHAR)`;
  const { addresses } = VISITOR_ROWS;
  return {
    name: 'visitors',
    sql: `WITH visits AS (
  SELECT request_ip, day_key, user_agent, ${bucket} AS bucket, count(*) AS requests
  FROM (SELECT *, ${DAY_KEY} AS day_key FROM ${from}) human
  GROUP BY request_ip, day_key, user_agent
),
rollup AS (
  SELECT ${kind} AS kind, ${pick('bucket')} AS bucket, ${pick('user_agent')} AS user_agent,
         ${pick('request_ip')} AS request_ip, count(*) AS visitors, sum(requests) AS requests
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
