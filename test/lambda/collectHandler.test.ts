import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type AmplifyEmulator, startAmplifyEmulator } from '../../src/demo/emulator/AmplifyEmulator.js';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { collectOnSchedule, defaultCollectDeps, judge } from '../../src/lambda/collectHandler.js';
import { createLambdaLogger } from '../../src/lambda/lambdaLogger.js';
import { scheduledHandler } from '../../src/lambda/scheduledHandler.js';
import { S3Store } from '../../src/store/S3Store.js';
import { type LocalS3, startLocalS3 } from '../support/s3Server.js';
import { bucketKeys, LogLines, lambdaContext, outcome, scheduledEvent } from './support.js';

const APP = 'd1a2b3c4d5e6f7';
const DOMAIN = 'example-shop.com';
const PREFIX = 'lambda-collect/';

describe('the collect handler', () => {
  let s3: LocalS3;
  let emulator: AmplifyEmulator;
  let clock = new Date('2026-11-25T05:00:41Z');
  const log = new LogLines();
  const metricLines = new LogLines();
  /** The production entry point, its dependencies built from the environment, its log lines kept. */
  const handler = scheduledHandler(
    'collect',
    () => ({
      ...defaultCollectDeps(process.env),
      logger: createLambdaLogger({ handler: 'collect', write: log.write }),
      metrics: metricLines.write,
    }),
    collectOnSchedule,
  );

  before(async () => {
    s3 = await startLocalS3(['logs']);
    emulator = await startAmplifyEmulator({ requestsPerHour: 120, lateShare: 0, now: () => clock });
    Object.assign(process.env, s3.env, {
      AWS_ENDPOINT_URL_AMPLIFY: emulator.endpoint,
      AMPLIFY_APP_ID: APP,
      AMPLIFY_DOMAIN: DOMAIN,
      S3_BUCKET_NAME: 'logs',
      S3_BUCKET_PREFIX: PREFIX,
    });
  });
  after(async () => {
    await emulator.stop();
    await s3.stop();
  });

  test('returns with the last finished hour in the bucket when the first scheduled run fires', async () => {
    const run = await outcome(() => handler(scheduledEvent('2026-11-25T05:00:41Z'), lambdaContext('first')));
    assert.equal(run.error, undefined, String(run.error));
    assert.equal(run.result?.domains[0]?.status, 'ok');
    assert.deepEqual(await bucketKeys(s3.client, 'logs', PREFIX), [
      `${PREFIX}curated/year=2026/month=11/day=25/access_logs.parquet`,
      `${PREFIX}raw/year=2026/month=11/day=25/access_logs-03-04.csv.gz`,
      `${PREFIX}state/collect/${APP}/${DOMAIN}.json`,
      `${PREFIX}state/year=2026/month=11/day=25/access_logs-03-04.csv.json`,
    ]);
    const state = JSON.parse(await objectText(`${PREFIX}state/collect/${APP}/${DOMAIN}.json`));
    assert.equal(state.watermark, '2026-11-25T04:00:00.000Z');
    assert.equal(state.lastRun, '2026-11-25T05:00:41.000Z');
    const lines = log.records;
    assert.deepEqual(
      lines.map((l) => [l.handler, l.level, l.step]),
      [
        ['collect', 'info', 'start'],
        ['collect', 'info', 'collected'],
        ['collect', 'info', 'metrics'],
        ['collect', 'info', 'done'],
      ],
    );
    assert.equal(lines[1]?.requestId, 'first');
    assert.equal(lines[1]?.rowsImported, emulator.expectedCount(hour('03'), hour('04')));
    const [metric, ...more] = metricLines.records;
    assert.deepEqual(more, [], 'one metric line: the one hour collected');
    assert.equal(metric?.hour, '2026-11-25T03:00Z');
    assert.equal(metric?.Requests, emulator.expectedCount(hour('03'), hour('04')));
  });

  test('returns with every hour since the watermark when a later run fires, each request once', async () => {
    clock = new Date('2026-11-25T09:00:37Z');
    const run = await outcome(() => handler(scheduledEvent('2026-11-25T09:00:37Z'), lambdaContext()));
    assert.equal(run.error, undefined, String(run.error));
    const raw = (await bucketKeys(s3.client, 'logs', `${PREFIX}raw/`)).map((k) => k.slice(PREFIX.length));
    assert.deepEqual(raw, [
      'raw/year=2026/month=11/day=25/access_logs-01-08.csv.gz',
      'raw/year=2026/month=11/day=25/access_logs-03-04.csv.gz',
    ]);
    const state = JSON.parse(await objectText(`${PREFIX}state/collect/${APP}/${DOMAIN}.json`));
    assert.equal(state.watermark, '2026-11-25T08:00:00.000Z');
    const store = new S3Store({ bucket: 'logs', prefix: PREFIX, client: s3.client });
    const engine = await DuckDBEngine.open({ store, now: () => clock });
    try {
      const result = await engine.query(
        'SELECT count(*) AS n, count(DISTINCT request_id) AS u FROM access_logs',
      );
      const expected = emulator.expectedCount(hour('01'), hour('08'));
      assert.deepEqual(result.rows, [[expected, expected]]);
    } finally {
      await engine.close();
    }
  });

  test('throws, so Lambda retries, when Amplify refuses the app', async () => {
    emulator.failNext('unauthorized', 1);
    clock = new Date('2026-11-25T10:00:12Z');
    log.clear();
    const run = await outcome(() => handler(scheduledEvent('2026-11-25T10:00:12Z'), lambdaContext()));
    assert.match(String(run.error), /collect failed for example-shop\.com/);
    const last = log.records.at(-1) ?? {};
    assert.equal(last.level, 'error');
    assert.equal(last.step, 'failed');
    assert.equal((last.error as { code?: string }).code, 'COLLECT');
  });

  test('throws a clear error when the event is not a scheduled event', async () => {
    const run = await outcome(() => handler({ Records: [] }, lambdaContext()));
    assert.match(String(run.error), /expected an EventBridge scheduled event, got detail-type nothing/);
  });

  test('returns a partial run as success and logs a warning when a window fails for the first time', async () => {
    const lines: string[] = [];
    const store = new S3Store({ bucket: 'logs', prefix: 'lambda-partial/', client: s3.client });
    const deps = {
      config: { store: { bucket: 'logs', prefix: 'lambda-partial/' }, appId: APP, domains: [DOMAIN] },
      store,
      sourceFor: () => ({
        logUrl: async () => {
          throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
        },
      }),
      logger: createLambdaLogger({ handler: 'collect', write: (line) => lines.push(line) }),
      metrics: () => {},
      collect: async () => ({
        windows: [
          {
            start: '2026-11-25T08:00:00.000Z',
            end: '2026-11-25T09:00:00.000Z',
            status: 'failed' as const,
            bytes: 0,
            rawKeys: [],
            error: 'throttled',
          },
          {
            start: '2026-11-25T09:00:00.000Z',
            end: '2026-11-25T10:00:00.000Z',
            status: 'collected' as const,
            bytes: 10,
            rawKeys: ['raw/x'],
          },
        ],
        fetched: 1,
        rowsRead: 3,
        rowsImported: 3,
        duplicates: 0,
        rejected: 0,
        failures: 1,
        watermark: '2026-11-25T10:00:00.000Z',
      }),
    };
    const result = await collectOnSchedule(scheduledEvent('2026-11-25T11:00:00Z'), deps);
    assert.equal(result.domains[0]?.status, 'partial');
    const warn = lines.map((l) => JSON.parse(l)).find((l) => l.level === 'warn');
    assert.equal(warn?.step, 'collected-partly');
    assert.deepEqual(warn?.failedWindows, [
      { start: '2026-11-25T08:00:00.000Z', end: '2026-11-25T09:00:00.000Z', error: 'throttled' },
    ]);
  });

  async function objectText(key: string): Promise<string> {
    const object = await s3.client.send(new GetObjectCommand({ Bucket: 'logs', Key: key }));
    return (await object.Body?.transformToString()) ?? '';
  }
});

