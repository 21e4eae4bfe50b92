import * as os from 'node:os';
import * as path from 'node:path';
import { AmplifyClient } from '@aws-sdk/client-amplify';
import { type CollectOptions, type CollectSummary, collect, type WindowResult } from '../collect/collect.js';
import { readState } from '../collect/collectorState.js';
import { AmplifyLogSource, type LogSource } from '../collect/LogSource.js';
import { HOUR, type Window } from '../collect/windows.js';
import { DuckDBEngine } from '../engine/DuckDBEngine.js';
import type { QueryEngine } from '../engine/QueryEngine.js';
import { anonymizeStoredDays } from '../ingest/anonymizeStoredDays.js';
import { hourFigures } from '../report/hourFigures.js';
import type { Day } from '../store/keys.js';
import { S3Store } from '../store/S3Store.js';
import type { Store } from '../store/Store.js';
import { QUIET } from '../store/s3Client.js';
import { messageOf } from '../util/errors.js';
import { DayScopedStore } from './dayScopedStore.js';
import { applyDeployedPrivacy } from './deployedPrivacy.js';
import { hourMetricLine, MAX_METRIC_AGE_MS } from './hourMetrics.js';
import { type CollectConfig, collectConfig } from './lambdaConfig.js';
import { createLambdaLogger, type LambdaLogger } from './lambdaLogger.js';
import type { LambdaContext } from './scheduledEvent.js';
import { ScheduledRunError, scheduledHandler, startRun } from './scheduledHandler.js';

export interface CollectHandlerDeps {
  readonly config: CollectConfig;
  readonly store: Store;
  /** The log source of a domain; default: Amplify's GenerateAccessLogs on one shared client. */
  readonly sourceFor: (domain: string) => LogSource;
  readonly logger: LambdaLogger;
  /** Default: the library's `collect`. */
  readonly collect?: (options: CollectOptions) => Promise<CollectSummary>;
  /** Where the hours' metric lines (embedded metric format) go. Default: stdout, as the logger. */
  readonly metrics?: (line: string) => void;
  /** Opens the engine the hours' figures are read with, over the days given. Default: DuckDB. */
  readonly openEngine?: (store: Store, days: readonly Day[], now: Date) => Promise<QueryEngine>;
}

/**
 * How a domain's run ended: `ok`; `partial` (some windows failed for the first time: they are
 * pending and asked again first by the next hourly run); `failed` (the invocation fails for it).
 */
export type DomainStatus = 'ok' | 'partial' | 'failed';

export interface DomainOutcome {
  readonly domain: string;
  readonly status: DomainStatus;
  /** Why the domain failed, when it did. */
  readonly reason?: string;
  readonly summary?: CollectSummary;
}

export interface CollectResult {
  /** The scheduled time the run collected up to (minus Amplify's delivery lag). */
  readonly time: string;
  readonly domains: readonly DomainOutcome[];
}

/**
 * The hourly collect, with the CLI's catch-up and lateness logic: for each domain, every finished
 * hour since the stored watermark (asking again for late entries, sweeping each day once more
 * after a day), "now" being the event's `time`, so a retried invocation plans the same windows.
 *
 * Failure policy. A window that fails after the library's own retries is kept pending in the
 * collector's state and asked for first by the next run, so an hourly schedule already retries it
 * within the hour; failing the invocation for it would only repeat the same run a minute later.
 * Such a run logs a `warn` line and succeeds. The invocation fails (and so is retried, then lands
 * on the dead-letter queue whose alarm pages someone) when retrying is what is needed or when
 * waiting does not help: `collect` itself threw (an unknown app or domain, no permission, the
 * store unreachable or locked), nothing at all could be collected, or a window that was already
 * pending before this run failed again (a fault that outlived one retry is not transient).
 * Domains are collected in turn; one failing domain does not stop the others.
 */
export async function collectOnSchedule(
  event: unknown,
  deps: CollectHandlerDeps,
  context?: LambdaContext,
): Promise<CollectResult> {
  const { scheduled, now, logger } = startRun(event, deps.logger, context);
  logger.info('start', { eventTime: scheduled.time, appId: deps.config.appId, domains: deps.config.domains });
  await settlePrivacy(deps, now, logger);
  const outcomes: DomainOutcome[] = [];
  for (const domain of deps.config.domains) {
    outcomes.push(await collectDomain(domain, now, deps, logger.with({ domain })));
  }
  const failed = outcomes.filter((o) => o.status === 'failed');
  logger.info('done', { statuses: Object.fromEntries(outcomes.map((o) => [o.domain, o.status])) });
  if (failed.length > 0) {
    throw new ScheduledRunError(
      'COLLECT',
      `collect failed for ${failed.map((f) => `${f.domain} (${f.reason ?? 'unknown'})`).join('; ')}`,
      'the next hourly run asks again for every failed window.',
    );
  }
  return { time: scheduled.time, domains: outcomes };
}

/**
 * Applies the deployment's privacy settings to the store and finishes a pending rewrite of the
 * curated days (the collector is the function with DuckDB; a run cut short by its timeout leaves
 * the rest to the next run, as a killed `privacy set --yes` does).
 */
async function settlePrivacy(deps: CollectHandlerDeps, now: Date, logger: LambdaLogger): Promise<void> {
  const state = await applyDeployedPrivacy(deps.store, deps.config.privacy);
  if (!state.rewritePending) return;
  const days = await anonymizeStoredDays(deps.store, {
    now,
    log: (message) => logger.info('anonymize', { message }),
  });
  logger.info('anonymized', { days: days.map((d) => d.day) });
}

