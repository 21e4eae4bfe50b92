import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { type AmplifyEmulator, startAmplifyEmulator } from '../../src/demo/emulator/AmplifyEmulator.js';
import { collectOnSchedule, defaultCollectDeps } from '../../src/lambda/collectHandler.js';
import { createLambdaLogger } from '../../src/lambda/lambdaLogger.js';
import { defaultReportDeps, reportKeys, reportOnSchedule } from '../../src/lambda/reportHandler.js';
import { scheduledHandler } from '../../src/lambda/scheduledHandler.js';
import { type LocalS3, startLocalS3 } from '../support/s3Server.js';
import { bucketKeys, LogLines, lambdaContext, outcome, scheduledEvent } from './support.js';

const PREFIX = 'lambda-report/';

describe('the report handler', () => {
  let s3: LocalS3;
  let amplify: AmplifyEmulator;
  let clock = new Date('2026-11-25T01:00:20Z');
  const log = new LogLines();
  /** The production entry point, its dependencies built from the environment, its log lines kept. */
  const handler = scheduledHandler(
    'report',
    () => ({
      ...defaultReportDeps(process.env),
      logger: createLambdaLogger({ handler: 'report', write: log.write }),
    }),
    reportOnSchedule,
  );

  before(async () => {
    s3 = await startLocalS3(['logs']);
    amplify = await startAmplifyEmulator({ requestsPerHour: 90, lateShare: 0, now: () => clock });
    Object.assign(process.env, s3.env, {
      AWS_ENDPOINT_URL_AMPLIFY: amplify.endpoint,
      AMPLIFY_APP_ID: 'd1a2b3c4d5e6f7',
      AMPLIFY_DOMAIN: 'example-shop.com',
      S3_BUCKET_NAME: 'logs',
      S3_BUCKET_PREFIX: PREFIX,
    });
    // The hourly collect ran: the first run takes 2026-11-24T23, the next one everything to 2026-11-26T01.
    const collect = (time: string) =>
      collectOnSchedule(scheduledEvent(time), {
        ...defaultCollectDeps(process.env),
        logger: createLambdaLogger({ handler: 'collect', write: () => {} }),
      });
    await collect('2026-11-25T01:00:20Z');
    clock = new Date('2026-11-26T02:00:20Z');
    await collect('2026-11-26T02:00:20Z');
    // A day the report does not show, whose file is not Parquet: reading it would fail the report.
    await s3.client.send(
      new PutObjectCommand({
        Bucket: 'logs',
        Key: `${PREFIX}curated/year=2026/month=10/day=01/access_logs.parquet`,
        Body: 'not parquet',
      }),
    );
  });
  after(async () => {
    await amplify.stop();
    await s3.stop();
  });

  test("returns with yesterday's HTML and JSON reports in the bucket when the daily rule fires", async () => {
    clock = new Date('2026-11-26T05:00:07Z');
    const run = await outcome(() =>
      handler(scheduledEvent('2026-11-26T05:00:07Z', 'AmplifyLogs-Report'), lambdaContext()),
    );
    assert.equal(run.error, undefined, String(run.error));
    assert.deepEqual(await bucketKeys(s3.client, 'logs', `${PREFIX}reports/`), [
      `${PREFIX}reports/2026/11/25/report.html`,
      `${PREFIX}reports/2026/11/25/report.json`,
    ]);
    const json = JSON.parse(await objectText(`${PREFIX}reports/2026/11/25/report.json`));
    assert.deepEqual(
      [json.range.from, json.range.to, json.range.name],
      ['2026-11-25', '2026-11-25', 'yesterday'],
    );
    const expected = amplify.expectedCount(
      new Date('2026-11-25T00:00:00Z'),
      new Date('2026-11-26T00:00:00Z'),
    );
    assert.equal(json.totals.requests, expected);
    assert.equal(json.comparison.range.from, '2026-11-24');
    assert.ok(
      json.comparison.totals.requests > 0,
      'the day before is compared (its last hour was collected)',
    );
    const html = await objectText(`${PREFIX}reports/2026/11/25/report.html`);
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<title>Traffic report 2026-11-25<\/title>/);
    const head = await s3.client.send(
      new HeadObjectCommand({ Bucket: 'logs', Key: `${PREFIX}reports/2026/11/25/report.html` }),
    );
    assert.equal(head.ContentType, 'text/html; charset=utf-8');
    assert.deepEqual(
      log.records.map((r) => r.step),
      ['start', 'built', 'written'],
    );
  });

  test('returns the same report when the invocation is retried later', async () => {
    clock = new Date('2026-11-26T07:13:00Z');
    const before = JSON.parse(await objectText(`${PREFIX}reports/2026/11/25/report.json`));
    const run = await outcome(() => handler(scheduledEvent('2026-11-26T05:00:07Z'), lambdaContext('retry')));
    assert.equal(run.error, undefined, String(run.error));
    const again = JSON.parse(await objectText(`${PREFIX}reports/2026/11/25/report.json`));
    assert.deepEqual(again.totals, before.totals);
    assert.deepEqual(again.range, before.range);
  });

  test('returns the report keys of a day below reports/', () => {
    assert.deepEqual(reportKeys('2026-01-09'), {
      html: 'reports/2026/01/09/report.html',
      json: 'reports/2026/01/09/report.json',
    });
  });

  async function objectText(key: string): Promise<string> {
    const object = await s3.client.send(new GetObjectCommand({ Bucket: 'logs', Key: key }));
    return (await object.Body?.transformToString()) ?? '';
  }
});
