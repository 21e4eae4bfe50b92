import type { Dialect } from '../engine/Dialect.js';
import { DUCKDB_DIALECT } from '../engine/DuckDBDialect.js';
import type { Cell, QueryEngine, QueryParams } from '../engine/QueryEngine.js';
import { botAgents, classifyAgents } from './enrich/agentPanels.js';
import type { StatusRow, Totals } from './model.js';
import { percentilesOf } from './percentiles.js';
import { domainAgentsQuery, hourFiguresQuery } from './queries/hourFiguresQuery.js';
import { cacheOutcome } from './resultTypes.js';
import { num, rowObjects, str } from './rowValues.js';
import { totalsOf } from './totals.js';
import { bucketKey } from './trafficPanels.js';

/**
 * One UTC hour of one domain as the report would total it: the same definitions of a pageview,
 * a bot, an error and a cache hit (`totalsOf`, `classifyAgent`, `cacheOutcome`, `PAGE_CONDITION`),
 * plus the hour's 404s and the 95th percentile of time to first byte, in seconds.
 */
export type HourFigures = Pick<
  Totals,
  | 'requests'
  | 'pageviews'
  | 'bytes'
  | 'botRequests'
  | 'botShare'
  | 'serverErrors'
  | 'errorRate'
  | 'clientErrors'
  | 'cacheHits'
  | 'cacheLookups'
  | 'cacheHitRatio'
> & {
  /** The hour's start, `YYYY-MM-DDTHH:00Z` (the report's hourly bucket key). */
  readonly hour: string;
  /** Requests answered 404. */
  readonly notFound: number;
  readonly timeToFirstByteP95: number | null;
};

export interface HourFiguresOptions {
  /** The domain association whose requests count (its subdomains included). */
  readonly domain: string;
  /** Starts of the UTC hours wanted; an hour without requests comes back as zeros. */
  readonly hours: readonly Date[];
  /** Default: DuckDB's. */
  readonly dialect?: Dialect;
}

/**
 * The figures of each asked hour, in the order of `hours` (each once), from what the engine holds
 * now. Two passes over the days the hours fall on: the distinct user agents (classified in JS, as
 * the report does, so bots are the report's bots), then the hours grouped. Rejects with the
 * engine's `QueryError` when a query fails.
 */
export async function hourFigures(engine: QueryEngine, options: HourFiguresOptions): Promise<HourFigures[]> {
  const keys = [...new Set(options.hours.map((h) => bucketKey(h.toISOString().replace('T', ' '))))].sort();
  const first = keys[0];
  const last = keys.at(-1);
  if (first === undefined || last === undefined) return [];
  const dialect = options.dialect ?? DUCKDB_DIALECT;
  const scope = { from: first.slice(0, 10), to: last.slice(0, 10), domain: options.domain };
  const agents = rowObjects(await query(engine, domainAgentsQuery(scope))).map((row) => ({
    userAgent: str(row.user_agent),
    requests: num(row.requests),
    bytes: num(row.bytes),
  }));
  const bots = botAgents(classifyAgents(agents));
  const rows = rowObjects(await query(engine, hourFiguresQuery(dialect, scope, bots)));
  return keys.map((hour) =>
    figuresOf(
      hour,
      rows.filter((row) => bucketKey(str(row.hour) ?? '') === hour),
    ),
  );
}

function query(engine: QueryEngine, named: { sql: string; params: QueryParams }) {
  return engine.query(named.sql, named.params);
}

type Row = Record<string, Cell>;

/** One hour's rows of `hourFiguresQuery` as figures, through the report's `totalsOf`. */
function figuresOf(hour: string, rows: readonly Row[]): HourFigures {
  const counted = rows.filter((row) => num(row.grouping_id) === 0);
  const sum = (pick: (row: Row) => boolean) =>
    counted.filter(pick).reduce((total, row) => total + num(row.requests), 0);
  const statuses = new Map<number | null, StatusRow>();
  for (const row of counted) {
    const status = row.status === null ? null : num(row.status);
    const into = statuses.get(status) ?? { status, requests: 0, bytes: 0 };
    statuses.set(status, {
      status,
      requests: into.requests + num(row.requests),
      bytes: into.bytes + num(row.bytes),
    });
  }
  const totals = totalsOf(
    {
      requests: sum(() => true),
      bytes: counted.reduce((total, row) => total + num(row.bytes), 0),
      statusCodes: [...statuses.values()],
      resultTypes: counted.map((row) => {
        const resultType = str(row.result_type);
        const detailedResultType = str(row.x_edge_detailed_result_type);
        return {
          resultType,
          detailedResultType,
          cache: cacheOutcome(resultType, detailedResultType),
          requests: num(row.requests),
          bytes: num(row.bytes),
        };
      }),
      values: () => [],
      buckets: new Map(),
      timeTaken: { p50: null, p95: null, p99: null },
      timeToFirstByte: percentilesOf(
        rows
          .filter((row) => num(row.grouping_id) === 1 && row.time_to_first_byte !== null)
          .map((row) => ({ value: num(row.time_to_first_byte), count: num(row.requests) })),
      ),
      agents: [],
    },
    {
      pageviews: sum((row) => row.page === true && row.bot !== true),
      visitors: 0,
      visits: { visits: 0, bounces: 0, duration: 0, pageviews: 0 },
      botRequests: sum((row) => row.bot === true),
    },
  );
  return {
    hour,
    requests: totals.requests,
    pageviews: totals.pageviews,
    bytes: totals.bytes,
    botRequests: totals.botRequests,
    botShare: totals.botShare,
    serverErrors: totals.serverErrors,
    errorRate: totals.errorRate,
    clientErrors: totals.clientErrors,
    cacheHits: totals.cacheHits,
    cacheLookups: totals.cacheLookups,
    cacheHitRatio: totals.cacheHitRatio,
    notFound: statuses.get(404)?.requests ?? 0,
    timeToFirstByteP95: totals.timeToFirstByte.p95,
  };
}