async function collectDomain(
  domain: string,
  now: Date,
  deps: CollectHandlerDeps,
  logger: LambdaLogger,
): Promise<DomainOutcome> {
  const { store, config } = deps;
  try {
    const pendingBefore = (await readState(store, config.appId, domain)).pending;
    const summary = await (deps.collect ?? collect)({
      store,
      appId: config.appId,
      domain,
      source: deps.sourceFor(domain),
      now: () => now,
      log: (message) => logger.info('collect-log', { message }),
    });
    const status = judge(summary, pendingBefore);
    const fields = summaryFields(summary);
    if (status.status === 'ok') logger.info('collected', fields);
    else if (status.status === 'partial') logger.warn('collected-partly', fields);
    else logger.error('collect-failed', new Error(status.reason), fields);
    await publishHours(domain, summary, now, deps, logger);
    return { domain, ...status, summary };
  } catch (error) {
    logger.error('collect-failed', error);
    return { domain, status: 'failed', reason: messageOf(error) };
  }
}

/**
 * Publishes every hour of the windows this run collected, as the store now holds it: one metric
 * line an hour (`hourMetricLine`), hours CloudWatch would refuse (older than 14 days) left out.
 * The store keeps each request once, so an hour published again has grown or stayed the same,
 * never doubled; the alarms read the `Maximum`. A failure here is logged and the run goes on: the
 * data is stored, and the next runs publish the recent hours again.
 */
async function publishHours(
  domain: string,
  summary: CollectSummary,
  now: Date,
  deps: CollectHandlerDeps,
  logger: LambdaLogger,
): Promise<void> {
  const oldest = now.getTime() - MAX_METRIC_AGE_MS;
  const starts = new Set<number>();
  for (const window of summary.windows.filter((w) => w.status === 'collected')) {
    for (let t = Date.parse(window.start); t < Date.parse(window.end); t += HOUR) {
      if (t >= oldest) starts.add(t);
    }
  }
  if (starts.size === 0) return;
  const hours = [...starts].sort((a, b) => a - b).map((t) => new Date(t));
  const days = [...new Set(hours.map((h) => h.toISOString().slice(0, 10)))];
  try {
    const engine = await (deps.openEngine ?? openDuckDB)(deps.store, days, now);
    try {
      const figures = await hourFigures(engine, { domain, hours });
      const write = deps.metrics ?? ((line: string) => process.stdout.write(line));
      for (const hour of figures) write(hourMetricLine(deps.config.appId, domain, hour));
      logger.info('metrics', { hours: figures.length, first: figures[0]?.hour, last: figures.at(-1)?.hour });
    } finally {
      await engine.close();
    }
  } catch (error) {
    logger.error('metrics-failed', error, { hours: hours.length });
  }
}

const openDuckDB = (store: Store, days: readonly Day[], now: Date): Promise<QueryEngine> =>
  DuckDBEngine.open({
    store: new DayScopedStore(store, days),
    now: () => now,
    limits: {
      memoryLimit: '256MB',
      threads: 1,
      tempDirectory: path.join(os.tmpdir(), 'amplify-logs-duckdb'),
    },
  });

/** Applies the failure policy of `collectOnSchedule` to one domain's summary. */
export function judge(
  summary: CollectSummary,
  pendingBefore: readonly Window[],
): { status: DomainStatus; reason?: string } {
  const failed = summary.windows.filter((w) => w.status === 'failed');
  if (failed.length === 0) return { status: 'ok' };
  if (summary.fetched === 0) {
    return { status: 'failed', reason: `all ${failed.length} window(s) failed: ${failed[0]?.error ?? ''}` };
  }
  const again = failed.filter((w) => pendingBefore.some((p) => overlaps(w, p)));
  if (again.length > 0) {
    return {
      status: 'failed',
      reason: `${again.length} window(s) failed again after a previous run: ${again[0]?.error ?? ''}`,
    };
  }
  return { status: 'partial', reason: `${failed.length} window(s) failed and are pending for the next run` };
}

function overlaps(result: WindowResult, window: Window): boolean {
  return Date.parse(result.start) < window.end.getTime() && window.start.getTime() < Date.parse(result.end);
}

function summaryFields(summary: CollectSummary): Record<string, unknown> {
  return {
    windows: summary.windows.length,
    fetched: summary.fetched,
    failures: summary.failures,
    rowsRead: summary.rowsRead,
    rowsImported: summary.rowsImported,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
    watermark: summary.watermark,
    rawKeys: summary.windows.flatMap((w) => w.rawKeys),
    failedWindows: summary.windows
      .filter((w) => w.status === 'failed')
      .map((w) => ({ start: w.start, end: w.end, error: w.error })),
  };
}

/** The production wiring: the store, one Amplify client shared by the domains, a stdout logger. */
export function defaultCollectDeps(env: NodeJS.ProcessEnv = process.env): CollectHandlerDeps {
  const config = collectConfig(env);
  const amplify = new AmplifyClient({ logger: QUIET });
  return {
    config,
    store: new S3Store(config.store),
    sourceFor: (domain) => new AmplifyLogSource(config.appId, domain, amplify),
    logger: createLambdaLogger({ handler: 'collect' }),
  };
}

/** The Lambda entry point (`collectHandler.handler`), on an EventBridge `rate(1 hour)` rule. */
export const handler = scheduledHandler('collect', () => defaultCollectDeps(), collectOnSchedule);
