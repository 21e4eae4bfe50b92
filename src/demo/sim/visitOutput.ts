import type { LogRecord } from '../../format/schema.js';
import type { RecordFactory } from './recordFactory.js';
import type { Client, RequestSpec } from './requestSpec.js';

/**
 * Where visits put their records: it counts against the current hour's budget, drops requests at
 * or after the end of the period, and tags each record with a sort key (its time plus the visit's
 * delivery delay) so records come out roughly, not strictly, in time order.
 */
export class VisitOutput {
  /** Records made and not yet handed out, with their sort keys (parallel arrays). */
  records: LogRecord[] = [];
  keys: number[] = [];
  /** Delay (ms) added to the sort keys of the current visit's records. */
  delay = 0;
  private made = 0;
  private limit = 0;
  private end = 0;

  constructor(private readonly factory: RecordFactory) {}

  /** Starts an hour slot: up to `limit` records, none at or after `end`. */
  open(limit: number, end: number): void {
    this.made = 0;
    this.limit = limit;
    this.end = end;
  }

  /** Records made in the current slot. */
  get count(): number {
    return this.made;
  }

  /** True while the slot's budget is not spent. */
  get hasRoom(): boolean {
    return this.made < this.limit;
  }

  /**
   * Makes and keeps the record of one request. Returns false when the visit must stop: the
   * budget is spent, or `t` is past the end of the period (then nothing is kept).
   */
  send(client: Client, t: number, spec: RequestSpec): boolean {
    if (this.made >= this.limit || t >= this.end) return false;
    this.records.push(this.factory.make(client, t, spec));
    this.keys.push(t + this.delay);
    this.made++;
    return this.made < this.limit;
  }
}
