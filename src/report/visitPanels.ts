import type { QueryResult } from '../engine/QueryEngine.js';
import type { VisitMeasures } from './model.js';
import type { VisitDimension } from './queries/visitsQuery.js';
import { num, rowObjects, str } from './rowValues.js';
import { bucketKey } from './trafficPanels.js';

/** What is summed over a set of visits. */
export interface VisitSums {
  readonly visits: number;
  readonly bounces: number;
  /** Seconds, summed over the visits. */
  readonly duration: number;
  readonly pageviews: number;
}

/** One value of a dimension with its visits' sums. */
export interface VisitGroup extends VisitSums {
  readonly value: string | null;
}

/** What the visits query says: the total, visits by bucket, and the top values of each dimension. */
export interface VisitPanels {
  readonly total: VisitSums;
  /** Visits by bucket key, counted in the bucket of their start. */
  readonly buckets: Map<string, number>;
  /** The top values of a dimension, most visits first. */
  by(dimension: Exclude<VisitDimension, 'bucket'>): VisitGroup[];
}

const NO_VISITS: VisitSums = { visits: 0, bounces: 0, duration: 0, pageviews: 0 };

/** Splits the rows of `visitsQuery` by kind. */
export function visitPanels(result: QueryResult): VisitPanels {
  const rows = rowObjects(result).map((row) => ({
    kind: str(row.kind),
    value: str(row.value),
    visits: num(row.visits),
    bounces: num(row.bounces),
    duration: num(row.duration),
    pageviews: num(row.pageviews),
  }));
  const total = rows.find((row) => row.kind === 'total');
  return {
    total: total ?? NO_VISITS,
    buckets: new Map(
      rows.filter((r) => r.kind === 'bucket').map((r) => [bucketKey(r.value ?? ''), r.visits]),
    ),
    by: (dimension) =>
      rows
        .filter((row) => row.kind === dimension)
        .map(({ value, visits, bounces, duration, pageviews }) => ({
          value,
          visits,
          bounces,
          duration,
          pageviews,
        })),
  };
}

/** Visits, bounce rate and mean duration of a set of visits. */
export function visitMeasures(sums: VisitSums): VisitMeasures {
  return {
    visits: sums.visits,
    bounceRate: sums.visits === 0 ? null : sums.bounces / sums.visits,
    visitDuration: sums.visits === 0 ? null : sums.duration / sums.visits,
  };
}
