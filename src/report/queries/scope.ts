import type { Dialect } from '../../engine/Dialect.js';
import { periodFilterSql } from '../../engine/partitionFilter.js';
import type { QueryParams } from '../../engine/QueryEngine.js';
import { ident } from '../../sql/sql.js';
import { isVisitLevel } from '../filters.js';
import type { Day } from '../model.js';
import { DAY_KEY, dayKeyOf } from './bucket.js';
import {
  matchedVisitsSql,
  type ResolvedFilters,
  requestConditions,
  visitJoinCondition,
} from './filterSql.js';
import type { ScopeSummaries } from './summaryRows.js';

/** Which requests a report looks at. */
export interface ReportScope {
  readonly from: Day;
  readonly to: Day;
  /** Only requests whose `host_header` is exactly this. */
  readonly host?: string | undefined;
  /** The user agents classified as bots (distinct, never null); a missing user agent is a bot too. */
  readonly botAgents: readonly string[];
  /** Leave out requests from bots. */
  readonly excludeBots?: boolean;
  /** Only requests that pass every filter (src/report/filters.ts). */
  readonly filters?: ResolvedFilters;
  /**
   * Day summaries to read for some days of the range (src/report/queries/summaryRows.ts): only
   * for a scope of the range alone (no host, no filters, bots not left out), whose figures are
   * sums of per-day partial results.
   */
  readonly summaries?: ScopeSummaries;
  /**
   * A temporary table holding the scope's rows already (the range's, of the host, through the
   * filters, bots left out when the scope leaves them out: `materializedRowsSql`), read instead
   * of the day files.
   */
  readonly rows?: string;
}

/**
 * How the bot list filters rows: `scan` binds each bot user agent as a parameter of a `NOT IN`
 * list, which DuckDB applies while it reads (cheapest when every row is looked at); `join` binds
 * them as one JSON array joined after the scan's other filters (cheapest when those filters, such
 * as the page test, drop most rows first).
 */
export type BotFilter = 'scan' | 'join';

/**
 * The rows every report query starts from, as a subquery to put after `FROM` (aliased `scope`):
 * the rows of the days of the range (only those day files are read) but its summarized days, of
 * the host if one is given,
 * that pass the filters, and, when `humans` is set or the scope excludes bots, only requests from
 * user agents that are not bots. The bot list, the host and the filter values are bound
 * parameters; the range becomes partition comparisons (numbers from the resolved range). With a
 * visit-level filter, the rows are those of the visits it keeps (src/report/queries/filterSql.ts).
 *
 * A subquery rather than a common table expression: DuckDB materialises a CTE that a query
 * names twice, which for these rows would copy the range's table into memory.
 */
export function scopeRows(
  dialect: Dialect,
  scope: ReportScope,
  humans = false,
  botFilter: BotFilter = 'scan',
): { from: string; params: QueryParams } {
  const params: QueryParams = {};
  if (scope.rows !== undefined) {
    const humansOnly = humans && !scope.excludeBots;
    const where = humansOnly
      ? ` WHERE user_agent IS NOT NULL${notBot(dialect, scope.botAgents, params, botFilter)}`
      : '';
    return { from: `(SELECT * FROM ${scope.rows}${where}) scope`, params };
  }
  const range = periodFilterSql({ from: scope.from, to: scope.to });
  const where = [range];
  if (scope.host !== undefined) {
    where.push('host_header = $host');
    params.host = scope.host;
  }
  if (scope.filters) where.push(...requestConditions(dialect, scope.filters, params));
  const summarized = scope.summaries?.days ?? [];
  if (summarized.length > 0) {
    where.push(`${DAY_KEY} NOT IN (${summarized.map(dayKeyOf).join(', ')})`);
  }
  if (humans || scope.excludeBots) {
    where.push(`user_agent IS NOT NULL${notBot(dialect, scope.botAgents, params, botFilter)}`);
  }
  const rows = `SELECT * FROM access_logs WHERE ${where.join(' AND ')}`;
  if (!scope.filters?.filters.some((filter) => isVisitLevel(filter.key))) {
    return { from: `(${rows}) scope`, params };
  }
  const humansOnly = `user_agent IS NOT NULL${notBot(dialect, scope.botAgents, params, 'join')}`;
  const visits = matchedVisitsSql(dialect, scope.filters, range, humansOnly, params);
  return {
    from: `(SELECT r.* FROM (${rows}) r JOIN (${visits}) v ON ${visitJoinCondition()}) scope`,
    params,
  };
}

/** Above this many bot user agents the `scan` filter binds them as one JSON array too. */
const LISTED_AGENTS = 500;

/** ` AND user_agent NOT IN (...)` for the bot user agents, bound into `params`; empty for none. */
function notBot(dialect: Dialect, agents: readonly string[], params: QueryParams, filter: BotFilter): string {
  if (agents.length === 0) return '';
  if (filter === 'join' || agents.length > LISTED_AGENTS) {
    params.bot_agents = JSON.stringify(agents);
    return ` AND user_agent NOT IN (${dialect.stringSet('$bot_agents')})`;
  }
  agents.forEach((agent, i) => {
    params[`bot_${i}`] = agent;
  });
  return ` AND user_agent NOT IN (${agents.map((_, i) => `$bot_${i}`).join(', ')})`;
}

/**
 * The rows of a scope (without `rows`) as one query, for a temporary table that every query of a
 * report then reads instead of the day files: the filters and the visits they keep are worked
 * out once, not in every query.
 */
export function materializedRowsSql(
  dialect: Dialect,
  scope: ReportScope,
): { sql: string; params: QueryParams } {
  const { from, params } = scopeRows(dialect, { ...scope, rows: undefined });
  return { sql: `SELECT ${REPORT_COLUMNS.map(ident).join(', ')} FROM ${from}`, params };
}

/**
 * The columns the report's queries read (after their filters), which is what a temporary table of
 * a scope's rows keeps; a query reading another would fail on it, in every filtered test.
 */
export const REPORT_COLUMNS = [
  'date',
  'timestamp',
  'year',
  'month',
  'day',
  'request_ip',
  'visitor_key',
  'country',
  'user_agent',
  'method',
  'host_header',
  'uri',
  'query_string',
  'referrer',
  'status',
  'sc_content_type',
  'bytes',
  'location',
  'http_version',
  'ssl_protocol',
  'result_type',
  'x_edge_detailed_result_type',
  'time_taken',
  'time_to_first_byte',
] as const;
