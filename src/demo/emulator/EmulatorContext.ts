import { AppLogs } from './AppLogs.js';
import { CallLog } from './CallLog.js';
import { Delivery } from './Delivery.js';
import { DownloadTokens } from './DownloadTokens.js';
import type { ResolvedOptions } from './emulatorOptions.js';
import { Faults } from './Faults.js';
import { HOUR_MS } from './hourlyRate.js';
import { SiteTraffic } from './SiteTraffic.js';
import { TokenBucket } from './TokenBucket.js';

/** What the request handlers share: options, apps, generated files, faults, the call log. */
export interface EmulatorContext {
  readonly options: ResolvedOptions;
  /** The logs of each app, by app id. */
  readonly apps: ReadonlyMap<string, AppLogs>;
  /** The domain names of each app, by app id. */
  readonly domains: ReadonlyMap<string, readonly string[]>;
  readonly tokens: DownloadTokens;
  readonly faults: Faults;
  readonly limiter: TokenBucket;
  readonly log: CallLog;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  endpoint: string;
}

/** The emulator's clock, in ms. */
export function nowMs(ctx: EmulatorContext): number {
  return ctx.options.now().getTime();
}

/** The shared state of a new emulator; `endpoint` is set once it listens. */
export function createContext(options: ResolvedOptions): EmulatorContext {
  const delivery = new Delivery({
    seed: options.seed,
    maxDelayMs: options.maxDeliveryDelayMs,
    lateShare: options.lateShare,
    lateMs: Math.round(options.lateHours * HOUR_MS),
  });
  const apps = new Map(
    options.apps.map((app) => {
      const traffic = new SiteTraffic(
        options.seed,
        app.appId,
        app.requestsPerHour ?? options.requestsPerHour,
      );
      return [app.appId, new AppLogs(traffic, delivery)] as const;
    }),
  );
  return {
    options,
    apps,
    domains: new Map(options.apps.map((app) => [app.appId, app.domains])),
    tokens: new DownloadTokens(),
    faults: new Faults(options.seed, options.faults),
    limiter: new TokenBucket(options.maxCallsPerSecond),
    log: new CallLog(),
    endpoint: '',
  };
}
