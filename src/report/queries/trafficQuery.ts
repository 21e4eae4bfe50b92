import type { Dialect } from '../../engine/Dialect.js';
import type { Granularity } from '../model.js';
import { DAY_KEY } from './bucket.js';
import type { NamedQuery } from './namedQuery.js';
import { type ReportScope, scopeRows } from './scope.js';
import { hourSql, type PartRows, partRows } from './summaryRows.js';

/**
 * The columns the traffic query can group by, each with its SQL over the scope's rows (`null`:
 * the table's column of that name). `grouping_id` tells the sets apart: bit `i` (from the left,
 * in this order, among the columns the query's sets use) is 0 when column `i` is grouped.
 */
const TRAFFIC_COLUMN_SQL = {
  status: null,
  host_header: null,
  http_version: null,
  ssl_protocol: null,
  sc_content_type: null,
  edge: 'substr(location, 1, 3)',
  result_type: null,
  x_edge_detailed_result_type: null,
  bucket: 'bucket',
  time_taken: null,
  time_to_first_byte: null,
  user_agent: null,
} as const;

export type TrafficColumn = keyof typeof TRAFFIC_COLUMN_SQL;

export const TRAFFIC_COLUMNS = Object.keys(TRAFFIC_COLUMN_SQL) as TrafficColumn[];

/**
 * The grouping sets, by panel. `protocol` groups the few-valued columns together (status, HTTP
 * and TLS versions, result types: a few hundred combinations), one hash per request instead of
 * one per column; the totals and those panels are its sums. `time_taken` and `time_to_first_byte`
 * are value histograms for the percentiles. A new panel of requests and bytes by one column is a
 * column above, a set here, and its definition in src/report/panels.ts.
 */
export const TRAFFIC_SETS = {
  protocol: ['status', 'http_version', 'ssl_protocol', 'result_type', 'x_edge_detailed_result_type'],
  hosts: ['host_header'],
  contentTypes: ['sc_content_type'],
  edgeLocations: ['edge'],
  timeSeries: ['bucket'],
  timeTaken: ['time_taken'],
  timeToFirstByte: ['time_to_first_byte'],
  agents: ['user_agent'],
} as const satisfies Record<string, readonly TrafficColumn[]>;

export type TrafficSet = keyof typeof TRAFFIC_SETS;

/** Sets enough for the totals (of a comparison period). */
export const TOTALS_SETS: readonly TrafficSet[] = ['protocol', 'timeTaken', 'timeToFirstByte'];

/** Every set, in `TRAFFIC_SETS` order. */
export const ALL_TRAFFIC_SETS = Object.keys(TRAFFIC_SETS) as TrafficSet[];

/** Every set but the user agents (known already when bots are left out of the scope). */
export const PANEL_SETS = ALL_TRAFFIC_SETS.filter((set) => set !== 'agents');

/** The columns the given sets group by, in `TRAFFIC_COLUMNS` order: the arguments of `GROUPING`. */
export function groupedColumns(sets: readonly TrafficSet[]): TrafficColumn[] {
  const used = new Set<TrafficColumn>(sets.flatMap((set) => TRAFFIC_SETS[set]));
  return TRAFFIC_COLUMNS.filter((column) => used.has(column));
}

/** The `grouping_id` of `set` in a query of `sets`: bit `i` from the left is 1 when grouped column `i` is not in the set. */
export function groupingId(set: TrafficSet, sets: readonly TrafficSet[]): number {
  const grouped: readonly string[] = TRAFFIC_SETS[set];
  const columns = groupedColumns(sets);
  return columns.reduce(
    (id, column, index) => (grouped.includes(column) ? id : id | (1 << (columns.length - 1 - index))),
    0,
  );
}

/** The columns of the traffic query's partial rows (see `trafficPartial`), in order. */
export const TRAFFIC_PARTIAL_COLUMNS = ['"set"', 'day_key', ...TRAFFIC_COLUMNS, 'requests', 'bytes'];

/**
 * The traffic query's partial rows: requests and bytes per day and group of each of `sets`, the
 * group's set named in `set`, `bucket` the start of the UTC hour (`hourSql`; the day is `day_key`). A day
 * summary stores them for every set; the query sums them up over the days.
 */
export function trafficPartial(
  dialect: Dialect,
  scope: ReportScope,
  sets: readonly TrafficSet[] = ALL_TRAFFIC_SETS,
  hours = true,
): PartRows {
  const { from, params } = scopeRows(dialect, scope);
  const columns = groupedColumns(sets);
  const id = (set: TrafficSet) => groupingId(set, sets);
  const select = TRAFFIC_COLUMNS.map((column) => {
    const sql = column === 'bucket' ? hourSql(dialect, hours) : TRAFFIC_COLUMN_SQL[column];
    return sql === null ? column : `${sql} AS ${column}`;
  });
  const output = TRAFFIC_COLUMNS.map((c) => (columns.includes(c) ? c : `NULL AS ${c}`));
  return {
    sql: `SELECT CASE GROUPING(${columns.join(', ')}) ${sets.map((set) => `WHEN ${id(set)} THEN '${set}'`).join(' ')} END AS "set",
       day_key, ${output.join(', ')}, count(*) AS requests, CAST(sum(bytes) AS BIGINT) AS bytes
FROM (SELECT ${DAY_KEY} AS day_key, ${select.join(', ')}, bytes FROM ${from}) rows
GROUP BY GROUPING SETS (${sets.map((set) => `(day_key, ${TRAFFIC_SETS[set].join(', ')})`).join(', ')})`,
    params,
  };
}

/**
 * One pass over the scope, grouped by several sets at once (`GROUPING SETS`, see `TRAFFIC_SETS`):
 * status, HTTP and TLS versions and result types together, hosts, content types, edge-location
 * prefixes (first three letters), time buckets, histograms of `time_taken` and
 * `time_to_first_byte`, and user agents (classified in JS: the bots among them become the other
 * queries' bot list). The day files' groups come per day (`trafficPartial`), with the scope's
 * day summaries, and are summed here.
 * Columns: `grouping_id` (see `groupingId`), the grouped columns, `requests`, `bytes`. `sets`
 * must group by at least one column. Needs no bot flag, so it joins nothing.
 */
export function trafficQuery(
  dialect: Dialect,
  scope: ReportScope,
  granularity: Granularity,
  sets: readonly TrafficSet[] = ALL_TRAFFIC_SETS,
): NamedQuery {
  const parts = partRows(scope.summaries, 'traffic', TRAFFIC_PARTIAL_COLUMNS, () =>
    trafficPartial(dialect, scope, sets, granularity === 'hour'),
  );
  const columns = groupedColumns(sets);
  const grouped = columns.map((c) =>
    c !== 'bucket'
      ? c
      : granularity === 'day'
        ? `CASE WHEN "set" = 'timeSeries' THEN CAST(day_key AS VARCHAR) END`
        : 'CAST(bucket AS VARCHAR)',
  );
  const output = columns.map((c, i) => (c === 'bucket' ? `${grouped[i]} AS bucket` : c));
  return {
    name: 'traffic',
    sql: `SELECT CASE "set" ${sets.map((set) => `WHEN '${set}' THEN ${groupingId(set, sets)}`).join(' ')} END AS grouping_id,
       ${output.join(', ')}, CAST(sum(requests) AS BIGINT) AS requests, CAST(sum(bytes) AS BIGINT) AS bytes
FROM (${parts.sql}) parts
WHERE "set" IN (${sets.map((set) => `'${set}'`).join(', ')})
GROUP BY "set", ${grouped.join(', ')}`,
    params: parts.params,
  };
}
