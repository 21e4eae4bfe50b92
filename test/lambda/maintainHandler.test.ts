import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AthenaClient } from '@aws-sdk/client-athena';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { resolveAthenaConfig } from '../../src/athena/athenaConfig.js';
import { runQuery } from '../../src/athena/runQuery.js';
import { type AmplifyEmulator, startAmplifyEmulator } from '../../src/demo/emulator/AmplifyEmulator.js';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { setupStatements } from '../../src/lake/ddl.js';
import { athenaMaintenance } from '../../src/lambda/athenaMaintenance.js';
import { collectOnSchedule, defaultCollectDeps } from '../../src/lambda/collectHandler.js';
import { maintainConfig } from '../../src/lambda/lambdaConfig.js';
import { createLambdaLogger } from '../../src/lambda/lambdaLogger.js';
import { maintainOnSchedule } from '../../src/lambda/maintainHandler.js';
import { scheduledHandler } from '../../src/lambda/scheduledHandler.js';
import { S3Store } from '../../src/store/S3Store.js';
import { type AthenaEmulator, startAthenaEmulator } from '../support/athenaEmulator/AthenaEmulator.js';
import { type LocalS3, startLocalS3 } from '../support/s3Server.js';
import { bucketKeys, LogLines, lambdaContext, outcome, scheduledEvent } from './support.js';

const PREFIX = 'lambda-maintain/';
const WORKGROUP = 'amplify-logs';
const RESULTS = 's3://results/athena-results/';
/** Polls that wait at most 20 ms: the emulator's schedule counts polls, not time. */
const NO_WAIT = {
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 20))),
  poll: { firstMs: 1, factor: 2, maxMs: 20 },
};

