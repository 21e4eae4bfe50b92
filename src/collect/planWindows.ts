import { addHours, DAY, floorHour, HOUR, type Window, windowsBetween } from './windows.js';

export interface PlanInput {
  readonly now: Date;
  /** End of the contiguous range collected so far, or undefined before the first run. */
  readonly watermark?: Date;
  /** Windows that failed before and must be asked again. */
  readonly pending: readonly Window[];
  /** Backfill from here (inclusive); the watermark is then ignored for the plan. */
  readonly since?: Date;
  /** Backfill up to here (exclusive); default: the collectable end. */
  readonly until?: Date;
  /** How far back every run asks again, for entries CloudFront delivers late. */
  readonly recheckHours: number;
  /** How long Amplify takes to deliver an hour: hours ending later than `now - lagHours` wait. */
  readonly lagHours: number;
  /** The latest CloudFront delivers an entry, in hours after the end of its hour. Default 24. */
  readonly lateHours?: number;
  /** Days before this one have had their late sweep; undefined before the first run. */
  readonly sweptThrough?: Date;
}

export interface Plan {
  readonly windows: Window[];
  /** Days before this one are swept once this plan has run (undefined for a backfill). */
  readonly sweptThrough?: Date;
  /** Where the windows start when the watermark (not a backfill) decided it. */
  readonly from: Date;
  /** The collectable end: every finished hour up to the lag. */
  readonly to: Date;
}

/**
 * What a collector run asks Amplify for. Without `since`: every finished hour from the watermark
 * (minus `recheckHours`, for late entries) up to `now - lagHours`; the first run takes the last
 * finished hour. With `since`: the backfill range. Pending (failed) windows come first, so a
 * missed or failed run never leaves a gap, then the late sweep. Windows are at most one UTC day.
 */
export function planWindows(input: PlanInput): Plan {
  const to = input.until ? floorHour(input.until) : floorHour(addHours(input.now, -input.lagHours));
  const from = input.since
    ? floorHour(input.since)
    : input.watermark
      ? addHours(input.watermark, -input.recheckHours)
      : addHours(to, -1);
  const regular = windowsBetween(from, to);
  const sweep = input.since ? undefined : lateSweep(input, from, regular);
  const windows = [...input.pending, ...(sweep?.windows ?? []), ...regular];
  const seen = new Set<string>();
  const unique = windows.filter((w) => {
    const key = `${w.start.getTime()}-${w.end.getTime()}`;
    if (seen.has(key) || w.end.getTime() - w.start.getTime() < HOUR) return false;
    seen.add(key);
    return true;
  });
  return { windows: unique, from, to, ...(sweep ? { sweptThrough: sweep.through } : {}) };
}

/**
 * The late sweep: once a day is past the latest delivery of its last hour (its end + `lateHours`
 * + `lagHours`), it is asked for again, whole, once, so entries CloudFront delivered up to a day
 * late are kept too. Days this plan fetches whole after that point need no sweep.
 */
function lateSweep(
  input: PlanInput,
  from: Date,
  regular: readonly Window[],
): { windows: Window[]; through: Date } {
  const first = input.sweptThrough ?? startOfDay(from);
  const through = startOfDay(addHours(input.now, -((input.lateHours ?? 24) + input.lagHours)));
  const windows: Window[] = [];
  for (let day = first; day < through; day = new Date(day.getTime() + DAY)) {
    const whole = { start: day, end: new Date(day.getTime() + DAY) };
    if (
      !regular.some(
        (w) => w.start.getTime() === whole.start.getTime() && w.end.getTime() === whole.end.getTime(),
      )
    ) {
      windows.push(whole);
    }
  }
  return { windows, through: new Date(Math.max(through.getTime(), first.getTime())) };
}

function startOfDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY) * DAY);
}
