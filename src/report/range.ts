import { addDays, addMonths, daysBetween, type PeriodName, utcDay } from '../engine/periods.js';
import type { Day, Granularity, ReportRange } from './model.js';

/** What the user asked for: a named period, everything, or inclusive UTC days. */
export type RangeSpec =
  | { readonly kind: 'period'; readonly name: PeriodName }
  | { readonly kind: 'all' }
  /** The 7 full UTC days before today (the weekly digest's week). */
  | { readonly kind: 'lastWeek' }
  | { readonly kind: 'days'; readonly from: Day; readonly to: Day };

/**
 * The days of a range, in UTC. Named periods have the recipe's views' meaning
 * (src/engine/periods.ts) and end today: `week` is today and the 7 days before it, `month` runs
 * from the same day of the previous month. `all` spans the first to the last day holding
 * requests (`storeDays`; today alone for an empty store). `lastWeek` is the 7 full days before
 * today (`last-week`). Custom days are taken as given.
 */
export function resolveRange(spec: RangeSpec, now: Date, storeDays?: { first: Day; last: Day }): ReportRange {
  const today = utcDay(now);
  switch (spec.kind) {
    case 'days':
      return rangeOf(spec.from, spec.to, 'custom');
    case 'all':
      return rangeOf(storeDays?.first ?? today, storeDays?.last ?? today, 'all');
    case 'lastWeek':
      return rangeOf(addDays(today, -7), addDays(today, -1), 'last-week');
    case 'period':
      switch (spec.name) {
        case 'today':
          return rangeOf(today, today, 'today');
        case 'yesterday':
          return rangeOf(addDays(today, -1), addDays(today, -1), 'yesterday');
        case 'week':
          return rangeOf(addDays(today, -7), today, 'week');
        case 'month':
          return rangeOf(addMonths(today, -1), today, 'month');
      }
  }
}

/** The range of the same number of days just before `range`: what `--compare` sets beside it. */
export function previousRange(range: ReportRange): ReportRange {
  return rangeOf(addDays(range.from, -range.days), addDays(range.from, -1), 'previous');
}

/** Hourly buckets for ranges of up to two days, daily ones beyond. */
export function granularityOf(range: ReportRange): Granularity {
  return range.days <= 2 ? 'hour' : 'day';
}

/** Every bucket start of a range: `YYYY-MM-DD` days, or `YYYY-MM-DDTHH:00Z` hours. */
export function bucketsOf(range: ReportRange, granularity: Granularity): string[] {
  const days = daysBetween(range.from, range.to);
  if (granularity === 'day') return days;
  return days.flatMap((day) =>
    Array.from({ length: 24 }, (_, h) => `${day}T${String(h).padStart(2, '0')}:00Z`),
  );
}

function rangeOf(from: Day, to: Day, name: string): ReportRange {
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  return { from, to, days, name };
}

/** `YYYY-MM-DD` that names a real calendar day, else undefined. */
export function parseDay(text: string): Day | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && utcDay(date) === text ? text : undefined;
}
