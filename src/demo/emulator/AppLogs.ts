import { setImmediate as tick } from 'node:timers/promises';
import { AMPLIFY_HEADER } from '../sim/writers.js';
import type { Delivery } from './Delivery.js';
import { hourLines } from './hourLines.js';
import { HOUR_MS } from './hourlyRate.js';
import { msIntoHour, type SiteTraffic } from './SiteTraffic.js';

/** The header line of every non-empty file. */
export const HEADER = Buffer.from(`${AMPLIFY_HEADER}\n`);
/** Sizes of complete hours are remembered, up to this many hours (then forgotten at once). */
const MEMO_MAX = 100_000;

/** One hour's part of a log file. */
export interface HourSection {
  readonly hour: number;
  readonly rows: number;
  readonly bytes: number;
}

/**
 * A log file as GenerateAccessLogs snapshots it: the hours [firstHour, endHour) as visible at
 * `asOf` (ms). `bytes` is 0 for a file without rows, else the header plus every line.
 */
export interface LogFilePlan {
  readonly appId: string;
  readonly firstHour: number;
  readonly endHour: number;
  readonly asOf: number;
  readonly sections: readonly HourSection[];
  readonly rows: number;
  readonly bytes: number;
}

/** One request of the ground truth. */
export interface TrueRequest {
  readonly requestId: string;
  /** The request's logged time (whole seconds). */
  readonly at: number;
  /** When its record becomes visible to GenerateAccessLogs. */
  readonly deliveredAt: number;
  readonly late: boolean;
}

/**
 * The access logs of one emulated app: plans a file (its size, needed for Content-Length before
 * the first byte), streams any byte range of it hour by hour (regenerating the hours: nothing is
 * stored), and answers the ground truth the collector's tests compare against.
 */
export class AppLogs {
  private readonly memo = new Map<number, HourSection>();

  constructor(
    readonly traffic: SiteTraffic,
    readonly delivery: Delivery,
  ) {}

  /** Sizes the file of hours [firstHour, endHour) as visible at `asOf`; yields to the event loop. */
  async plan(firstHour: number, endHour: number, asOf: number): Promise<LogFilePlan> {
    const sections: HourSection[] = [];
    for (let hour = firstHour; hour < endHour && hour * HOUR_MS <= asOf; hour++) {
      const section = await this.section(hour, asOf);
      if (section.rows > 0) sections.push(section);
    }
    const rows = sections.reduce((sum, s) => sum + s.rows, 0);
    const bytes = rows === 0 ? 0 : sections.reduce((sum, s) => sum + s.bytes, HEADER.length);
    return { appId: this.traffic.appId, firstHour, endHour, asOf, sections, rows, bytes };
  }

  /**
   * Bytes [start, end) of the planned file, in pieces; hours wholly outside the range are not
   * generated. Throws if an hour does not come out at its planned size (an emulator bug).
   */
  async *bytes(plan: LogFilePlan, start = 0, end = plan.bytes): AsyncGenerator<Buffer> {
    if (start >= end) return;
    let offset = 0;
    const take = (data: Buffer): Buffer | undefined => {
      const from = Math.max(start - offset, 0);
      const to = Math.min(end - offset, data.length);
      offset += data.length;
      return to > from ? data.subarray(from, to) : undefined;
    };
    const header = take(HEADER);
    if (header) yield header;
    for (const section of plan.sections) {
      if (offset >= end) return;
      if (offset + section.bytes <= start) {
        offset += section.bytes;
        continue;
      }
      yield* this.sectionBytes(section, plan.asOf, take);
      await tick();
    }
  }

  /** Every request logged in [from, to) (ms), in the order the files list them. */
  *requests(from: number, to: number): Generator<TrueRequest> {
    for (let hour = Math.floor(from / HOUR_MS); hour * HOUR_MS < to; hour++) {
      for (const record of this.traffic.records(hour)) {
        const at = hour * HOUR_MS + msIntoHour(record);
        if (at < from || at >= to) continue;
        const requestId = record.request_id as string;
        const deliveredAt = this.delivery.deliveredAt(requestId, at, hour);
        yield { requestId, at, deliveredAt, late: this.delivery.isLate(requestId) };
      }
    }
  }

  /** How many requests were logged in [from, to) (ms); whole hours are counted without simulating. */
  count(from: number, to: number): number {
    let count = 0;
    for (let hour = Math.floor(from / HOUR_MS); hour * HOUR_MS < to; hour++) {
      const [start, end] = [Math.max(from, hour * HOUR_MS), Math.min(to, (hour + 1) * HOUR_MS)];
      if (end - start === HOUR_MS) count += this.traffic.count(hour);
      else for (const _ of this.requests(start, end)) count++;
    }
    return count;
  }

  private *sectionBytes(
    section: HourSection,
    asOf: number,
    take: (data: Buffer) => Buffer | undefined,
  ): Generator<Buffer> {
    let made = 0;
    for (const piece of hourLines(this.traffic, this.delivery, section.hour, asOf)) {
      made += piece.data.length;
      const part = take(piece.data);
      if (part) yield part;
    }
    if (made !== section.bytes) {
      throw new Error(`emulator: hour ${section.hour} made ${made} bytes, planned ${section.bytes}`);
    }
  }

  private async section(hour: number, asOf: number): Promise<HourSection> {
    const known = this.memo.get(hour);
    const complete = asOf >= this.delivery.completeAt(hour);
    if (known && complete) return known;
    let rows = 0;
    let bytes = 0;
    for (const piece of hourLines(this.traffic, this.delivery, hour, asOf)) {
      rows += piece.rows;
      bytes += piece.data.length;
      await tick();
    }
    const section = { hour, rows, bytes };
    if (complete) this.remember(section);
    return section;
  }

  private remember(section: HourSection): void {
    if (this.memo.size >= MEMO_MAX) this.memo.clear();
    this.memo.set(section.hour, section);
  }
}
