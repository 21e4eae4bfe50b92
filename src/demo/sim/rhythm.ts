import { VISITOR_COUNTRIES } from './geo.js';
import type { Random } from './random.js';

/**
 * When traffic happens: a daily rhythm in each visitor country's local time, a weekly rhythm,
 * slight growth over the period, one spike day (a Hacker News front page), and the split of each
 * hour between humans, bots and scanners. `hourlyBudgets` turns it into exact request counts.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Relative human activity by local hour 0-23. */
const LOCAL_HOURS = [
  0.35, 0.25, 0.18, 0.15, 0.15, 0.2, 0.35, 0.6, 0.85, 1.0, 1.05, 1.05, 1.0, 1.0, 1.05, 1.05, 1.0, 0.95, 0.9,
  0.9, 0.85, 0.75, 0.6, 0.45,
] as const;

/** Relative human activity by UTC weekday, Sunday first. */
const WEEKDAYS = [0.72, 1.05, 1.1, 1.1, 1.05, 0.95, 0.68] as const;

/** Share of all requests sent by bots and by scanners; humans send the rest. */
export const BOT_SHARE = 0.24;
export const SCANNER_SHARE = 0.03;

/** Growth of human traffic from the start to the end of the period. */
const GROWTH = 0.25;

export interface Hour {
  /** Start of the slot (ms since epoch); the first and last slots may be partial hours. */
  readonly start: number;
  readonly end: number;
  /** Exact number of requests the slot holds. */
  readonly budget: number;
  /** Relative weight of human, bot and scanner requests in the slot. */
  readonly humans: number;
  readonly bots: number;
  readonly scanners: number;
  /** Share of human landings sent by the spike's referrer (0 outside the spike). */
  readonly spike: number;
  /** Whether the origin is failing (a short incident: many 5xx on misses). */
  readonly incident: boolean;
}

/** Relative human activity at a local hour of day (fractional hours interpolate). */
export function localActivity(localHour: number): number {
  const h = ((localHour % 24) + 24) % 24;
  const lo = Math.floor(h);
  const frac = h - lo;
  return (LOCAL_HOURS[lo] as number) * (1 - frac) + (LOCAL_HOURS[(lo + 1) % 24] as number) * frac;
}

/** Human activity at a UTC hour of day, mixed over visitor countries by their weight. */
const UTC_HOURS: readonly number[] = Array.from({ length: 24 }, (_, h) =>
  VISITOR_COUNTRIES.reduce((sum, c) => sum + c.weight * localActivity(h + c.utcOffset), 0),
);

interface Events {
  /** Start of the spike (ms), or NaN when the period is too short for one. */
  readonly spikeAt: number;
  readonly incidentAt: number;
}

/** Places the spike (in the middle of the period) and a 40-minute origin incident. */
function placeEvents(start: number, end: number, rng: Random): Events {
  const days = (end - start) / DAY;
  if (days < 3) return { spikeAt: Number.NaN, incidentAt: Number.NaN };
  const firstDay = Math.ceil(start / DAY) * DAY;
  const spikeDay = firstDay + Math.floor(days * (0.35 + 0.3 * rng.float())) * DAY;
  const incidentDay = firstDay + Math.floor(days * (0.1 + 0.2 * rng.float())) * DAY;
  return {
    spikeAt: Math.min(spikeDay + 14 * HOUR, end - HOUR),
    incidentAt: incidentDay + rng.int(2, 20) * HOUR,
  };
}

/** Extra human traffic from the spike at time t, as a multiple of normal (0 = none). */
function spikeExcess(t: number, events: Events): number {
  const since = (t - events.spikeAt) / HOUR;
  return since >= 0 && since < 40 ? 7 * Math.exp(-since / 5) : 0;
}

function humanWeight(t: number, start: number, end: number, events: Events): number {
  const date = new Date(t);
  const growth = 1 + (GROWTH * (t - start)) / Math.max(1, end - start);
  const base = (UTC_HOURS[date.getUTCHours()] as number) * (WEEKDAYS[date.getUTCDay()] as number) * growth;
  return base * (1 + spikeExcess(t, events));
}

/**
 * Splits [start, end) into hour slots and the `requests` total into exact per-slot budgets
 * (largest-remainder rounding on cumulative weights, so budgets add up to `requests`).
 */
export function hourlyBudgets(start: number, end: number, requests: number, rng: Random): Hour[] {
  const events = placeEvents(start, end, rng);
  const slots: { start: number; end: number; human: number; spike: number; incident: boolean }[] = [];
  for (let s = start; s < end; ) {
    const e = Math.min(end, (Math.floor(s / HOUR) + 1) * HOUR);
    const mid = (s + e) / 2;
    const excess = spikeExcess(mid, events);
    const incident = mid >= events.incidentAt && mid < events.incidentAt + 40 * 60_000;
    slots.push({
      start: s,
      end: e,
      human: humanWeight(mid, start, end, events),
      spike: excess / (1 + excess),
      incident,
    });
    s = e;
  }
  const meanHuman = slots.reduce((sum, x) => sum + x.human * (x.end - x.start), 0) / (end - start);
  const humanShare = 1 - BOT_SHARE - SCANNER_SHARE;
  const bots = (meanHuman * BOT_SHARE) / humanShare;
  const scanners = (meanHuman * SCANNER_SHARE) / humanShare;
  const weights = slots.map((x) => (x.human + bots + scanners) * (x.end - x.start));
  const total = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  let assigned = 0;
  return slots.map((x, i) => {
    cumulative += weights[i] as number;
    const upTo = i === slots.length - 1 ? requests : Math.round((requests * cumulative) / total);
    const budget = upTo - assigned;
    assigned = upTo;
    return {
      start: x.start,
      end: x.end,
      budget,
      humans: x.human,
      bots,
      scanners,
      spike: x.spike,
      incident: x.incident,
    };
  });
}
