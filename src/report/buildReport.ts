import { randomBytes } from 'node:crypto';
import type { Dialect } from '../engine/Dialect.js';
import { DUCKDB_DIALECT } from '../engine/DuckDBDialect.js';
import type { QueryEngine, QueryResult } from '../engine/QueryEngine.js';
import { type CountryLookup, openCountryLookup } from '../format/address/CountryLookup.js';
import { DEFAULT_PRIVACY, type PrivacySettings, spellPrivacy } from '../store/privacy.js';
import { byCodeUnits } from '../util/text.js';
import { assembleReport } from './assembleReport.js';
import { clientNavigationNote, ONE_PAGE_VISITS } from './clientNavigation.js';
import { type AgentTraffic, botAgents, botPanel, classifyAgents } from './enrich/agentPanels.js';
import type { AgentInfo } from './enrich/classifyAgent.js';
import { countryPanel } from './enrich/countryPanel.js';
import { filterSource, isVisitLevel, type ReportFilter, valueMatches } from './filters.js';
import type { Comparison, Granularity, Report, ReportNote, ReportRange } from './model.js';
import { pageviewPanels } from './pageviewPanels.js';
import { problemPanels } from './problemPanels.js';
import { addressesQuery } from './queries/addressesQuery.js';
import { agentsQuery } from './queries/agentsQuery.js';
import { clientNavigationQuery } from './queries/clientNavigationQuery.js';
import type { ResolvedFilters } from './queries/filterSql.js';
import type { NamedQuery } from './queries/namedQuery.js';
import { pageRequestsQuery } from './queries/pageRequestsQuery.js';
import { pageviewsQuery } from './queries/pageviewsQuery.js';
import { problemsQuery } from './queries/problemsQuery.js';
import { materializedRowsSql, type ReportScope } from './queries/scope.js';
import { storeDaysQuery } from './queries/storeDaysQuery.js';
import { PANEL_SETS, TOTALS_SETS, type TrafficSet, trafficQuery } from './queries/trafficQuery.js';
import { visitorsQuery } from './queries/visitorsQuery.js';
import { visitsQuery } from './queries/visitsQuery.js';
import { granularityOf, previousRange, type RangeSpec, resolveRange } from './range.js';
import { num, rowObjects, str } from './rowValues.js';
import type { DaySummaries } from './summaries/daySummaries.js';
import { totalsOf } from './totals.js';
import { trafficPanels } from './trafficPanels.js';
import { visitorPanels } from './visitorPanels.js';
import { visitPanels } from './visitPanels.js';

export interface BuildReportOptions {
  readonly range: RangeSpec;
  /** Add the totals of the previous period of the same length. */
  readonly compare?: boolean;
  /** Only requests for this `host_header`. */
  readonly host?: string | undefined;
  /** Leave requests from bots out of every panel. */
  readonly excludeBots?: boolean;
  /** Only what passes every filter (src/report/filters.ts); the comparison has the same filters. */
  readonly filters?: readonly ReportFilter[];
  /** Rows kept in each long panel (pages, referrers, errors, bots, countries, ...). Default 20. */
  readonly limit?: number;
  /** What "today" is (UTC). Default: the system clock. */
  readonly now?: () => Date;
  /** The IP → country lookup, opened only when needed. Default: DB-IP Lite. */
  readonly countries?: () => Promise<CountryLookup>;
  /** The engine's SQL spellings. Default: DuckDB's. */
  readonly dialect?: Dialect;
  /** The store's privacy settings, stated in the report's header. Default: none set. */
  readonly privacy?: PrivacySettings;
  /**
   * The store's day summaries (src/report/summaries/), read for the days that have a current one
   * when the report has no filter and keeps the bots. Default: every day read from its day file.
   */
  readonly summaries?: Pick<DaySummaries, 'forRange'>;
  /**
   * The most rows a report with a visit-level filter copies into a temporary table on an engine
   * that has them (see `materialized`). Default `MATERIALIZED_ROWS`; 0 reads the day files in
   * every query.
   */
  readonly materializeRows?: number;
}

type Run = (query: NamedQuery) => Promise<QueryResult>;

/**
 * Builds the report of a range: named queries on the engine (each reads only the range's days and
 * the columns it needs, or the day summaries of those days; five passes in all), user agents and
 * client addresses enriched in JS once per distinct value, then the model assembled. Rejects with the engine's `QueryError` when a
 * query fails.
 */
