import type { Day } from '../store/keys.js';

/**
 * The recipe's named periods, in UTC. `week` and `month` have no last day, as in the recipe's
 * views (they run through today; the store holds no later days):
 * - `today`: today only;
 * - `yesterday`: yesterday only (it also has a last day);
 * - `week`: today and the 7 days before it (8 calendar days, Athena's `date_add('week', -1, current_date)`);
 * - `month`: from the same day of the previous month, clamped to that month's length
 *   (Athena's `date_add('month', -1, current_date)`: 2026-03-31 → 2026-02-28), through today.
 */
export type PeriodName = 'today' | 'yesterday' | 'week' | 'month';

export const PERIOD_NAMES: readonly PeriodName[] = ['today', 'yesterday', 'week', 'month'];

export interface Period {
  readonly from: Day;
  /** Last day included; undefined for periods open to the future. */
  readonly to?: Day;
}

/** `YYYY-MM-DD` of a date in UTC. */
export function utcDay(date: Date): Day {
  return date.toISOString().slice(0, 10);
}

/** The day `days` after `day` (negative for before). */
export function addDays(day: Day, days: number): Day {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return utcDay(date);
}

/** The same day `months` months away, clamped to the length of the target month. */
export function addMonths(day: Day, months: number): Day {
  const [year, month, dd] = day.split('-').map(Number) as [number, number, number];
  const targetMonth = month - 1 + months;
  const first = new Date(Date.UTC(year, targetMonth, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(dd, lastDay));
  return utcDay(first);
}

export function periodOf(name: PeriodName, now: Date): Period {
  const today = utcDay(now);
  switch (name) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday': {
      const yesterday = addDays(today, -1);
      return { from: yesterday, to: yesterday };
    }
    case 'week':
      return { from: addDays(today, -7) };
    case 'month':
      return { from: addMonths(today, -1) };
  }
}

/** Every day from `from` through `to`, inclusive. */
export function daysBetween(from: Day, to: Day): Day[] {
  const days: Day[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}
