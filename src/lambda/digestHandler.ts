import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { addDays, daysBetween, utcDay } from '../engine/periods.js';
import { buildReport } from '../report/buildReport.js';
import type { Report } from '../report/model.js';
import { digestMessage } from '../report/render/digestMessage.js';
import { renderEmailHtml } from '../report/render/renderEmailHtml.js';
import { renderJson } from '../report/render/renderJson.js';
import type { Day } from '../store/keys.js';
import { readPrivacy } from '../store/privacy.js';
import { S3Store } from '../store/S3Store.js';
import type { Store } from '../store/Store.js';
import { createS3Client, QUIET } from '../store/s3Client.js';
import { type DigestConfig, digestConfig } from './lambdaConfig.js';
import { createLambdaLogger, type LambdaLogger } from './lambdaLogger.js';
import {
  type EngineOpener,
  openDuckDB,
  REPORTS_PREFIX,
  type ReportWriter,
  s3ReportWriter,
} from './reportHandler.js';
import type { LambdaContext } from './scheduledEvent.js';
import { scheduledHandler, startRun } from './scheduledHandler.js';

/** Sends one raw MIME message; resolves to the id the mail service gave it. */
export type RawMailSender = (
  message: Buffer,
  envelope: { from: string; to: readonly string[] },
) => Promise<string>;

export interface DigestHandlerDeps {
  readonly config: DigestConfig;
  readonly store: Store;
  readonly write: ReportWriter;
  readonly send: RawMailSender;
  readonly logger: LambdaLogger;
  /** Default: DuckDB over local copies of the 14 days' curated files. */
  readonly openEngine?: EngineOpener;
}

export interface DigestResult {
  readonly from: Day;
  readonly to: Day;
  readonly keys: readonly string[];
  readonly messageId: string;
}

/** The keys of a week's digest, in the folder of its last day's daily report: `weekly.{html,json,eml}`. */
export function digestKeys(lastDay: Day): { html: string; json: string; eml: string } {
  const folder = `${REPORTS_PREFIX}${lastDay.slice(0, 4)}/${lastDay.slice(5, 7)}/${lastDay.slice(8, 10)}`;
  return { html: `${folder}/weekly.html`, json: `${folder}/weekly.json`, eml: `${folder}/weekly.eml` };
}

/**
 * The weekly digest: the report of the 7 full UTC days before the event's day, beside the 7 days
 * before them, as an e-mail (`digestMessage`: text and HTML, the JSON report attached) sent through
 * SES, and kept beside the daily reports (`digestKeys`: the mail's HTML, the JSON, the message).
 * The objects are written before the mail is sent, so a failed send loses nothing; the invocation
 * then fails, and Lambda's retry writes the same objects and sends again.
 */
export async function digestOnSchedule(
  event: unknown,
  deps: DigestHandlerDeps,
  context?: LambdaContext,
): Promise<DigestResult> {
  const { scheduled, now, logger } = startRun(event, deps.logger, context);
  const today = utcDay(now);
  const days = daysBetween(addDays(today, -14), addDays(today, -1));
  logger.info('start', { eventTime: scheduled.time, reads: [days[0], days.at(-1)] });
  const engine = await (deps.openEngine ?? openDuckDB)(deps.store, days, now);
  let report: Report;
  try {
    report = await buildReport(engine, {
      range: { kind: 'lastWeek' },
      compare: true,
      now: () => now,
      privacy: await readPrivacy(deps.store),
    });
  } finally {
    await engine.close();
  }
  const { config } = deps;
  const site = config.site ? { site: config.site } : {};
  const message = await digestMessage(report, { from: config.from, to: config.to, ...site });
  const keys = digestKeys(report.range.to);
  await deps.write(keys.html, renderEmailHtml(report, site), 'text/html; charset=utf-8');
  await deps.write(keys.json, renderJson(report), 'application/json; charset=utf-8');
  await deps.write(keys.eml, message.toString('utf8'), 'message/rfc822');
  logger.info('written', { location: deps.store.location, keys: Object.values(keys) });
  const messageId = await deps.send(message, { from: config.from, to: config.to });
  logger.info('sent', { messageId, to: config.to, requests: report.totals.requests, bytes: message.length });
  return { from: report.range.from, to: report.range.to, keys: Object.values(keys), messageId };
}

/** Sends through SES v2 `SendEmail` with the message as `Content.Raw`. */
export function sesRawSender(client: SESv2Client): RawMailSender {
  return async (message, envelope) => {
    const answer = await client.send(
      new SendEmailCommand({
        FromEmailAddress: envelope.from,
        Destination: { ToAddresses: [...envelope.to] },
        Content: { Raw: { Data: message } },
      }),
    );
    return answer.MessageId ?? '';
  };
}

/** The production wiring: the store, an S3 client for the objects, an SES v2 client, a stdout logger. */
export function defaultDigestDeps(env: NodeJS.ProcessEnv = process.env): DigestHandlerDeps {
  const config = digestConfig(env);
  const client = createS3Client(env);
  return {
    config,
    store: new S3Store({ ...config.store, client }),
    write: s3ReportWriter(client, config),
    send: sesRawSender(new SESv2Client({ logger: QUIET })),
    logger: createLambdaLogger({ handler: 'digest' }),
  };
}

/** The Lambda entry point (`digestHandler.handler`), on the weekly `cron(0 7 ? * MON *)` rule. */
export const handler = scheduledHandler('digest', () => defaultDigestDeps(), digestOnSchedule);
