import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppLogs, TrueRequest } from './AppLogs.js';
import type { EmulatorCall, EmulatorCounters } from './CallLog.js';
import { createContext, type EmulatorContext } from './EmulatorContext.js';
import { type AmplifyEmulatorOptions, resolveOptions } from './emulatorOptions.js';
import type { FaultKind } from './Faults.js';
import { handleRequest } from './handleRequest.js';
import { HOUR_MS } from './hourlyRate.js';

export type { EmulatorCall, EmulatorCounters } from './CallLog.js';
export { type AmplifyEmulatorOptions, DEFAULT_APP, type EmulatedApp } from './emulatorOptions.js';
export type { FaultKind, FaultRates } from './Faults.js';

/** Dummy credentials the emulator accepts (it checks that a request is signed, not the signature). */
export const EMULATOR_CREDENTIALS = {
  accessKeyId: 'AKIAEMULATOR',
  secretAccessKey: 'emulator-secret',
} as const;
export const EMULATOR_REGION = 'us-east-1';

/** One request of the ground truth, with its times as Dates. */
export interface SiteRequest {
  readonly requestId: string;
  readonly at: Date;
  readonly deliveredAt: Date;
  readonly late: boolean;
}

/**
 * A wire-compatible stand-in for Amplify's GenerateAccessLogs and the S3 download behind its
 * logUrl, serving a simulated site on a local port. Point the real SDK at `endpoint` (or use
 * `clientConfig()` / `env()`); see `AmplifyEmulatorOptions` for traffic, lateness and faults.
 */
export class AmplifyEmulator {
  private constructor(
    private readonly ctx: EmulatorContext,
    private readonly server: Server,
  ) {}

  /** Starts a server; resolves once it listens. */
  static async start(options: AmplifyEmulatorOptions = {}): Promise<AmplifyEmulator> {
    const ctx = createContext(resolveOptions(options));
    const server = createServer(handleRequest(ctx));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ctx.options.port, ctx.options.host, resolve);
    });
    const { port } = server.address() as AddressInfo;
    ctx.endpoint = `http://${ctx.options.host}:${port}`;
    return new AmplifyEmulator(ctx, server);
  }

  /** `http://127.0.0.1:PORT`: the SDK's `endpoint` (logUrls point here too). */
  get endpoint(): string {
    return this.ctx.endpoint;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Every call answered so far, in the order they finished. */
  get calls(): readonly EmulatorCall[] {
    return this.ctx.log.calls;
  }

  get counters(): Readonly<EmulatorCounters> {
    return this.ctx.log.counters;
  }

  /** Options for `new AmplifyClient(...)` that reach this emulator. */
  clientConfig(): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  } {
    return { endpoint: this.endpoint, region: EMULATOR_REGION, credentials: { ...EMULATOR_CREDENTIALS } };
  }

  /** Environment that points the SDK (and a CLI child process) at this emulator. */
  env(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_AMPLIFY: this.endpoint,
      AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
      AWS_REGION: EMULATOR_REGION,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
  }

  /**
   * Makes the next `times` GenerateAccessLogs calls (`throttle`, `limit`, `internal`,
   * `unauthorized`) or the next `times` non-empty downloads (`cut`, `corrupt`, `slow`,
   * `unavailable`) fail so, before any drawn fault.
   */
  failNext(kind: FaultKind, times = 1): void {
    this.ctx.faults.failNext(kind, times);
  }

  /** Drops scripted faults not used yet. */
  clearFaults(): void {
    this.ctx.faults.clear();
  }

  /** Requests of `appId` (default: the first app) in the UTC hour that starts at or contains `hour`. */
  requestsInHour(hour: Date, appId?: string): number {
    return this.logs(appId).traffic.count(Math.floor(hour.getTime() / HOUR_MS));
  }

  /**
   * Ground truth: the ids (decoded, as in `LogRecord.request_id`) of every request logged in
   * [from, to), once everything late has arrived; with `asOf`, only those visible by then.
   */
  expectedRequests(from: Date, to: Date, options: { appId?: string; asOf?: Date } = {}): Set<string> {
    const asOf = options.asOf?.getTime() ?? Number.POSITIVE_INFINITY;
    const ids = new Set<string>();
    for (const r of this.logs(options.appId).requests(from.getTime(), to.getTime())) {
      if (r.deliveredAt <= asOf) ids.add(r.requestId);
    }
    return ids;
  }

  /** The number `expectedRequests` would hold, without keeping the ids (whole hours cost nothing). */
  expectedCount(from: Date, to: Date, options: { appId?: string } = {}): number {
    return this.logs(options.appId).count(from.getTime(), to.getTime());
  }

  /** Every request logged in [from, to) with its delivery time: which rows are late, and until when. */
  siteRequests(from: Date, to: Date, options: { appId?: string } = {}): SiteRequest[] {
    return Array.from(this.logs(options.appId).requests(from.getTime(), to.getTime()), toSiteRequest);
  }

  /** Stops listening and closes every connection, idle or not. */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  /** Same as `stop()`. */
  close(): Promise<void> {
    return this.stop();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private logs(appId = this.ctx.options.apps[0]?.appId ?? ''): AppLogs {
    const logs = this.ctx.apps.get(appId);
    if (!logs) throw new RangeError(`amplify emulator: no app ${appId}`);
    return logs;
  }
}

/** Starts an emulator (see `AmplifyEmulator`). */
export function startAmplifyEmulator(options: AmplifyEmulatorOptions = {}): Promise<AmplifyEmulator> {
  return AmplifyEmulator.start(options);
}

function toSiteRequest(r: TrueRequest): SiteRequest {
  return { requestId: r.requestId, at: new Date(r.at), deliveredAt: new Date(r.deliveredAt), late: r.late };
}
