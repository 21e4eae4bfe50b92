import type { Dialect } from '../../engine/Dialect.js';
import { DAY_KEY } from './bucket.js';
import type { NamedQuery } from './namedQuery.js';
import { PROBE_CONDITION } from './probes.js';
import { rowLimit } from './rowLimit.js';
import { type ReportScope, scopeRows } from './scope.js';
import { type PartRows, partRows } from './summaryRows.js';

/**
 * What broke and who probed, in two filtered scans (each filter simple enough for DuckDB to apply
 * while reading): the requests answered 404 or 5xx, counted by URI and referrer (404s) and by URI,
 * status and detail (5xx) in one grouping; and the requests for probe paths, counted by client
 * and path. Everything after that works on those few groups. Rows by `kind`, the `limit` largest
 * of each:
 * - `missing`: URIs answered 404 (`amount` = the URI's 404s), each with up to `links` of the
 *   pages linking to it (`referrer`, NULL for none, and its `requests`);
 * - `failed`: requests answered 5xx by `uri`, `status` and `detail` (CloudFront's detailed
 *   result type, which says whether the origin failed or could not be reached);
 * - `client`: scanners, the client IPs (networks, in a store that anonymises addresses; with the
 *   `country` stored then, in `detail`) requesting probe paths (`PROBE_PATTERNS`, whatever the
 *   answer), with `amount` = the distinct paths each probed;
 * - `path`: the probed paths, with `amount` = the distinct clients probing each.
 * Columns: `kind`, `uri`, `referrer`, `ip`, `status`, `detail`, `requests`, `amount`, `place`.
 */
export function problemsQuery(dialect: Dialect, scope: ReportScope, limit: number, links = 5): NamedQuery {
  const errors = partRows(scope.summaries, 'errors', ERRORS_PARTIAL_COLUMNS, () =>
    errorsPartial(dialect, scope),
  );
  const probes = partRows(scope.summaries, 'probes', PROBES_PARTIAL_COLUMNS, () =>
    probesPartial(dialect, scope),
  );
  const top = rowLimit(limit);
  const nulls = (count: number) => Array.from({ length: count }, () => 'NULL').join(', ');
  return {
    name: 'problems',
    sql: `WITH errors AS (
  SELECT grouping_id, uri, referrer, status, detail, CAST(sum(requests) AS BIGINT) AS requests
  FROM (${errors.sql}) error_parts
  GROUP BY grouping_id, uri, referrer, status, detail
),
missing AS (
  SELECT uri, referrer, requests, sum(requests) OVER (PARTITION BY uri) AS total,
         row_number() OVER (PARTITION BY uri ORDER BY requests DESC, referrer) AS link_place
  FROM errors WHERE grouping_id = 1 AND status = 404
),
missing_pages AS (SELECT *, dense_rank() OVER (ORDER BY total DESC, uri) AS page_place FROM missing),
failed AS (
  SELECT uri, status, detail, requests, row_number() OVER (ORDER BY requests DESC, uri, status, detail) AS place
  FROM errors WHERE grouping_id = 4 AND status >= 500
),
probes AS (
  SELECT request_ip, uri, max(country) AS country, CAST(sum(requests) AS BIGINT) AS requests
  FROM (${probes.sql}) probe_parts
  GROUP BY request_ip, uri
),
clients AS (
  SELECT request_ip, max(country) AS country, sum(requests) AS requests, count(*) AS paths,
         row_number() OVER (ORDER BY sum(requests) DESC, request_ip) AS place
  FROM probes GROUP BY request_ip
),
paths AS (
  SELECT uri, sum(requests) AS requests, count(*) AS clients,
         row_number() OVER (ORDER BY sum(requests) DESC, uri) AS place
  FROM probes GROUP BY uri
)
SELECT 'missing' AS kind, uri, referrer, CAST(NULL AS VARCHAR) AS ip, CAST(NULL AS INTEGER) AS status,
       CAST(NULL AS VARCHAR) AS detail, requests, total AS amount, page_place * 1000 + link_place AS place
FROM missing_pages WHERE page_place <= ${top} AND link_place <= ${rowLimit(links)}
UNION ALL
SELECT 'failed', uri, ${nulls(2)}, status, detail, requests, NULL, place FROM failed WHERE place <= ${top}
UNION ALL
SELECT 'client', ${nulls(2)}, request_ip, NULL, country, requests, paths, place FROM clients WHERE place <= ${top}
UNION ALL
SELECT 'path', uri, ${nulls(4)}, requests, clients, place FROM paths WHERE place <= ${top}
ORDER BY kind, place`,
    params: { ...errors.params, ...probes.params },
  };
}

/** The columns of the problems query's partial error rows (see `errorsPartial`), in order. */
export const ERRORS_PARTIAL_COLUMNS = [
  'grouping_id',
  'day_key',
  'uri',
  'referrer',
  'status',
  'detail',
  'requests',
];

/**
 * The partial error rows: per day, the requests answered 404 by URI and referrer, and those
 * answered 404 or 5xx by URI, status and detail (`grouping_id` as `GROUPING(uri, referrer,
 * status, detail)`).
 */
export function errorsPartial(dialect: Dialect, scope: ReportScope): PartRows {
  const { from, params } = scopeRows(dialect, scope);
  return {
    sql: `SELECT GROUPING(uri, referrer, status, detail) AS grouping_id, day_key, uri, referrer, status, detail,
       count(*) AS requests
FROM (SELECT ${DAY_KEY} AS day_key, uri, CASE WHEN status = 404 THEN referrer END AS referrer, status,
             x_edge_detailed_result_type AS detail
      FROM ${from} WHERE status >= 404 AND (status = 404 OR status >= 500)) answered
GROUP BY GROUPING SETS ((day_key, uri, referrer, status), (day_key, uri, status, detail))`,
    params,
  };
}

/** The columns of the problems query's partial probe rows (see `probesPartial`), in order. */
export const PROBES_PARTIAL_COLUMNS = ['day_key', 'request_ip', 'uri', 'country', 'requests'];

/** The partial probe rows: per day, client and probed path, the requests (and the stored country). */
export function probesPartial(dialect: Dialect, scope: ReportScope): PartRows {
  const { from, params } = scopeRows(dialect, scope);
  return {
    sql: `SELECT ${DAY_KEY} AS day_key, request_ip, uri, max(country) AS country, count(*) AS requests
FROM ${from} WHERE ${PROBE_CONDITION}
GROUP BY ${DAY_KEY}, request_ip, uri`,
    params,
  };
}