export async function buildReport(engine: QueryEngine, options: BuildReportOptions): Promise<Report> {
  const dialect = options.dialect ?? DUCKDB_DIALECT;
  const limit = options.limit ?? 20;
  const now = (options.now ?? (() => new Date()))();
  const run: Run = (query) => engine.query(query.sql, query.params);
  const querySide = engine.querySide?.bind(engine);
  const side: Run | undefined = querySide && ((query) => querySide(query.sql, query.params));
  for (const statement of dialect.setup) {
    await engine.query(statement);
    await querySide?.(statement);
  }
  const range = await rangeFor(run, options.range, now);
  const granularity = granularityOf(range);
  const lookup = await (options.countries ?? (() => openCountryLookup()))();
  const scratch: string[] = [];
  try {
    return await reportOf(run, dialect, { now, range, granularity, limit, lookup, scratch, side }, options);
  } finally {
    // Each dropped on its own; a failure here must not hide the report's own.
    for (const table of scratch) {
      await run({ name: 'drop', sql: `DROP TABLE IF EXISTS ${table}`, params: {} }).catch(() => {});
    }
  }
}

/** What one report works with: its clock, range, limit, country lookup, and temporary tables. */
interface ReportRun {
  readonly now: Date;
  readonly range: ReportRange;
  readonly granularity: Granularity;
  readonly limit: number;
  readonly lookup: CountryLookup;
  /** The temporary tables the report made (`materialized`), dropped when it is done. */
  readonly scratch: string[];
  /** Runs a query beside `run`'s, when the engine can (`QueryEngine.querySide`). */
  readonly side?: Run | undefined;
}

async function reportOf(
  run: Run,
  dialect: Dialect,
  { now, range, granularity, limit, lookup, scratch, side }: ReportRun,
  options: BuildReportOptions,
): Promise<Report> {
  const { traffic, agents, classified, scope } = await trafficOf(
    run,
    dialect,
    range,
    granularity,
    options,
    lookup,
    scratch,
  );
  // The visits, the longest query, run beside the others when the engine has a second connection.
  const visitsQuestion = visitsQuery(dialect, scope, granularity, limit);
  const beside = side?.(visitsQuestion);
  beside?.catch(() => {}); // awaited below; this only keeps a failure from counting as unhandled meanwhile
  const visitors = visitorPanels(await run(visitorsQuery(dialect, scope, granularity)));
  // The engine runs these in turn while the addresses are looked up here.
  const later = (async () => {
    const views = pageviewPanels(await run(pageviewsQuery(dialect, scope, granularity, limit)));
    const topUris = views.pages.flatMap((page) => page.uri ?? []);
    const pageRequests = await run(pageRequestsQuery(dialect, scope, topUris));
    const problems = await run(problemsQuery(dialect, scope, limit));
    const visits = visitPanels(await (beside ?? run(visitsQuestion)));
    return { views, pageRequests, problems, visits, notes: await notesOf(run, dialect, scope, visits.total) };
  })();
  later.catch(() => {}); // awaited below; this only keeps a failure from counting as unhandled meanwhile
  const countries = await countryPanel(visitors.addresses, lookup);
  const { views, pageRequests, problems, visits, notes } = await later;
  return assembleReport({
    now,
    range,
    granularity,
    filters: filtersOf(options),
    excludeBots: options.excludeBots ?? false,
    notes,
    limit,
    traffic,
    agents,
    classified,
    views,
    visitors,
    visits,
    pageRequests: new Map(rowObjects(pageRequests).map((row) => [str(row.uri), num(row.requests)])),
    problems: problemPanels(problems, lookup),
    countries,
    comparison: options.compare
      ? await comparisonOf(run, dialect, previousRange(range), options, lookup, scratch)
      : null,
    geoSource: lookup.source,
    privacy: spellPrivacy(options.privacy ?? DEFAULT_PRIVACY),
  });
}

/**
 * The notes on the figures: the single-page application note (src/report/clientNavigation.ts),
 * whose query runs only when visits average under `ONE_PAGE_VISITS` pageviews.
 */
