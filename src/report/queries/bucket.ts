import type { Dialect } from '../../engine/Dialect.js';
import { ident } from '../../sql/sql.js';
import type { Granularity } from '../model.js';

/**
 * The UTC day of a request as a number `YYYYMMDD`, from the partition keys: they come from the
 * day file's path, so no column is decoded for it.
 */
export const DAY_KEY = '(year * 10000 + month * 100 + day)';

/** A day as its `DAY_KEY` value: `2026-11-20` is 20261120. */
export function dayKeyOf(day: string): number {
  return Number(day.replaceAll('-', ''));
}

/** The time-series bucket of a request: its UTC day (`DAY_KEY`), or the start of its UTC hour. */
export function bucketExpression(dialect: Dialect, granularity: Granularity): string {
  return granularity === 'day' ? DAY_KEY : dialect.hourStart(ident('timestamp'));
}
