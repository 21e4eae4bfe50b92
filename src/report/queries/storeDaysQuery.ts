import type { NamedQuery } from './namedQuery.js';

/**
 * The first and last day holding requests, as numbers `YYYYMMDD` (`first_day`, `last_day`; NULL
 * for an empty store): the range `all`. Read from the partition keys alone, so no column is scanned.
 */
export function storeDaysQuery(): NamedQuery {
  const day = 'year * 10000 + month * 100 + day';
  return {
    name: 'storeDays',
    sql: `SELECT min(${day}) AS first_day, max(${day}) AS last_day FROM access_logs`,
    params: {},
  };
}
