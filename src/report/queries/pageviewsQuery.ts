import type { Dialect } from '../../engine/Dialect.js';
import { isExternalSql, referringSiteSql } from '../../engine/referrers.js';
import { PAGE_CONDITION } from '../../engine/visits.js';
import type { Granularity } from '../model.js';
import { DAY_KEY } from './bucket.js';
import type { NamedQuery } from './namedQuery.js';
import { rowLimit } from './rowLimit.js';
import { type ReportScope, scopeRows } from './scope.js';
import { hourSql, type PartRows, partRows } from './summaryRows.js';

/** The columns the pageviews query groups by, in `GROUPING` order. */
const COLUMNS = ['uri', 'bucket', 'referrer', 'host_header', 'user_agent'] as const;

/** `GROUPING(...)` of a set: bit `i` from the left is 1 when column `i` is not grouped. */
function idOf(...grouped: (typeof COLUMNS)[number][]): number {
  return COLUMNS.reduce((id, c, i) => (grouped.includes(c) ? id : id | (1 << (COLUMNS.length - 1 - i))), 0);
}

/**
 * Everything counted in pageviews, in one pass over the page requests of user agents that are not
 * bots (the page test and the bot list filter the scan). Referrers are grouped with their host
 * first, so whether one is external, and its site, are worked out once per distinct value. Rows
 * by `kind`:
 * - `uri`: the `limit` URIs with the most pageviews;
 * - `bucket`: pageviews by time bucket;
 * - `referrer`: the `limit` external referrers (the recipe's definition: the `Referer` is set and
 *   does not contain the request's own `x-host-header`) by the pageviews they brought;
 * - `site`: the same by referring site (src/engine/referrers.ts);
 * - `agent`: pageviews by user agent (browsers, systems and devices are unions of these);
 * - `total`: all pageviews.
 * Columns: `kind`, `uri`, `bucket`, `referrer`, `site`, `user_agent`, `pageviews`, `place`.
 */
export function pageviewsQuery(
  dialect: Dialect,
  scope: ReportScope,
  granularity: Granularity,
  limit: number,
): NamedQuery {
  const parts = partRows(scope.summaries, 'pageviews', PAGEVIEWS_PARTIAL_COLUMNS, () =>
    pageviewsPartial(dialect, scope, granularity === 'hour'),
  );
  const bucket =
    granularity === 'day'
      ? `CASE WHEN grouping_id = ${idOf('bucket')} THEN CAST(day_key AS VARCHAR) END`
      : 'hour';
  const top = rowLimit(limit);
  return {
    name: 'pageviews',
    sql: `WITH counted AS (
  SELECT grouping_id, uri, ${bucket} AS bucket, referrer, host_header, user_agent, CAST(sum(pageviews) AS BIGINT) AS pageviews
  FROM (${parts.sql}) parts
  GROUP BY grouping_id, uri, ${bucket}, referrer, host_header, user_agent
),
external AS (
  SELECT referrer, ${referringSiteSql()} AS site, sum(pageviews) AS pageviews
  FROM counted WHERE grouping_id = ${idOf('referrer', 'host_header')} AND ${isExternalSql()}
  GROUP BY referrer
)
SELECT 'uri' AS kind, uri, CAST(NULL AS VARCHAR) AS bucket, CAST(NULL AS VARCHAR) AS referrer,
       CAST(NULL AS VARCHAR) AS site, CAST(NULL AS VARCHAR) AS user_agent, pageviews, place
FROM (SELECT uri, pageviews, row_number() OVER (ORDER BY pageviews DESC, uri) AS place
      FROM counted WHERE grouping_id = ${idOf('uri')}) pages
WHERE place <= ${top}
UNION ALL
SELECT 'bucket', NULL, CAST(bucket AS VARCHAR), NULL, NULL, NULL, pageviews, 0
FROM counted WHERE grouping_id = ${idOf('bucket')}
UNION ALL
SELECT 'agent', NULL, NULL, NULL, NULL, user_agent, pageviews, 0 FROM counted WHERE grouping_id = ${idOf('user_agent')}
UNION ALL
SELECT 'total', NULL, NULL, NULL, NULL, NULL, pageviews, 0 FROM counted WHERE grouping_id = ${idOf()}
UNION ALL
SELECT 'referrer', NULL, NULL, referrer, NULL, NULL, pageviews, place
FROM (SELECT referrer, pageviews, row_number() OVER (ORDER BY pageviews DESC, referrer) AS place FROM external) referrers
WHERE place <= ${top}
UNION ALL
SELECT 'site', NULL, NULL, NULL, site, NULL, pageviews, place
FROM (SELECT site, sum(pageviews) AS pageviews, row_number() OVER (ORDER BY sum(pageviews) DESC, site) AS place
      FROM external GROUP BY site) sites
WHERE place <= ${top}
ORDER BY kind, place`,
    params: parts.params,
  };
}

/** The columns of the pageviews query's partial rows (see `pageviewsPartial`), in order. */
export const PAGEVIEWS_PARTIAL_COLUMNS = [
  'grouping_id',
  'day_key',
  ...COLUMNS.map((c) => (c === 'bucket' ? 'hour' : c)),
  'pageviews',
];

/**
 * The pageviews query's partial rows: per day, pageviews by URI, by hour, by referrer and host, by
 * user agent, and in all (`grouping_id` as `GROUPING` of `COLUMNS`, the bucket being `hour`).
 */
export function pageviewsPartial(dialect: Dialect, scope: ReportScope, hours = true): PartRows {
  const { from, params } = scopeRows(dialect, scope, true, 'join');
  const sets = ['uri', 'hour', 'referrer, host_header', 'user_agent'].map((set) => `(day_key, ${set})`);
  return {
    sql: `SELECT GROUPING(uri, hour, referrer, host_header, user_agent) AS grouping_id, day_key, uri, hour,
       referrer, host_header, user_agent, count(*) AS pageviews
FROM (SELECT ${DAY_KEY} AS day_key, uri, ${hourSql(dialect, hours)} AS hour, referrer, host_header, user_agent
      FROM ${from} WHERE ${PAGE_CONDITION}) pages
GROUP BY GROUPING SETS (${sets.join(', ')}, (day_key))`,
    params,
  };
}
