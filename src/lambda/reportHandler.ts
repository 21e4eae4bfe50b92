import * as os from 'node:os';
import * as path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DuckDBEngine } from '../engine/DuckDBEngine.js';
import { addDays, utcDay } from '../engine/periods.js';
import type { QueryEngine } from '../engine/QueryEngine.js';
import { buildReport } from '../report/buildReport.js';
import type { Report } from '../report/model.js';
import { renderHtml } from '../report/render/renderHtml.js';
import { renderJson } from '../report/render/renderJson.js';
import type { Day } from '../store/keys.js';
import { readPrivacy } from '../store/privacy.js';
import { S3Store } from '../store/S3Store.js';
import type { Store } from '../store/Store.js';
import { createS3Client } from '../store/s3Client.js';
import { AppError } from '../util/errors.js';
import { DayScopedStore } from './dayScopedStore.js';
import { type ReportConfig, reportConfig } from './lambdaConfig.js';
import { createLambdaLogger, type LambdaLogger } from './lambdaLogger.js';
import type { LambdaContext } from './scheduledEvent.js';
import { scheduledHandler, startRun } from './scheduledHandler.js';

/** Where report objects go, below the store's prefix: `reports/YYYY/MM/DD/report.{html,json}`. */
export const REPORTS_PREFIX = 'reports/';

/** Writes one object of the store's bucket, with its content type. */
export type ReportWriter = (key: string, body: string, contentType: string) => Promise<void>;

/** Opens the engine a report reads, over a store that shows only `days`. */
export type EngineOpener = (store: Store, days: readonly Day[], now: Date) => Promise<QueryEngine>;

export interface ReportHandlerDeps {
  readonly config: ReportConfig;
  readonly store: Store;
  readonly write: ReportWriter;
  readonly logger: LambdaLogger;
  /** Default: DuckDB over local copies of the days' curated files. */
  readonly openEngine?: EngineOpener;
}

export interface ReportResult {
  readonly day: Day;
  readonly keys: readonly string[];
  readonly requests: number;
}

/** The keys of a day's report objects, relative to the store's prefix. */
export function reportKeys(day: Day): { html: string; json: string } {
  const folder = `${REPORTS_PREFIX}${day.slice(0, 4)}/${day.slice(5, 7)}/${day.slice(8, 10)}`;
  return { html: `${folder}/report.html`, json: `${folder}/report.json` };
}

/**
 * The daily report: yesterday (UTC, relative to the event's `time`, so a retry writes the same
 * report) beside the day before, built by the report model and written as self-contained HTML and
 * as JSON to `reports/YYYY/MM/DD/`. Writing replaces a previous report of the day. Throws, failing
 * the invocation, when a query or a write fails; an empty day is a report of zeros, not a failure.
 */
export async function reportOnSchedule(
  event: unknown,
  deps: ReportHandlerDeps,
  context?: LambdaContext,
): Promise<ReportResult> {
  const { scheduled, now, logger } = startRun(event, deps.logger, context);
  const day = addDays(utcDay(now), -1);
  const days = [addDays(day, -1), day];
  logger.info('start', { eventTime: scheduled.time, day, reads: days });
  const engine = await (deps.openEngine ?? openDuckDB)(deps.store, days, now);
  let report: Report;
  try {
    report = await buildReport(engine, {
      range: { kind: 'period', name: 'yesterday' },
      compare: true,
      now: () => now,
      privacy: await readPrivacy(deps.store),
    });
  } finally {
    await engine.close();
  }
  if (report.range.from !== day) {
    throw new AppError('REPORT', `the report covers ${report.range.from}, not ${day}`);
  }
  logger.info('built', { day, requests: report.totals.requests, pageviews: report.totals.pageviews });
  const keys = reportKeys(day);
  await deps.write(keys.html, renderHtml(report), 'text/html; charset=utf-8');
  await deps.write(keys.json, renderJson(report), 'application/json; charset=utf-8');
  logger.info('written', { location: deps.store.location, keys: [keys.html, keys.json] });
  return { day, keys: [keys.html, keys.json], requests: report.totals.requests };
}

/** DuckDB over local copies of `days`' curated files only (the report and digest functions' default). */
export const openDuckDB: EngineOpener = (store, days, now) =>
  DuckDBEngine.open({
    store: new DayScopedStore(store, days),
    now: () => now,
    limits: { tempDirectory: path.join(os.tmpdir(), 'amplify-logs-duckdb') },
  });

/** Puts report objects in the store's bucket, below its prefix, with a content type. */
export function s3ReportWriter(client: S3Client, config: ReportConfig): ReportWriter {
  return async (key, body, contentType) => {
    await client.send(
      new PutObjectCommand({
        Bucket: config.store.bucket,
        Key: `${config.store.prefix}${key}`,
        Body: body,
        ContentType: contentType,
      }),
    );
  };
}

/** The production wiring: the store, an S3 client for the report objects, a stdout logger. */
export function defaultReportDeps(env: NodeJS.ProcessEnv = process.env): ReportHandlerDeps {
  const config = reportConfig(env);
  const client = createS3Client(env);
  return {
    config,
    store: new S3Store({ ...config.store, client }),
    write: s3ReportWriter(client, config),
    logger: createLambdaLogger({ handler: 'report' }),
  };
}

/** The Lambda entry point (`reportHandler.handler`), on a daily EventBridge rule. */
export const handler = scheduledHandler('report', () => defaultReportDeps(), reportOnSchedule);
