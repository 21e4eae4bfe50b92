import { VISITOR_COUNTRIES } from '../sim/geo.js';
import { BOT_SHARE, localActivity, SCANNER_SHARE } from '../sim/rhythm.js';
import { mix, unit } from './hash.js';

/**
 * How many requests the emulated site serves in each UTC hour: a daily rhythm (human traffic in
 * the visitors' local time, the simulator's own curve), a weekly one (quieter weekends), steady
 * robots, and +/-15 % of seeded noise. The mean over a week is about `requestsPerHour`.
 */

export const HOUR_MS = 3_600_000;

/** Human activity by UTC hour of day, mixed over visitor countries, scaled to a mean of 1. */
const DAILY: readonly number[] = normalize(
  Array.from({ length: 24 }, (_, h) =>
    VISITOR_COUNTRIES.reduce((sum, c) => sum + c.weight * localActivity(h + c.utcOffset), 0),
  ),
);

/** Human activity by UTC weekday (Sunday first), scaled to a mean of 1. */
const WEEKLY: readonly number[] = normalize([0.72, 1.05, 1.1, 1.1, 1.05, 0.95, 0.68]);

const ROBOTS = BOT_SHARE + SCANNER_SHARE;

function normalize(values: readonly number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.map((v) => v / mean);
}

/**
 * The exact number of requests of `hour` (whole hours since the epoch) for a site whose traffic
 * seed is `seed`: a pure function, never negative.
 */
export function requestsInHour(seed: number, hour: number, requestsPerHour: number): number {
  const date = new Date(hour * HOUR_MS);
  const human = (DAILY[date.getUTCHours()] as number) * (WEEKLY[date.getUTCDay()] as number);
  const noise = 0.85 + 0.3 * unit(mix(seed, hour, 0x7a11));
  return Math.max(0, Math.round(requestsPerHour * (ROBOTS + (1 - ROBOTS) * human) * noise));
}