describe('the maintain handler', () => {
  let s3: LocalS3;
  let amplify: AmplifyEmulator;
  let athena: AthenaEmulator;
  let athenaClient: AthenaClient;
  let clock = new Date('2026-11-25T05:00:41Z');
  const log = new LogLines();
  /** The stack's privacy parameters, as the last test deploys them. */
  let privacyEnv: Record<string, string> = {};
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    ...privacyEnv,
    ...s3.env,
    AWS_ENDPOINT_URL_AMPLIFY: amplify.endpoint,
    AWS_ENDPOINT_URL_ATHENA: athena.endpoint,
    AMPLIFY_APP_ID: 'd1a2b3c4d5e6f7',
    AMPLIFY_DOMAIN: 'example-shop.com',
    S3_BUCKET_NAME: 'logs',
    S3_BUCKET_PREFIX: PREFIX,
    ATHENA_DATABASE: 'amplify_logs',
    ATHENA_TABLE_NAME: 'access_logs',
    ATHENA_WORKGROUP: WORKGROUP,
    S3_OUTPUT_LOCATION: RESULTS,
  });
  /** The production entry point with the production wiring, but instant polls and kept log lines. */
  const handler = scheduledHandler(
    'maintain',
    () => {
      const config = maintainConfig(env());
      const store = new S3Store({ ...config.store, client: s3.client });
      return {
        config,
        maintenance: athenaMaintenance({ config, client: athenaClient, store, run: NO_WAIT }),
        logger: createLambdaLogger({ handler: 'maintain', write: log.write }),
        store,
      };
    },
    maintainOnSchedule,
  );

  before(async () => {
    s3 = await startLocalS3(['logs', 'results']);
    amplify = await startAmplifyEmulator({ requestsPerHour: 60, lateShare: 0, now: () => clock });
    athena = await startAthenaEmulator({
      s3: s3.client,
      now: () => clock,
      workGroups: [
        { name: WORKGROUP, outputLocation: RESULTS, enforce: true, bytesScannedCutoffPerQuery: 10e9 },
      ],
    });
    athenaClient = new AthenaClient({ ...athena.clientConfig(), maxAttempts: 1 });
    Object.assign(process.env, env());
    // What the stack's Glue resources hold: the database and the three tables (no views yet).
    const config = resolveAthenaConfig({ workgroup: WORKGROUP }, env(), { bucket: 'logs', prefix: PREFIX });
    for (const statement of setupStatements(config).filter((s) => !s.what.startsWith('view'))) {
      await runQuery(athenaClient, { sql: statement.sql, workGroup: WORKGROUP }, NO_WAIT);
    }
    // Two hourly runs of the collect function, then the curated day 2026-11-25 is lost: only raw is left.
    const collect = (time: string) =>
      collectOnSchedule(scheduledEvent(time), {
        ...defaultCollectDeps(env()),
        logger: createLambdaLogger({ handler: 'collect', write: () => {} }),
      });
    await collect('2026-11-25T05:00:41Z');
    clock = new Date('2026-11-26T03:00:12Z');
    await collect('2026-11-26T03:00:12Z');
    await s3.client.send(
      new DeleteObjectCommand({
        Bucket: 'logs',
        Key: `${PREFIX}curated/year=2026/month=11/day=25/access_logs.parquet`,
      }),
    );
  });
  after(async () => {
    athenaClient.destroy();
    await athena.stop();
    await amplify.stop();
    await s3.stop();
  });

  test('returns with the views replaced, the raw days registered and yesterday compacted from raw', async () => {
    clock = new Date('2026-11-26T03:30:05Z');
    const run = await outcome(() =>
      handler(scheduledEvent('2026-11-26T03:30:05Z', 'AmplifyLogs-Maintain'), lambdaContext()),
    );
    assert.equal(run.error, undefined, String(run.error));
    assert.deepEqual(run.result?.compacted, ['2026-11-24', '2026-11-25']);
    const steps = log.records.map((r) => [r.level, r.step, r.day ?? '']);
    assert.deepEqual(steps, [
      ['info', 'start', ''],
      ['info', 'views', ''],
      ['info', 'bots', ''],
      ['info', 'repair', ''],
      ['info', 'compact', '2026-11-24'],
      ['info', 'compact', '2026-11-25'],
      ['info', 'prune', ''],
      ['info', 'done', ''],
    ]);
    const compacted = log.records.find((r) => r.step === 'compact' && r.day === '2026-11-25');
    const expected = amplify.expectedCount(
      new Date('2026-11-25T01:00:00Z'),
      new Date('2026-11-26T00:00:00Z'),
    );
    assert.equal(compacted?.rows, expected);
    assert.equal(compacted?.replaced, true);
    assert.equal(log.records.find((r) => r.step === 'repair')?.days, 2);
    const views = athena.catalog
      .entries()
      .views.map((v) => JSON.stringify(v))
      .join('\n');
    for (const view of [
      'access_logs_today',
      'access_logs_yesterday',
      'access_logs_week',
      'access_logs_month',
      'access_logs_visits',
      'access_logs_visits_week',
    ]) {
      assert.match(views, new RegExp(view));
    }
    assert.deepEqual(await bucketKeys(s3.client, 'logs', `${PREFIX}state/bot-agents/`), [
      `${PREFIX}state/bot-agents/bot_agents.parquet`,
    ]);
    const curated = await bucketKeys(s3.client, 'logs', `${PREFIX}curated/`);
    assert.deepEqual(curated, [
      `${PREFIX}curated/year=2026/month=11/day=25/access_logs.parquet`,
      `${PREFIX}curated/year=2026/month=11/day=26/access_logs.parquet`,
    ]);
    assert.deepEqual(await bucketKeys(s3.client, 'logs', `${PREFIX}tmp/`), [], 'no scratch file left');
    const store = new S3Store({ bucket: 'logs', prefix: PREFIX, client: s3.client });
    const engine = await DuckDBEngine.open({ store, now: () => clock });
    try {
      const result = await engine.query(
        "SELECT count(*), count(DISTINCT request_id) FROM access_logs WHERE date = DATE '2026-11-25'",
      );
      assert.deepEqual(result.rows, [[expected, expected]]);
    } finally {
      await engine.close();
    }
  });

  test('throws with Athena’s reason when a compaction query fails, after compacting the other day', async () => {
    log.clear();
    athena.script({
      match: /CREATE TABLE .*_compact_20261125/s,
      end: { state: 'FAILED', reason: 'HIVE_BAD_DATA: malformed Parquet file' },
    });
    await s3.client.send(
      new DeleteObjectCommand({
        Bucket: 'logs',
        Key: `${PREFIX}curated/year=2026/month=11/day=25/access_logs.parquet`,
      }),
    );
    const run = await outcome(() => handler(scheduledEvent('2026-11-26T03:30:05Z'), lambdaContext('retry')));
    assert.match(
      String(run.error),
      /maintenance failed: compacting 2026-11-25: .*HIVE_BAD_DATA: malformed Parquet file/,
    );
    const failed = log.records.find((r) => r.level === 'error' && r.step === 'compact');
    assert.equal(failed?.day, '2026-11-25');
    assert.match(JSON.stringify(failed?.error), /HIVE_BAD_DATA/);
    assert.equal(log.records.at(-1)?.step, 'failed');
  });

  test('throws before compacting when the raw partitions cannot be registered', async () => {
    log.clear();
    athena.script({
      match: /ALTER TABLE/,
      end: { state: 'FAILED', reason: 'AccessDeniedException: glue:BatchCreatePartition' },
    });
    const run = await outcome(() => handler(scheduledEvent('2026-11-26T03:30:05Z'), lambdaContext()));
    assert.match(String(run.error), /glue:BatchCreatePartition/);
    assert.equal(log.records.filter((r) => r.step === 'compact').length, 0);
  });

  test('returns the store anonymised and pruned as the privacy parameters of the deployment say', async () => {
    log.clear();
    privacyEnv = { PRIVACY_ANONYMIZE_IP: '8', PRIVACY_RAW_DAYS: '3', PRIVACY_KEEP_MONTHS: '25' };
    const store = new S3Store({ bucket: 'logs', prefix: PREFIX, client: s3.client });
    const countsBefore = await dayCounts(store);
    clock = new Date('2026-11-26T04:00:09Z');
    await collectOnSchedule(scheduledEvent('2026-11-26T04:00:09Z'), {
      ...defaultCollectDeps(env()),
      logger: createLambdaLogger({ handler: 'collect', write: () => {} }),
    });
    const settings = JSON.parse((await store.getBytes('state/privacy.json'))?.toString() ?? '{}');
    assert.deepEqual(
      [settings.anonymizeIp, settings.rawDays, settings.keepMonths, settings.rewritePending],
      [8, 3, 25, false],
    );
    const countsAfter = await dayCounts(store);
    assert.ok(countsBefore.size > 0);
    for (const [day, n] of countsBefore) {
      assert.ok((countsAfter.get(day) ?? 0) >= n, `the rewrite lost no request of ${day}`);
    }
    assert.equal(await clearRows(store), 0, 'every row anonymised, the ones collected after the rewrite too');

    clock = new Date('2026-12-01T03:30:05Z');
    const run = await outcome(() => handler(scheduledEvent('2026-12-01T03:30:05Z'), lambdaContext()));
    assert.equal(run.error, undefined, String(run.error));
    assert.ok((run.result?.pruned ?? 0) > 0);
    assert.deepEqual(
      await bucketKeys(s3.client, 'logs', `${PREFIX}raw/`),
      [],
      'raw days older than 3 days are gone',
    );
    assert.deepEqual(await dayCounts(store), countsAfter, 'the curated days are kept (25 months)');
    assert.deepEqual(await bucketKeys(s3.client, 'logs', `${PREFIX}state/privacy/salts/`), []);
  });
});

async function dayCounts(store: S3Store): Promise<Map<string, number>> {
  const engine = await DuckDBEngine.open({ store, now: () => new Date('2026-12-01T00:00:00Z') });
  try {
    const result = await engine.query(
      'SELECT CAST("date" AS VARCHAR), count(*) FROM access_logs GROUP BY ALL ORDER BY 1',
    );
    return new Map(result.rows.map(([day, n]) => [String(day), Number(n)]));
  } finally {
    await engine.close();
  }
}

async function clearRows(store: S3Store): Promise<number> {
  const engine = await DuckDBEngine.open({ store, now: () => new Date('2026-12-01T00:00:00Z') });
  try {
    const result = await engine.query(
      "SELECT count(*) FROM access_logs WHERE visitor_key IS NULL OR NOT (request_ip LIKE '%.0' OR request_ip LIKE '%::')",
    );
    return Number(result.rows[0]?.[0] ?? -1);
  } finally {
    await engine.close();
  }
}
