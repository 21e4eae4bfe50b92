import type { Dialect } from '../../engine/Dialect.js';
import type { NamedQuery } from './namedQuery.js';
import { type ReportScope, scopeRows } from './scope.js';

/**
 * Every request (bots, errors and revalidations included) for each of `uris` (the top pages, a
 * bound parameter each): `uri`, `requests`. With no URI, a query that returns no row.
 */
export function pageRequestsQuery(dialect: Dialect, scope: ReportScope, uris: readonly string[]): NamedQuery {
  const { from, params } = scopeRows(dialect, scope);
  const bound = { ...params, ...Object.fromEntries(uris.map((uri, i) => [`uri_${i}`, uri])) };
  const list = uris.length === 0 ? 'NULL' : uris.map((_, i) => `$uri_${i}`).join(', ');
  return {
    name: 'pageRequests',
    sql: `SELECT uri, count(*) AS requests
FROM ${from}
WHERE uri IN (${list})
GROUP BY uri`,
    params: bound,
  };
}
