import type { Dialect } from '../../engine/Dialect.js';
import type { NamedQuery } from './namedQuery.js';
import { type ReportScope, scopeRows } from './scope.js';

/**
 * Requests and bytes per distinct user agent of the scope, when bots are to be left out: it runs
 * first, its user agents are classified in JS, and the bots among them become the `botAgents` of
 * every other query. (Otherwise the traffic query's `agents` set gives the same, in its pass.)
 * Columns: `user_agent`, `requests`, `bytes`.
 */
export function agentsQuery(
  dialect: Dialect,
  scope: Omit<ReportScope, 'botAgents' | 'excludeBots'>,
): NamedQuery {
  const { from, params } = scopeRows(dialect, { ...scope, botAgents: [] });
  return {
    name: 'agents',
    sql: `SELECT user_agent, count(*) AS requests, sum(bytes) AS bytes
FROM ${from}
GROUP BY user_agent`,
    params,
  };
}
