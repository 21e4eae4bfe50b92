import { addHours, floorHour, HOUR, type Window, windowsBetween } from './windows.js';

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
}

export interface Plan {
  readonly windows: Window[];
  /** Where the windows start when the watermark (not a backfill) decided it. */
  readonly from: Date;
  /** The collectable end: every finished hour up to the lag. */
  readonly to: Date;
}

/**
 * What a collector run asks Amplify for. Without `since`: every finished hour from the watermark
 * (minus `recheckHours`, for late entries) up to `now - lagHours`; the first run takes the last
 * finished hour. With `since`: the backfill range. Pending (failed) windows come first, so a
 * missed or failed run never leaves a gap. Windows are at most one UTC day each.
 */
export function planWindows(input: PlanInput): Plan {
  const to = input.until ? floorHour(input.until) : floorHour(addHours(input.now, -input.lagHours));
  const from = input.since
    ? floorHour(input.since)
    : input.watermark
      ? addHours(input.watermark, -input.recheckHours)
      : addHours(to, -1);
  const windows = [...input.pending, ...windowsBetween(from, to)];
  const seen = new Set<string>();
  const unique = windows.filter((w) => {
    const key = `${w.start.getTime()}-${w.end.getTime()}`;
    if (seen.has(key) || w.end.getTime() - w.start.getTime() < HOUR) return false;
    seen.add(key);
    return true;
  });
  return { windows: unique, from, to };
}
