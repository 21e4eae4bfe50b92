import type { Dialect } from '../../engine/Dialect.js';
import type { NamedQuery } from './namedQuery.js';
import { type ReportScope, scopeRows } from './scope.js';

/**
 * The distinct client addresses of the scope's requests, for a `country` filter: each is looked
 * up in JavaScript, as the countries panel does, and the matching ones are bound to the filter.
 * Column: `request_ip`.
 */
export function addressesQuery(
  dialect: Dialect,
  scope: Omit<ReportScope, 'botAgents' | 'excludeBots'>,
): NamedQuery {
  const { from, params } = scopeRows(dialect, { ...scope, botAgents: [] });
  return { name: 'addresses', sql: `SELECT DISTINCT request_ip FROM ${from}`, params };
}
