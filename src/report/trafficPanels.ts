import type { Cell, QueryResult } from '../engine/QueryEngine.js';
import type { AgentTraffic } from './enrich/agentPanels.js';
import type { Percentiles, ResultTypeRow, StatusRow, ValueRow } from './model.js';
import { percentilesOf } from './percentiles.js';
import { ALL_TRAFFIC_SETS, groupingId, type TrafficColumn, type TrafficSet } from './queries/trafficQuery.js';
import { cacheOutcome } from './resultTypes.js';
import { num, rowObjects, str } from './rowValues.js';

/** The counts of one time bucket. */
export interface BucketCounts {
  readonly requests: number;
  readonly bytes: number;
}

/** What the traffic query says, panel by panel. */
export interface TrafficPanels {
  readonly requests: number;
  readonly bytes: number;
  readonly statusCodes: StatusRow[];
  /**
   * Requests and bytes by the values of `column`, summed over the rows of `set` (which groups by
   * it), most requests first: the panels of one column (hosts, HTTP versions, ...) read it.
   */
  values(set: TrafficSet, column: TrafficColumn): ValueRow[];
  readonly resultTypes: ResultTypeRow[];
  /** By bucket key (`bucketKey`). */
  readonly buckets: Map<string, BucketCounts>;
  readonly timeTaken: Percentiles;
  readonly timeToFirstByte: Percentiles;
  /** Requests and bytes per distinct user agent (empty unless the query had the `agents` set). */
  readonly agents: AgentTraffic[];
}

/** Splits the rows of `trafficQuery` (run with `sets`) into its panels; panels of other sets are empty. */
export function trafficPanels(
  result: QueryResult,
  sets: readonly TrafficSet[] = ALL_TRAFFIC_SETS,
): TrafficPanels {
  const rows = rowObjects(result);
  const bySet = new Map<number, TrafficSet>(sets.map((set) => [groupingId(set, sets), set]));
  const of = (set: TrafficSet) => rows.filter((row) => bySet.get(num(row.grouping_id)) === set);
  const protocol = of('protocol');
  const histogram = (column: string) =>
    of(column === 'time_taken' ? 'timeTaken' : 'timeToFirstByte')
      .filter((row) => row[column] !== null)
      .map((row) => ({ value: num(row[column]), count: num(row.requests) }));
  return {
    requests: protocol.reduce((sum, row) => sum + num(row.requests), 0),
    bytes: protocol.reduce((sum, row) => sum + num(row.bytes), 0),
    statusCodes: rollup(protocol, 'status')
      .map(({ value, requests, bytes }) => ({
        status: value === null ? null : Number(value),
        requests,
        bytes,
      }))
      .sort((a, b) => (a.status ?? -1) - (b.status ?? -1)),
    values: (set, column) => rollup(of(set), column),
    resultTypes: resultTypes(protocol),
    buckets: new Map(
      of('timeSeries').map((row) => [
        bucketKey(str(row.bucket) ?? ''),
        { requests: num(row.requests), bytes: num(row.bytes) },
      ]),
    ),
    timeTaken: percentilesOf(histogram('time_taken')),
    timeToFirstByte: percentilesOf(histogram('time_to_first_byte')),
    agents: of('agents').map((row) => ({
      userAgent: str(row.user_agent),
      requests: num(row.requests),
      bytes: num(row.bytes),
    })),
  };
}

/**
 * A bucket as the model writes it: `YYYY-MM-DD` from a day key (`20261101`), or
 * `YYYY-MM-DDTHH:00Z` from an engine's timestamp text (`2026-11-01 13:00:00`).
 */
export function bucketKey(text: string): string {
  if (/^\d{8}$/.test(text)) return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
  return `${text.slice(0, 10)}T${text.slice(11, 13)}:00Z`;
}

/** Requests and bytes summed by the values of `column` (rows of any set that grouped by it), most requests first. */
function rollup(rows: readonly Record<string, Cell>[], column: string): ValueRow[] {
  const sums = new Map<string | null, { requests: number; bytes: number }>();
  for (const row of rows) {
    const key = str(row[column]);
    const into = sums.get(key) ?? { requests: 0, bytes: 0 };
    into.requests += num(row.requests);
    into.bytes += num(row.bytes);
    sums.set(key, into);
  }
  return byRequests([...sums].map(([value, counts]) => ({ value, ...counts })));
}

/** Result types (with their detailed type) summed from the `protocol` rows, and how the cache ratio counts each. */
function resultTypes(rows: readonly Record<string, Cell>[]): ResultTypeRow[] {
  const pairs = new Map<string, Record<string, Cell>[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.result_type, row.x_edge_detailed_result_type]);
    pairs.set(key, [...(pairs.get(key) ?? []), row]);
  }
  return [...pairs.values()]
    .map((group) => {
      const resultType = str(group[0]?.result_type);
      const detailedResultType = str(group[0]?.x_edge_detailed_result_type);
      return {
        resultType,
        detailedResultType,
        cache: cacheOutcome(resultType, detailedResultType),
        requests: group.reduce((sum, row) => sum + num(row.requests), 0),
        bytes: group.reduce((sum, row) => sum + num(row.bytes), 0),
      };
    })
    .sort(
      (a, b) =>
        b.requests - a.requests ||
        `${a.resultType}/${a.detailedResultType}`.localeCompare(`${b.resultType}/${b.detailedResultType}`),
    );
}

/** Content types without parameters, lower case: `text/html; charset=utf-8` counts as `text/html`. */
export function mergeContentTypes(rows: readonly ValueRow[]): ValueRow[] {
  const merged = new Map<string | null, { requests: number; bytes: number }>();
  for (const row of rows) {
    const key = row.value === null ? null : (row.value.split(';')[0] ?? '').trim().toLowerCase();
    const into = merged.get(key) ?? { requests: 0, bytes: 0 };
    into.requests += row.requests;
    into.bytes += row.bytes;
    merged.set(key, into);
  }
  return [...merged]
    .map(([value, counts]) => ({ value, ...counts }))
    .sort((a, b) => b.bytes - a.bytes || (a.value ?? '').localeCompare(b.value ?? ''));
}

function byRequests(rows: ValueRow[]): ValueRow[] {
  return rows.sort((a, b) => b.requests - a.requests || (a.value ?? '').localeCompare(b.value ?? ''));
}
