import type { Dialect } from '../../engine/Dialect.js';
import type { Granularity } from '../model.js';
import { bucketExpression } from './bucket.js';
import type { NamedQuery } from './namedQuery.js';
import { type ReportScope, scopeRows } from './scope.js';

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

/**
 * One pass over the scope, grouped by several sets at once (`GROUPING SETS`, see `TRAFFIC_SETS`):
 * status, HTTP and TLS versions and result types together, hosts, content types, edge-location
 * prefixes (first three letters), time buckets, histograms of `time_taken` and
 * `time_to_first_byte`, and user agents (classified in JS: the bots among them become the other
 * queries' bot list).
 * Columns: `grouping_id` (see `groupingId`), the grouped columns, `requests`, `bytes`. `sets`
 * must group by at least one column. Needs no bot flag, so it joins nothing.
 */
export function trafficQuery(
  dialect: Dialect,
  scope: ReportScope,
  granularity: Granularity,
  sets: readonly TrafficSet[] = ALL_TRAFFIC_SETS,
): NamedQuery {
  const { from, params } = scopeRows(dialect, scope);
  const columns = groupedColumns(sets);
  const groupingSets = sets.map((set) => `(${TRAFFIC_SETS[set].join(', ')})`).join(', ');
  const output = columns.map((c) => (c === 'bucket' ? 'CAST(bucket AS VARCHAR) AS bucket' : c));
  const select = TRAFFIC_COLUMNS.map((column) => {
    const sql = column === 'bucket' ? bucketExpression(dialect, granularity) : TRAFFIC_COLUMN_SQL[column];
    return sql === null ? column : `${sql} AS ${column}`;
  });
  return {
    name: 'traffic',
    sql: `WITH rows AS (
  SELECT ${select.join(', ')}, bytes
  FROM ${from}
)
SELECT GROUPING(${columns.join(', ')}) AS grouping_id, ${output.join(', ')},
       count(*) AS requests, sum(bytes) AS bytes
FROM rows
GROUP BY GROUPING SETS (${groupingSets})`,
    params,
  };
}
