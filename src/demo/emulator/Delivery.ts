import { hashText, mix, unit } from './hash.js';
import { HOUR_MS } from './hourlyRate.js';

export interface DeliverySettings {
  /** Seed of the draws (the emulator's seed). */
  readonly seed: number;
  /** Longest delay of an ordinary record after its request ("up to an hour"). */
  readonly maxDelayMs: number;
  /** Share of each hour's records that arrive late. */
  readonly lateShare: number;
  /** Late records have all arrived this long after the end of their hour. */
  readonly lateMs: number;
}

/**
 * When each record becomes visible to GenerateAccessLogs, a pure function of its request id:
 * - an ordinary record at a uniform moment within `maxDelayMs` after its request, so the last hour
 *   before now is only partly there;
 * - a late one (a `lateShare` of them) at a uniform moment between `maxDelayMs` and `lateMs` after
 *   the end of its hour, so a collector that asks again hours later gets rows it did not have.
 */
export class Delivery {
  private readonly lateStart: number;

  constructor(private readonly settings: DeliverySettings) {
    this.lateStart = Math.min(settings.maxDelayMs, settings.lateMs);
  }

  /** Whether the record of `requestId` is one of the late ones. */
  isLate(requestId: string): boolean {
    return this.late(hashText(requestId));
  }

  /** When the record of `requestId`, a request at `at` (ms) in `hour`, becomes visible (whole ms). */
  deliveredAt(requestId: string, at: number, hour: number): number {
    const id = hashText(requestId);
    const u = unit(mix(this.settings.seed, id, 2));
    if (!this.late(id)) return at + Math.floor(u * this.settings.maxDelayMs);
    return (hour + 1) * HOUR_MS + this.lateStart + Math.floor(u * (this.settings.lateMs - this.lateStart));
  }

  /** From this instant (ms) on, every record of `hour` is visible. */
  completeAt(hour: number): number {
    return (hour + 1) * HOUR_MS + Math.max(this.settings.maxDelayMs, this.settings.lateMs);
  }

  private late(idHash: number): boolean {
    return unit(mix(this.settings.seed, idHash, 1)) < this.settings.lateShare;
  }
}
