import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../helpers.js';
import { logLine } from '../ingest/logText.js';
import { type AthenaSetup, importLines, putRawWindow, RESULTS, startAthena } from './support.js';

const NOW = new Date('2026-11-25T12:00:00Z');
const MB = 2 ** 20;

describe('amplify-logs athena (the built CLI)', () => {
  let athena: AthenaSetup;
  let env: Record<string, string>;
  before(async () => {
    athena = await startAthena({
      now: () => NOW,
      workGroups: [
        { name: 'primary' },
        { name: 'capped', outputLocation: RESULTS, bytesScannedCutoffPerQuery: 10 * MB },
      ],
    });
    env = {
      ...athena.emulator.env(),
      ...athena.s3.env,
      S3_OUTPUT_LOCATION: RESULTS,
      AMPLIFY_LOGS_ATHENA_POLL_MS: '5',
    };
    const lines = ['2026-11-23', '2026-11-24', '2026-11-25'].map((date) =>
      logLine({ date, 'x-edge-request-id': date }),
    );
    await importLines(athena.store, lines, NOW);
    await putRawWindow(athena.store, '2026-11-24', '10-11', [
      logLine({ date: '2026-11-24', 'x-edge-request-id': 'raw-1' }),
    ]);
  });
  after(() => athena.stop());

  const cli = (args: string[], extra: Record<string, string> = {}) =>
    runCli(['athena', ...args, '--store', 's3://logs/site'], { env: { ...env, ...extra } });

  test('returns the DDL for the configured names when asked for ddl', async () => {
    const run = await cli(['ddl'], { ATHENA_DATABASE: 'web', ATHENA_TABLE_NAME: 'shop' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^-- database web\nCREATE DATABASE IF NOT EXISTS `web`;\n/);
    assert.match(run.stdout, /CREATE EXTERNAL TABLE IF NOT EXISTS `web`\.`shop_curated`/);
    assert.match(
      run.stdout,
      /'storage\.location\.template' = 's3:\/\/logs\/site\/curated\/year=\$\{year\}\/month=\$\{month\}\/day=\$\{day\}\/'/,
    );
    assert.match(run.stdout, /CREATE OR REPLACE VIEW "web"\."shop_month" AS/);
    assert.equal(athena.emulator.calls.length, 0, 'ddl only prints');
  });

  test('returns a usage error when the store is a local folder', async () => {
    const run = await runCli(['athena', 'ddl', '--data-dir', '/tmp/x'], { env });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^amplify-logs: Athena reads S3, and the store is the folder \/tmp\/x\n/);
  });

  test('returns rows on stdout and the cost at the 10 MB minimum on stderr when a query runs after setup', async () => {
    const setup = await cli(['setup']);
    assert.equal(setup.code, 0, setup.stderr);
    assert.match(setup.stderr, /athena: view amplify_logs\.access_logs_month: done\n/);
    assert.match(setup.stderr, /athena: view amplify_logs\.access_logs_visits_week: done\n/);
    assert.match(setup.stderr, /athena: bot agents: 0 listed\n/);
    const run = await cli(['query', 'SELECT count(*) AS n FROM access_logs_yesterday', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [{ n: 1 }]);
    assert.match(
      run.stderr,
      /^athena: scanned \d+(\.\d+)? (B|KiB), billed 10\.0 MiB \(the 10 MB minimum\): \$0\.000048 at \$5\/TB \(1 query\)\n$/,
    );
  });

  test("exits 1 with Athena's state-change reason when the repair fails", async () => {
    athena.emulator.script({
      match: /^ALTER TABLE/,
      end: {
        state: 'FAILED',
        reason: 'FAILED: SemanticException Unable to fetch table access_logs_raw',
        category: 2,
      },
    });
    const run = await cli(['repair']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^amplify-logs: Athena query [0-9a-f-]+ failed \(user error\): FAILED: SemanticException Unable to fetch table access_logs_raw\n/m,
    );
  });

  test('exits 1 naming the cancellation when MSCK REPAIR TABLE is cancelled', async () => {
    athena.emulator.script({
      match: /^MSCK/,
      end: { state: 'CANCELLED', reason: 'Query cancelled by user' },
    });
    const run = await cli(['repair', '--msck']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /was cancelled: Query cancelled by user\n/);
  });

  test('returns the registered days when the repair succeeds', async () => {
    const run = await cli(['repair', '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).days, ['2026-11-24']);
    assert.match(run.stderr, /free \(DDL is not billed\)/);
  });

  test("exits 1 in plain words when the workgroup's scan cutoff stops a query", async () => {
    athena.emulator.script({ match: /^SELECT/, scannedBytes: 64 * MB });
    const run = await cli(['query', 'SELECT * FROM access_logs', '--workgroup', 'capped']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^amplify-logs: Athena stopped query [0-9a-f-]+: it would scan more data than the workgroup capped allows \(its limit of 10\.0 MiB per query; 10\.0 MiB scanned when it stopped\)\n {2}Narrow the query/,
    );
  });

  test('exits 1 pointing at S3_OUTPUT_LOCATION when there is nowhere to write results', async () => {
    const run = await cli(['query', 'SELECT 1'], { S3_OUTPUT_LOCATION: '' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Athena has nowhere to write query results: No output location provided/);
    assert.match(run.stderr, /Set S3_OUTPUT_LOCATION=s3:\/\/bucket\/athena-results\//);
  });

  test('returns what the compaction did when compacting a day', async () => {
    const run = await cli(['compact', '--day', '2026-11-24', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.deepEqual([summary.held, summary.added, summary.rows, summary.replaced], [1, 1, 2, true]);
    const count = await cli(['query', 'SELECT count(*) AS n FROM access_logs', '--format', 'csv']);
    assert.equal(count.stdout, 'n\r\n4\r\n');
  });

  test("returns the DuckDB report's JSON when the report runs with --engine athena", async () => {
    const report = ['report', '--range', 'week', '--format', 'json', '--store', 's3://logs/site'];
    const onAthena = await runCli([...report, '--engine', 'athena'], { env });
    assert.equal(onAthena.code, 0, onAthena.stderr);
    assert.match(onAthena.stderr, /^athena: scanned .*, billed .*: \$[\d.]+ at \$5\/TB \(\d+ queries\)\n$/);
    const onDuckDB = await runCli(report, { env });
    assert.equal(onDuckDB.code, 0, onDuckDB.stderr);
    assert.deepEqual(JSON.parse(onAthena.stdout), JSON.parse(onDuckDB.stdout));
    assert.ok(JSON.parse(onAthena.stdout).totals.requests > 0);
  });

  test('returns a usage error when a subcommand gets an option of another', async () => {
    const run = await cli(['query', 'SELECT 1', '--day', '2026-11-24']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /athena query does not take --day/);
  });
});