async function notesOf(
  run: Run,
  dialect: Dialect,
  scope: ReportScope,
  visits: { visits: number; pageviews: number },
): Promise<ReportNote[]> {
  if (visits.visits === 0 || visits.pageviews / visits.visits >= ONE_PAGE_VISITS) return [];
  const [row] = (await run(clientNavigationQuery(dialect, scope))).rows;
  const note = clientNavigationNote(visits.pageviews / visits.visits, num(row?.[0]), num(row?.[1]));
  return note ? [note] : [];
}

/** The resolved range; `all` asks the engine for the first and last day. */
async function rangeFor(run: Run, spec: RangeSpec, now: Date): Promise<ReportRange> {
  if (spec.kind !== 'all') return resolveRange(spec, now);
  const [first, last] = (await run(storeDaysQuery())).rows[0] ?? [];
  const day = (n: number) => `${String(n).slice(0, 4)}-${String(n).slice(4, 6)}-${String(n).slice(6, 8)}`;
  return first == null || last == null
    ? resolveRange(spec, now)
    : resolveRange(spec, now, { first: day(num(first)), last: day(num(last)) });
}

/** The report's filters: `host` (when given) as the first, then `filters`. */
function filtersOf(options: BuildReportOptions): ReportFilter[] {
  return [
    ...(options.host === undefined ? [] : [{ key: 'host', op: '=', value: options.host } as const]),
    ...(options.filters ?? []),
  ];
}

/**
 * The traffic query's panels, the range's user agents classified, and the scope the other
 * queries share (with its bot list and filters). Without `excludeBots` and filters the user
 * agents come in the traffic query's own pass; otherwise every user agent of the range is
 * classified first, to leave the bots out of that pass or to know which visits are human
 * before a filter narrows the requests.
 */
async function trafficOf(
  run: Run,
  dialect: Dialect,
  range: ReportRange,
  granularity: Granularity,
  options: BuildReportOptions,
  lookup: CountryLookup,
  scratch: string[],
  sets: readonly TrafficSet[] = PANEL_SETS,
) {
  const filters = filtersOf(options);
  const base = { from: range.from, to: range.to, botAgents: [] };
  if (!options.excludeBots && filters.length === 0) {
    const summaries = await options.summaries?.forRange(range.from, range.to, lookup);
    const plain = { ...base, ...(summaries ? { summaries } : {}) };
    const withAgents = [...sets, 'agents'] as const;
    const traffic = trafficPanels(
      await run(trafficQuery(dialect, plain, granularity, withAgents)),
      withAgents,
    );
    const classified = classifyAgents(traffic.agents);
    return {
      traffic,
      agents: traffic.agents,
      classified,
      scope: { ...plain, botAgents: botAgents(classified) },
    };
  }
  const rangeAgents: AgentTraffic[] = (await run(agentsQuery(dialect, base))).rows.map((row) => ({
    userAgent: str(row[0] ?? null),
    requests: num(row[1]),
    bytes: num(row[2]),
  }));
  const classified = classifyAgents(rangeAgents);
  const resolved = await resolveFilters(run, dialect, base, filters, classified, lookup);
  const unfiltered: ReportScope = {
    ...base,
    botAgents: botAgents(classified),
    ...(options.excludeBots ? { excludeBots: true } : {}),
    ...(filters.length > 0 ? { filters: resolved } : {}),
  };
  const limit = options.materializeRows ?? MATERIALIZED_ROWS;
  // Visit-level filters join the range's visits to its requests: done once, not in every query.
  // (Request-level filters alone read less through each query's own columns: measured, 2M store.)
  const visitLevel = filters.some((filter) => isVisitLevel(filter.key));
  const scope = visitLevel ? await materialized(run, dialect, unfiltered, scratch, limit) : unfiltered;
  if (options.excludeBots || filters.length === 0) {
    const traffic = trafficPanels(await run(trafficQuery(dialect, scope, granularity, sets)), sets);
    return { traffic, agents: rangeAgents, classified, scope };
  }
  const withAgents = [...sets, 'agents'] as const;
  const traffic = trafficPanels(await run(trafficQuery(dialect, scope, granularity, withAgents)), withAgents);
  return { traffic, agents: traffic.agents, classified, scope };
}

/**
 * The most rows a filtered report copies into a temporary table (about 300 MB of rows at most);
 * a scope with more reads the day files in every query instead.
 */
