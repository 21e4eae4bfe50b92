import type { Dialect } from '../../engine/Dialect.js';
import { periodFilterSql } from '../../engine/partitionFilter.js';
import type { QueryParams } from '../../engine/QueryEngine.js';
import { PAGE_CONDITION } from '../../engine/visits.js';
import type { Day } from '../model.js';
import { bucketExpression } from './bucket.js';
import type { NamedQuery } from './namedQuery.js';

/** Which requests the hourly figures count: some UTC days, of one site's domain. */
export interface DomainScope {
  readonly from: Day;
  readonly to: Day;
  /**
   * A domain association (`example.com`): requests whose Host is it or one of its subdomains
   * (`www.example.com`, `main.d1a2b3c4d5e6f7.amplifyapp.com` under `d1a2b3c4d5e6f7.amplifyapp.com`).
   */
  readonly domain: string;
}

/**
 * The scope's rows as a subquery (aliased `scope`): the days' files only, the Host compared lower
 * case, the domain bound as parameters.
 */
function domainRows(scope: DomainScope): { from: string; params: QueryParams } {
  const domain = scope.domain.toLowerCase();
  return {
    from: `(SELECT * FROM access_logs WHERE ${periodFilterSql({ from: scope.from, to: scope.to })}
  AND (lower(host_header) = $domain OR lower(host_header) LIKE $subdomains)) scope`,
    params: { domain, subdomains: `%.${domain}` },
  };
}

/** Requests per distinct user agent of the scope: classified in JS, its bots feed `hourFiguresQuery`. */
export function domainAgentsQuery(scope: DomainScope): NamedQuery {
  const { from, params } = domainRows(scope);
  return {
    name: 'domain-agents',
    sql: `SELECT user_agent, count(*) AS requests, sum(bytes) AS bytes FROM ${from} GROUP BY user_agent`,
    params,
  };
}

/**
 * The scope's requests by UTC hour in two grouping sets: `grouping_id` 0 groups by status, result
 * type, detailed result type, `bot` (no user agent, or one of `botAgents`) and `page` (the
 * report's `PAGE_CONDITION`); 1 is the hour's histogram of `time_to_first_byte`. Columns: `hour`
 * (the engine's timestamp text), those, `grouping_id`, `requests`, `bytes`.
 */
export function hourFiguresQuery(
  dialect: Dialect,
  scope: DomainScope,
  botAgents: readonly string[],
): NamedQuery {
  const { from, params } = domainRows(scope);
  const bot =
    botAgents.length === 0
      ? 'user_agent IS NULL'
      : `(user_agent IS NULL OR user_agent IN (${dialect.stringSet('$bot_agents')}))`;
  const grouped = ['status', 'result_type', 'x_edge_detailed_result_type', 'bot', 'page'];
  return {
    name: 'hour-figures',
    sql: `SELECT CAST(hour AS VARCHAR) AS hour, ${grouped.join(', ')}, time_to_first_byte,
       CASE WHEN GROUPING(time_to_first_byte) = 1 THEN 0 ELSE 1 END AS grouping_id,
       count(*) AS requests, sum(bytes) AS bytes
FROM (SELECT ${bucketExpression(dialect, 'hour')} AS hour, status, result_type, x_edge_detailed_result_type,
             time_to_first_byte, bytes, ${bot} AS bot, COALESCE(${PAGE_CONDITION}, false) AS page
      FROM ${from}) hourly
GROUP BY GROUPING SETS ((hour, ${grouped.join(', ')}), (hour, time_to_first_byte))`,
    params: botAgents.length === 0 ? params : { ...params, bot_agents: JSON.stringify(botAgents) },
  };
}
