import type { Dialect } from '../../engine/Dialect.js';
import { DAY_KEY } from './bucket.js';
import type { NamedQuery } from './namedQuery.js';
import { type ReportScope, scopeRows } from './scope.js';
import { type PartRows, partRows } from './summaryRows.js';

/** The columns of the page requests query's partial rows (see `pageRequestsPartial`), in order. */
export const PAGE_REQUESTS_PARTIAL_COLUMNS = ['day_key', 'uri', 'requests'];

/**
 * Every request (bots, errors and revalidations included) for each of `uris` (the top pages, a
 * bound parameter each): `uri`, `requests`. With no URI, a query that returns no row.
 */
export function pageRequestsQuery(dialect: Dialect, scope: ReportScope, uris: readonly string[]): NamedQuery {
  const named = Object.fromEntries(uris.map((uri, i) => [`uri_${i}`, uri]));
  const list = uris.length === 0 ? 'NULL' : uris.map((_, i) => `$uri_${i}`).join(', ');
  const parts = partRows(scope.summaries, 'page_requests', PAGE_REQUESTS_PARTIAL_COLUMNS, () =>
    pageRequestsPartial(dialect, scope, list),
  );
  return {
    name: 'pageRequests',
    sql: `SELECT uri, CAST(sum(requests) AS BIGINT) AS requests
FROM (${parts.sql}) parts
WHERE uri IN (${list})
GROUP BY uri`,
    params: { ...parts.params, ...named },
  };
}

/**
 * The page requests query's partial rows: every request per day and URI; only of the URIs in
 * `list` (SQL of a list) when given, as the report asks for its top pages (a day summary keeps
 * every URI).
 */
export function pageRequestsPartial(dialect: Dialect, scope: ReportScope, list?: string): PartRows {
  const { from, params } = scopeRows(dialect, scope);
  return {
    sql: `SELECT ${DAY_KEY} AS day_key, uri, count(*) AS requests
FROM ${from}${list === undefined ? '' : `\nWHERE uri IN (${list})`}
GROUP BY ${DAY_KEY}, uri`,
    params,
  };
}