export const MATERIALIZED_ROWS = 500_000;

/**
 * The filtered scope as a temporary table its queries read (`rows`), when the engine has such
 * tables and the scope holds at most `limit` rows: the day files are read and the
 * filters (with the visits they keep) worked out once for the report, not once per query. The
 * table is made with one row over the limit at most; a scope that reaches it is dropped and read as
 * before. Added to `scratch`, which the report drops when done.
 */
async function materialized(
  run: Run,
  dialect: Dialect,
  scope: ReportScope,
  scratch: string[],
  limit: number,
): Promise<ReportScope> {
  if (!dialect.temporaryTable || limit <= 0) return scope;
  const name = `report_scope_${randomBytes(6).toString('hex')}`;
  const { sql, params } = materializedRowsSql(dialect, scope);
  scratch.push(name);
  await run({
    name: 'scope',
    sql: dialect.temporaryTable(name, `${sql} LIMIT ${limit + 1}`),
    params,
  });
  const [row] = (await run({ name: 'scope size', sql: `SELECT count(*) FROM ${name}`, params: {} })).rows;
  if (num(row?.[0]) > limit) {
    await run({ name: 'drop', sql: `DROP TABLE ${name}`, params: {} });
    return scope;
  }
  return { ...scope, rows: name };
}

/**
 * The filters with the client addresses (for `country`) and user agents (for `browser`, `os`,
 * `device`, `bot`) of the range that satisfy them, found as the panels find countries and
 * agents. The addresses are read only when a country filter needs them.
 */
async function resolveFilters(
  run: Run,
  dialect: Dialect,
  base: { from: string; to: string },
  filters: readonly ReportFilter[],
  classified: ReadonlyMap<string | null, AgentInfo>,
  lookup: CountryLookup,
): Promise<ResolvedFilters> {
  const lists = new Map<number, { values: string[]; missing: boolean }>();
  const needsAddresses = filters.some((f) => filterSource(f.key).kind === 'country');
  const addresses = needsAddresses
    ? (await run(addressesQuery(dialect, base))).rows.flatMap((row) =>
        row[0] == null ? [] : [String(row[0])],
      )
    : [];
  filters.forEach((filter, i) => {
    const source = filterSource(filter.key);
    if (source.kind === 'country') {
      lists.set(i, {
        values: addresses.filter((ip) => valueMatches(filter, lookup.country(ip))),
        missing: valueMatches(filter, null),
      });
    }
    if (source.kind === 'agent') {
      const found = (info: AgentInfo | undefined): string | null => {
        if (source.field === 'bot') return info === undefined || info.bot ? 'yes' : 'no';
        return info === undefined || info.bot ? null : info[source.field];
      };
      const values: string[] = [];
      for (const [agent, info] of classified) {
        if (agent !== null && valueMatches(filter, found(info))) values.push(agent);
      }
      lists.set(i, { values, missing: valueMatches(filter, found(undefined)) });
    }
  });
  // In one order whatever order the engine listed them in: the same query text and parameters.
  for (const list of lists.values()) list.values.sort(byCodeUnits);
  return { filters, lists };
}

/** The totals of the previous period of the same length, with that period's own bots. */
async function comparisonOf(
  run: Run,
  dialect: Dialect,
  range: ReportRange,
  options: BuildReportOptions,
  lookup: CountryLookup,
  scratch: string[],
): Promise<Comparison> {
  const { traffic, agents, classified, scope } = await trafficOf(
    run,
    dialect,
    range,
    'day',
    options,
    lookup,
    scratch,
    TOTALS_SETS,
  );
  const views = pageviewPanels(await run(pageviewsQuery(dialect, scope, 'day', 1)));
  const visitors = visitorPanels(await run(visitorsQuery(dialect, scope, 'day', { totalOnly: true })));
  const visits = visitPanels(await run(visitsQuery(dialect, scope, 'day', 1, { totalOnly: true })));
  const botRequests = options.excludeBots
    ? 0
    : botPanel(agents, classified).reduce((sum, b) => sum + b.requests, 0);
  return {
    range,
    totals: totalsOf(traffic, {
      pageviews: views.pageviews,
      visitors: visitors.visitors,
      visits: visits.total,
      botRequests,
    }),
  };
}
