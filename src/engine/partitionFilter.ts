import type { Day } from '../store/keys.js';
import type { Period } from './periods.js';

/**
 * A day as SQL expressions of its year, month and day: numbers for a day known now, or
 * functions of a date expression evaluated by the engine (Athena's views on `current_date`).
 */
export interface DayParts {
  readonly year: string;
  readonly month: string;
  readonly day: string;
}

/** The parts of a known day, as numbers. */
export function dayParts(day: Day): DayParts {
  const [year, month, dd] = day.split('-').map(Number);
  return { year: String(year), month: String(month), day: String(dd) };
}

/** The parts of a date expression: `year(expr)`, `month(expr)`, `day(expr)`. */
export function datePartsSql(date: string): DayParts {
  return { year: `year(${date})`, month: `month(${date})`, day: `day(${date})` };
}

/**
 * Filters on the partition columns written as equalities and range comparisons with the day's
 * parts: DuckDB opens only the matching day files, and Athena's partition projection prunes on
 * the same predicates (it cannot prune row comparisons such as `(year, month, day) >= (...)`).
 */
export function dayEqualsSql(day: DayParts): string {
  return `year = ${day.year} AND month = ${day.month} AND day = ${day.day}`;
}

/** The days from `day` on (see `dayEqualsSql`). */
export function daysFromSql(day: DayParts): string {
  const { year: y, month: m, day: d } = day;
  return `year >= ${y} AND (year > ${y} OR month > ${m} OR (month = ${m} AND day >= ${d}))`;
}

/** The days up to `day`, inclusive (see `dayEqualsSql`). */
export function daysUntilSql(day: DayParts): string {
  const { year: y, month: m, day: d } = day;
  return `year <= ${y} AND (year < ${y} OR month < ${m} OR (month = ${m} AND day <= ${d}))`;
}

/**
 * The days of `period`, as partition predicates (see `dayEqualsSql`). Within one month or one
 * year they are plain ranges of each column joined by AND, which DuckDB also checks against its
 * own statistics for a table in memory (src/engine/hotDays.ts), skipping other days' rows without
 * reading them; a comparison inside an OR it applies row by row. The period views and every
 * report query share it.
 */
export function periodFilterSql(period: Period): string {
  const from = dayParts(period.from);
  if (period.to === period.from) return dayEqualsSql(from);
  if (period.to === undefined) return daysFromSql(from);
  const to = dayParts(period.to);
  if (from.year !== to.year) return `${daysFromSql(from)} AND ${daysUntilSql(to)}`;
  if (from.month === to.month) {
    return `year = ${from.year} AND month = ${from.month} AND day >= ${from.day} AND day <= ${to.day}`;
  }
  return `year = ${from.year} AND month >= ${from.month} AND month <= ${to.month} AND (month > ${from.month} OR day >= ${from.day}) AND (month < ${to.month} OR day <= ${to.day})`;
}
