import type { Dialect } from '../../engine/Dialect.js';
import type { QueryParams } from '../../engine/QueryEngine.js';
import { PAGE_CONDITION, VISITOR_COLUMNS, VISITOR_KEY_COLUMNS, visitRowsSql } from '../../engine/visits.js';
import { ident } from '../../sql/sql.js';
import { filterSource, type ReportFilter } from '../filters.js';

/**
 * The filters of a report, with what JavaScript found for the keys SQL cannot read: for each
 * `country` filter the client addresses, and for each `browser`, `os`, `device` or `bot` filter
 * the user agents, that satisfy it (by the filter's index), and whether a missing one does.
 */
export interface ResolvedFilters {
  readonly filters: readonly ReportFilter[];
  readonly lists: ReadonlyMap<number, { readonly values: readonly string[]; readonly missing: boolean }>;
}

/** The condition of one filter on a text expression `sql`, its value bound as `$name`. */
function textCondition(filter: ReportFilter, sql: string, name: string, params: QueryParams): string {
  if (filter.value === '') {
    return filter.op === '=' ? `(${sql} IS NULL OR ${sql} = '')` : `(${sql} IS NOT NULL AND ${sql} <> '')`;
  }
  params[name] = filter.value;
  if (filter.op === '~') return `strpos(lower(${sql}), lower($${name})) > 0`;
  return filter.op === '=' ? `${sql} = $${name}` : `(${sql} IS NULL OR ${sql} <> $${name})`;
}

/** `status = 404` or, for a class (`4xx`), `status BETWEEN 400 AND 499`; `!=` negates. */
function statusCondition(filter: ReportFilter): string {
  const digit = Number(filter.value[0]);
  const test = filter.value.endsWith('xx')
    ? `status BETWEEN ${digit * 100} AND ${digit * 100 + 99}`
    : `status = ${Number(filter.value)}`;
  return filter.op === '=' ? test : `(status IS NULL OR NOT (${test}))`;
}

/**
 * The SQL conditions of the request-level filters on one request row, their values bound into
 * `params` (`$filter_<i>`): never spliced into the text.
 */
export function requestConditions(
  dialect: Dialect,
  resolved: ResolvedFilters,
  params: QueryParams,
): string[] {
  return resolved.filters.flatMap((filter, i) => {
    const source = filterSource(filter.key);
    const name = `filter_${i}`;
    switch (source.kind) {
      case 'column':
        return [textCondition(filter, source.sql, name, params)];
      case 'status':
        return [statusCondition(filter)];
      case 'country':
      case 'agent': {
        const column = source.kind === 'country' ? 'request_ip' : 'user_agent';
        const list = resolved.lists.get(i) ?? { values: [], missing: false };
        params[name] = JSON.stringify(list.values);
        const listed = `${column} IN (${dialect.stringSet(`$${name}`)})`;
        return [list.missing ? `(${column} IS NULL OR ${listed})` : listed];
      }
      default:
        return [];
    }
  });
}

/**
 * The visits that the visit-level filters keep, as rows of the visitor key's columns, `date`,
 * `start` and `next_start` (the start of the visitor's next visit that day, NULL for the last):
 * a request belongs to the visit of its visitor key and day that started last at or before it.
 * Visits are made of the range's pageviews from user agents that are not bots (`humans`, a
 * condition), before any request-level filter. For filters with at least one visit-level key.
 */
export function matchedVisitsSql(
  dialect: Dialect,
  resolved: ResolvedFilters,
  range: string,
  humans: string,
  params: QueryParams,
): string {
  const conditions = resolved.filters.flatMap((filter, i) => {
    const source = filterSource(filter.key);
    return source.kind === 'visit'
      ? [textCondition(filter, ident(source.column), `filter_${i}`, params)]
      : [];
  });
  const key = VISITOR_COLUMNS;
  const pageviews = `(SELECT * FROM access_logs WHERE ${range} AND ${humans} AND ${PAGE_CONDITION}) pageviews`;
  return `SELECT ${key}, "date", "start", next_start FROM (
  SELECT *, lead("start") OVER (PARTITION BY "date", ${key} ORDER BY "start") AS next_start
  FROM (${visitRowsSql(dialect, pageviews)}) visit_rows
) all_visits
WHERE ${conditions.join(' AND ')}`;
}

/** The join condition of a request `r` to its visit `v` of `matchedVisitsSql`. */
export function visitJoinCondition(): string {
  return [
    // Missing equals missing (a row curated in clear has no visitor_key); no key part is ever ''.
    ...VISITOR_KEY_COLUMNS.map((c) => `coalesce(r.${c}, '') = coalesce(v.${c}, '')`),
    'r."date" = v."date"',
    'r."timestamp" >= v."start"',
    '(v.next_start IS NULL OR r."timestamp" < v.next_start)',
  ].join(' AND ');
}
