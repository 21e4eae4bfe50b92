import { SITE } from '../sim/site.js';
import type { FaultRates } from './Faults.js';

/** One Amplify app the emulator knows, with the domain names GenerateAccessLogs accepts for it. */
export interface EmulatedApp {
  readonly appId: string;
  readonly domains: readonly string[];
  /** Mean requests per hour of this app (default: the emulator's `requestsPerHour`). */
  readonly requestsPerHour?: number;
}

export interface AmplifyEmulatorOptions extends FaultRates {
  /** Same seed, same traffic, same lateness, same drawn faults. Default 1. */
  readonly seed?: number;
  /** Default `DEFAULT_APP`: the simulator's site, app `d1a2b3c4d5e6f7`, every name it answers to. */
  readonly apps?: readonly EmulatedApp[];
  /** Mean requests per hour over a week (a daily and weekly rhythm around it). Default 250. */
  readonly requestsPerHour?: number;
  /**
   * A call whose widened hours (those begun by now) hold more requests than this answers
   * "reduce time range". Default 500,000 (about 240 MB of CSV).
   */
  readonly maxRequestsPerCall?: number;
  /** The emulator's clock: what is visible, when logUrls expire. Default the real clock. */
  readonly now?: () => Date;
  /** Longest delay before an ordinary request's row is visible. Default 3,600,000 (an hour). */
  readonly maxDeliveryDelayMs?: number;
  /** Share of each hour's rows that arrive late. Default 0.01. */
  readonly lateShare?: number;
  /** Late rows have all arrived this many hours after the end of their hour. Default 24. */
  readonly lateHours?: number;
  /** How long a logUrl works (on the emulator's clock). Default 900,000 (15 minutes). */
  readonly logUrlTtlMs?: number;
  /** Wall-clock time a GenerateAccessLogs call takes before answering. Default 0. */
  readonly generateDelayMs?: number;
  /** Calls per second (wall clock) before `ThrottlingException`; a burst of as many is allowed. Default unlimited. */
  readonly maxCallsPerSecond?: number;
  /** A `slow` download waits this long before its first byte. Default 1,000. */
  readonly slowFirstByteMs?: number;
  /** ... then sends this many bytes per second. Default 262,144 (256 KiB/s). */
  readonly slowBytesPerSecond?: number;
  /** Listening address and port (0: a free port). Default 127.0.0.1:0. */
  readonly host?: string;
  readonly port?: number;
}

/**
 * The simulator's site, as Amplify knows it: the app and its domain associations (the custom
 * domain, whose subdomains such as www are served too, and the app's default amplifyapp.com
 * domain). GenerateAccessLogs takes the name of a domain association.
 */
export const DEFAULT_APP: EmulatedApp = {
  appId: SITE.appId,
  domains: ['example-shop.com', `${SITE.appId}.amplifyapp.com`],
};

export type ResolvedOptions = Required<Omit<AmplifyEmulatorOptions, keyof FaultRates>> & {
  readonly faults: FaultRates;
};

/** The options with every default filled in; throws a RangeError for a value that cannot work. */
export function resolveOptions(options: AmplifyEmulatorOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = {
    seed: options.seed ?? 1,
    apps: options.apps ?? [DEFAULT_APP],
    requestsPerHour: options.requestsPerHour ?? 250,
    maxRequestsPerCall: options.maxRequestsPerCall ?? 500_000,
    now: options.now ?? (() => new Date()),
    maxDeliveryDelayMs: options.maxDeliveryDelayMs ?? 3_600_000,
    lateShare: options.lateShare ?? 0.01,
    lateHours: options.lateHours ?? 24,
    logUrlTtlMs: options.logUrlTtlMs ?? 900_000,
    generateDelayMs: options.generateDelayMs ?? 0,
    maxCallsPerSecond: options.maxCallsPerSecond ?? Number.POSITIVE_INFINITY,
    slowFirstByteMs: options.slowFirstByteMs ?? 1_000,
    slowBytesPerSecond: options.slowBytesPerSecond ?? 262_144,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    faults: options,
  };
  check(resolved);
  return resolved;
}

function check(o: ResolvedOptions): void {
  const nonNegative = {
    requestsPerHour: o.requestsPerHour,
    maxDeliveryDelayMs: o.maxDeliveryDelayMs,
    lateHours: o.lateHours,
  };
  for (const [name, value] of Object.entries(nonNegative)) {
    if (!(value >= 0)) throw new RangeError(`amplify emulator: ${name} must be >= 0`);
  }
  if (!(o.lateShare >= 0 && o.lateShare <= 1))
    throw new RangeError('amplify emulator: lateShare must be in [0, 1]');
  if (!(o.slowBytesPerSecond > 0)) throw new RangeError('amplify emulator: slowBytesPerSecond must be > 0');
  if (o.apps.length === 0) throw new RangeError('amplify emulator: apps must not be empty');
}
