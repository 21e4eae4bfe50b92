import type { Dialect } from '../../engine/Dialect.js';
import { PAGE_CONDITION, visitsSql } from '../../engine/visits.js';
import type { Granularity } from '../model.js';
import type { NamedQuery } from './namedQuery.js';
import { rowLimit } from './rowLimit.js';
import { type ReportScope, scopeRows } from './scope.js';
import { type PartRows, partRows } from './summaryRows.js';

/** The dimensions visits are counted by, in `GROUPING` order, and the `kind` of their rows. */
export const VISIT_DIMENSIONS = [
  'bucket',
  'entry_page',
  'exit_page',
  'channel',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'referring_site',
] as const;

export type VisitDimension = (typeof VISIT_DIMENSIONS)[number];

/** `GROUPING(...)` of the set grouped by one dimension (or of the total, for none). */
function idOf(dimension?: VisitDimension): number {
  return VISIT_DIMENSIONS.reduce(
    (id, d, i) => (d === dimension ? id : id | (1 << (VISIT_DIMENSIONS.length - 1 - i))),
    0,
  );
}

/**
 * Visits (src/engine/visits.ts) of the scope's pageviews, counted in one pass over the page
 * requests of user agents that are not bots. Rows by `kind`:
 * - `total`: every visit;
 * - `bucket`: visits by the time bucket of their start (`value`: its day `YYYYMMDD` or hour);
 * - one kind per other dimension of `VISIT_DIMENSIONS`: its `limit` values with the most visits
 *   (ties by value), NULL (no such value) included as a value.
 * Columns: `kind`, `value`, `visits`, `bounces` (visits of one pageview), `duration` (the sum of
 * the visits' durations, seconds), `pageviews`, `place`. With `totalOnly`, only the total row.
 */
export function visitsQuery(
  dialect: Dialect,
  scope: ReportScope,
  granularity: Granularity,
  limit: number,
  options: { totalOnly?: boolean } = {},
): NamedQuery {
  const parts = partRows(scope.summaries, 'visits', VISITS_PARTIAL_COLUMNS, () =>
    visitsPartial(dialect, scope, options),
  );
  const sums = `CAST(sum(visits) AS BIGINT) AS visits, CAST(sum(bounces) AS BIGINT) AS bounces,
         CAST(sum(duration) AS BIGINT) AS duration, CAST(sum(pageviews) AS BIGINT) AS pageviews`;
  if (options.totalOnly) {
    return {
      name: 'visits',
      sql: `SELECT 'total' AS kind, CAST(NULL AS VARCHAR) AS value, ${sums}, 0 AS place
FROM (${parts.sql}) parts
WHERE grouping_id = ${idOf()}`,
      params: parts.params,
    };
  }
  const bucket =
    granularity === 'day' ? `CASE WHEN grouping_id = ${idOf('bucket')} THEN day_key END` : 'hour';
  const kind = `CASE grouping_id ${VISIT_DIMENSIONS.map((d) => `WHEN ${idOf(d)} THEN '${d}'`).join(' ')} ELSE 'total' END`;
  const value = `CASE grouping_id ${VISIT_DIMENSIONS.map((d) => `WHEN ${idOf(d)} THEN CAST(${d} AS VARCHAR)`).join(' ')} END`;
  const dimensions = VISIT_DIMENSIONS.filter((d) => d !== 'bucket');
  return {
    name: 'visits',
    sql: `WITH counted AS (
  SELECT grouping_id, ${bucket} AS bucket, ${dimensions.join(', ')}, ${sums}
  FROM (${parts.sql}) parts
  GROUP BY grouping_id, ${bucket}, ${dimensions.join(', ')}
),
ranked AS (
  SELECT ${kind} AS kind, ${value} AS value, visits, bounces, duration, pageviews,
         row_number() OVER (PARTITION BY grouping_id ORDER BY visits DESC, ${value}) AS place
  FROM counted
)
SELECT kind, value, visits, bounces, duration, pageviews, place
FROM ranked
WHERE kind IN ('total', 'bucket') OR place <= ${rowLimit(limit)}
ORDER BY kind, place`,
    params: parts.params,
  };
}

/** The columns of the visits query's partial rows (see `visitsPartial`), in order. */
export const VISITS_PARTIAL_COLUMNS = [
  'grouping_id',
  'day_key',
  'hour',
  ...VISIT_DIMENSIONS.filter((d) => d !== 'bucket'),
  'visits',
  'bounces',
  'duration',
  'pageviews',
];

/**
 * The visits query's partial rows: per day (a visit lies in one), the visits, bounces, summed
 * durations and pageviews by the hour of their start (the `bucket` of `grouping_id`), by each
 * other dimension, and in all. With `totalOnly`, only the totals.
 */
export function visitsPartial(
  dialect: Dialect,
  scope: ReportScope,
  options: { totalOnly?: boolean } = {},
): PartRows {
  const { from, params } = scopeRows(dialect, scope, true, 'join');
  const visits = visitsSql(dialect, `(SELECT * FROM ${from} WHERE ${PAGE_CONDITION}) pages`);
  const dimensions = VISIT_DIMENSIONS.map((d) => (d === 'bucket' ? 'hour' : d));
  const sets = options.totalOnly ? '' : `${dimensions.map((d) => `(day_key, ${d})`).join(', ')}, `;
  const grouped = options.totalOnly
    ? `${idOf()} AS grouping_id, day_key, ${dimensions.map((d) => `NULL AS ${d}`).join(', ')}`
    : `GROUPING(${dimensions.join(', ')}) AS grouping_id, day_key, ${dimensions.join(', ')}`;
  return {
    sql: `SELECT ${grouped},
       count(*) AS visits, CAST(sum(CASE WHEN pageviews = 1 THEN 1 ELSE 0 END) AS BIGINT) AS bounces,
       CAST(sum(duration) AS BIGINT) AS duration, CAST(sum(pageviews) AS BIGINT) AS pageviews
FROM (SELECT *, year("date") * 10000 + month("date") * 100 + day("date") AS day_key,
             ${dialect.hourStart('"start"')} AS hour
      FROM (${visits}) visits) keyed
GROUP BY GROUPING SETS (${sets}(day_key))`,
    params,
  };
}
