import type { LogRecord } from '../../format/schema.js';
import { humanVisit } from './humanVisit.js';
import { Random } from './random.js';
import { RecordFactory } from './recordFactory.js';
import { type Hour, hourlyBudgets } from './rhythm.js';
import { botVisit, scannerVisit } from './robotVisits.js';
import { SITE } from './site.js';
import { siteModel } from './siteModel.js';
import type { VisitContext } from './visitContext.js';
import { VisitOutput } from './visitOutput.js';
import { VisitorPool } from './visitors.js';

export interface SimulateOptions {
  /** Same seed, same records. */
  readonly seed: number;
  /** Start of the period (inclusive, UTC). */
  readonly start: Date;
  /** End of the period (exclusive, UTC). */
  readonly end: Date;
  /** Total number of records, spread over the period. */
  readonly requests: number;
}

type Kind = 'human' | 'bot' | 'scanner';

const VISITS: Record<Kind, (ctx: VisitContext, t0: number) => void> = {
  human: humanVisit,
  bot: botVisit,
  scanner: scannerVisit,
};

/** Largest delay (ms) between a request and its place in the output: the local shuffle. */
const MAX_DELAY = 60_000;

/**
 * Simulated access-log records of one Amplify site: exactly `requests` records with times in
 * [start, end), deterministic for a seed. Records hold true decoded values (`null` where a field
 * is empty) and come out roughly in time order, shuffled within about a minute, like real files.
 * Throws a RangeError at once for an empty period or a negative or fractional count.
 */
export function simulate(options: SimulateOptions): Generator<LogRecord> {
  const start = options.start.getTime();
  const end = options.end.getTime();
  if (!(end > start)) throw new RangeError('simulate: end must be after start');
  if (!Number.isInteger(options.requests) || options.requests < 0) {
    throw new RangeError('simulate: requests must be a non-negative integer');
  }
  return generate(options.seed, start, end, options.requests);
}

function* generate(seed: number, start: number, end: number, requests: number): Generator<LogRecord> {
  const rng = new Random(seed);
  const factory = new RecordFactory(rng, SITE.cloudFrontHost);
  const out = new VisitOutput(factory);
  const hours = hourlyBudgets(start, end, requests, rng);
  const mix = new KindMix();
  const pool = new VisitorPool();
  for (const [i, hour] of hours.entries()) {
    factory.incident = hour.incident;
    fillHour({ rng, model: siteModel(), out, hour, start, end, pool }, mix);
    const last = i === hours.length - 1;
    const ready = flush(out, last ? Number.POSITIVE_INFINITY : hour.end);
    for (const record of ready) yield record;
  }
}

/** Runs visits starting in the hour until its budget is spent. */
function fillHour(ctx: VisitContext, mix: KindMix): void {
  const { rng, out, hour } = ctx;
  out.open(hour.budget, ctx.end);
  while (out.hasRoom) {
    const kind = mix.pick(rng, hour);
    const before = out.count;
    out.delay = rng.float() * MAX_DELAY;
    VISITS[kind](ctx, hour.start + rng.float() * (hour.end - hour.start));
    mix.observe(kind, out.count - before);
  }
}

/** Takes out, in sort-key order, the records whose key is before `until`; keeps the rest. */
function flush(out: VisitOutput, until: number): LogRecord[] {
  const { records, keys } = out;
  const order = Array.from(records.keys()).sort((a, b) => (keys[a] as number) - (keys[b] as number));
  const ready: LogRecord[] = [];
  const keptRecords: LogRecord[] = [];
  const keptKeys: number[] = [];
  for (const i of order) {
    const key = keys[i] as number;
    if (key < until) ready.push(records[i] as LogRecord);
    else {
      keptRecords.push(records[i] as LogRecord);
      keptKeys.push(key);
    }
  }
  out.records = keptRecords;
  out.keys = keptKeys;
  return ready;
}

/**
 * Chooses the kind of the next visit so that each kind's share of requests follows the hour's
 * weights: the probability of a kind is its weight divided by its mean visit length so far.
 */
class KindMix {
  private readonly requests: Record<Kind, number> = { human: 120, bot: 60, scanner: 150 };
  private readonly visits: Record<Kind, number> = { human: 10, bot: 10, scanner: 10 };

  pick(rng: Random, hour: Hour): Kind {
    const human = hour.humans / this.mean('human');
    const bot = hour.bots / this.mean('bot');
    const scanner = hour.scanners / this.mean('scanner');
    const u = rng.float() * (human + bot + scanner);
    return u < human ? 'human' : u < human + bot ? 'bot' : 'scanner';
  }

  observe(kind: Kind, requests: number): void {
    this.requests[kind] += requests;
    this.visits[kind] += 1;
  }

  private mean(kind: Kind): number {
    return this.requests[kind] / this.visits[kind];
  }
}
