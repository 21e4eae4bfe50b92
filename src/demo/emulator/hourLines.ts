import type { LogRecord } from '../../format/schema.js';
import { formatAmplifyLine } from '../sim/writers.js';
import type { Delivery } from './Delivery.js';
import { HOUR_MS } from './hourlyRate.js';
import { msIntoHour, type SiteTraffic } from './SiteTraffic.js';

/** Lines are gathered into pieces of about this many bytes. */
const PIECE = 256 * 1024;
const LINE_OPTIONS = { emptyMarker: '-' } as const;

/** A run of whole CSV lines, each ending in `\n`, and how many there are. */
export interface Piece {
  readonly data: Buffer;
  readonly rows: number;
}

/**
 * The CSV lines of the records of `hour` visible at `asOf` (ms), in pieces of about 256 KiB:
 * nothing for an hour that starts after `asOf`, everything once the hour is complete, otherwise
 * the records whose delivery time is at or before `asOf`. Lines are exact Amplify lines (ASCII:
 * every value is percent-encoded).
 */
export function* hourLines(
  traffic: SiteTraffic,
  delivery: Delivery,
  hour: number,
  asOf: number,
): Generator<Piece> {
  if (hour * HOUR_MS > asOf) return;
  const visible = asOf >= delivery.completeAt(hour) ? undefined : visibleAt(delivery, hour, asOf);
  let lines: string[] = [];
  let size = 0;
  for (const record of traffic.records(hour)) {
    if (visible && !visible(record)) continue;
    const line = formatAmplifyLine(record, LINE_OPTIONS);
    lines.push(line);
    size += line.length + 1;
    if (size >= PIECE) {
      yield piece(lines);
      lines = [];
      size = 0;
    }
  }
  if (lines.length > 0) yield piece(lines);
}

function visibleAt(delivery: Delivery, hour: number, asOf: number): (record: LogRecord) => boolean {
  const start = hour * HOUR_MS;
  return (record) =>
    delivery.deliveredAt(record.request_id as string, start + msIntoHour(record), hour) <= asOf;
}

function piece(lines: readonly string[]): Piece {
  return { data: Buffer.from(`${lines.join('\n')}\n`, 'utf8'), rows: lines.length };
}