describe('the collect failure policy', () => {
  const window = (start: string, end: string, failed: boolean) => ({
    start: `2026-11-25T${start}:00:00.000Z`,
    end: `2026-11-25T${end}:00:00.000Z`,
    status: failed ? ('failed' as const) : ('collected' as const),
    bytes: 0,
    rawKeys: [],
    ...(failed ? { error: 'boom' } : {}),
  });
  const summary = (windows: ReturnType<typeof window>[]) => ({
    windows,
    fetched: windows.filter((w) => w.status === 'collected').length,
    rowsRead: 0,
    rowsImported: 0,
    duplicates: 0,
    rejected: 0,
    failures: windows.filter((w) => w.status === 'failed').length,
    watermark: null,
  });
  const pending = (start: string, end: string) => ({ start: hour(start), end: hour(end) });

  test('returns ok when no window failed', () => {
    assert.deepEqual(judge(summary([window('01', '02', false)]), []), { status: 'ok' });
  });

  test('returns failed when every window failed', () => {
    assert.equal(judge(summary([window('01', '02', true)]), []).status, 'failed');
  });

  test('returns partial when a new window failed beside collected ones', () => {
    assert.equal(judge(summary([window('01', '02', true), window('02', '03', false)]), []).status, 'partial');
  });

  test('returns failed when a window that was pending before the run failed again', () => {
    const result = judge(summary([window('01', '02', true), window('02', '03', false)]), [
      pending('01', '02'),
    ]);
    assert.equal(result.status, 'failed');
    assert.match(result.reason ?? '', /failed again/);
  });
});

function hour(hh: string): Date {
  return new Date(`2026-11-25T${hh}:00:00Z`);
}
