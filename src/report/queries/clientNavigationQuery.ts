import type { Dialect } from '../../engine/Dialect.js';
import { PAGE_CONDITION, VISITOR_COLUMNS } from '../../engine/visits.js';
import { DAY_KEY } from './bucket.js';
import type { NamedQuery } from './namedQuery.js';
import { type ReportScope, scopeRows } from './scope.js';
import { type PartRows, partRows } from './summaryRows.js';

/**
 * A request for the data of a page a single-page application renders in the browser: Next.js's
 * `/_next/data/` JSON, a React Server Components payload (`_rsc` query parameter), or any other
 * `.json` path but a web app manifest.
 */
export const CLIENT_NAVIGATION_CONDITION = `(strpos(uri, '/_next/data/') > 0
    OR strpos('&' || coalesce(query_string, ''), '&_rsc=') > 0
    OR (uri LIKE '%.json' AND uri NOT LIKE '%manifest.json'))`;

/**
 * Of the scope's visitor keys with a pageview (by day and host, as visits are made), how many
 * also made a client-side navigation request (`CLIENT_NAVIGATION_CONDITION`) under the same host
 * that day, summed from per-day partial rows (`clientNavigationPartial`). Columns: `visitors`,
 * `navigating`.
 */
export function clientNavigationQuery(dialect: Dialect, scope: ReportScope): NamedQuery {
  const parts = partRows(scope.summaries, 'client_navigation', CLIENT_NAVIGATION_PARTIAL_COLUMNS, () =>
    clientNavigationPartial(dialect, scope),
  );
  return {
    name: 'client_navigation',
    sql: `SELECT CAST(coalesce(sum(visitors), 0) AS BIGINT) AS visitors,
       CAST(coalesce(sum(navigating), 0) AS BIGINT) AS navigating
FROM (${parts.sql}) parts`,
    params: parts.params,
  };
}

/** The columns of the client navigation query's partial rows, in order. */
export const CLIENT_NAVIGATION_PARTIAL_COLUMNS = ['day_key', 'visitors', 'navigating'];

/** The partial rows of `clientNavigationQuery`: its two counts per day. */
export function clientNavigationPartial(dialect: Dialect, scope: ReportScope): PartRows {
  const { from, params } = scopeRows(dialect, scope, true, 'join');
  return {
    sql: `SELECT day_key, count(*) AS visitors, count(CASE WHEN navigation > 0 THEN 1 END) AS navigating
FROM (
  SELECT ${DAY_KEY} AS day_key, sum(CASE WHEN ${PAGE_CONDITION} THEN 1 ELSE 0 END) AS pages,
         sum(CASE WHEN ${CLIENT_NAVIGATION_CONDITION} THEN 1 ELSE 0 END) AS navigation
  FROM ${from}
  GROUP BY ${DAY_KEY}, ${VISITOR_COLUMNS}, host_header
) visitor_hosts
WHERE pages > 0
GROUP BY day_key`,
    params,
  };
}
