import type { LogRecord } from '../../format/schema.js';
import { simulate } from '../sim/simulate.js';
import { hashText, mix } from './hash.js';
import { HOUR_MS, requestsInHour } from './hourlyRate.js';

/** Largest number of requests simulated at once: busier hours are simulated in parts. */
const PART_MAX = 10_000;

/**
 * The requests one emulated Amplify app served: those of each UTC hour are a pure function of
 * (seed, app, hour), so asking for an hour twice gives the same records with the same request ids,
 * and a request belongs to exactly one hour. An hour of more than 10,000 requests is simulated in
 * equal slices, one at a time, so memory stays flat however busy the site is.
 */
export class SiteTraffic {
  private readonly seed: number;

  constructor(
    seed: number,
    readonly appId: string,
    readonly requestsPerHour: number,
  ) {
    this.seed = mix(seed, hashText(appId));
  }

  /** Requests served in `hour` (whole hours since the epoch). */
  count(hour: number): number {
    return requestsInHour(this.seed, hour, this.requestsPerHour);
  }

  /** The records of `hour` in the order a log file lists them: roughly, not strictly, by time. */
  *records(hour: number): Generator<LogRecord> {
    const total = this.count(hour);
    const parts = Math.max(1, Math.ceil(total / PART_MAX));
    const start = hour * HOUR_MS;
    for (let p = 0; p < parts; p++) {
      const requests = Math.round((total * (p + 1)) / parts) - Math.round((total * p) / parts);
      if (requests === 0) continue;
      yield* simulate({
        seed: mix(this.seed, hour, p),
        start: new Date(start + Math.round((HOUR_MS * p) / parts)),
        end: new Date(start + Math.round((HOUR_MS * (p + 1)) / parts)),
        requests,
      });
    }
  }
}

/** Milliseconds from the start of its hour to a record's `time` (`HH:MM:SS`, whole seconds). */
export function msIntoHour(record: LogRecord): number {
  const time = record.time as string;
  const minutes = (time.charCodeAt(3) - 48) * 10 + (time.charCodeAt(4) - 48);
  const seconds = (time.charCodeAt(6) - 48) * 10 + (time.charCodeAt(7) - 48);
  return (minutes * 60 + seconds) * 1000;
}
