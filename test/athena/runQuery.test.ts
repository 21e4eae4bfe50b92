import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { AthenaEngine } from '../../src/athena/AthenaEngine.js';
import { AthenaQueryError, AthenaRequestError, AthenaScanLimitError } from '../../src/athena/athenaErrors.js';
import { runQuery } from '../../src/athena/runQuery.js';
import { SCAN_CUTOFF_REASON } from '../support/athenaEmulator/AthenaEmulator.js';
import { type LocalS3, startLocalS3 } from '../support/s3Server.js';
import { type AthenaSetup, BUCKET, NO_WAIT, RESULTS, startAthena } from './support.js';

const MB = 2 ** 20;
const FIVE_ROWS =
  "SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, NULL), (4, 'd'), (5, 'e')) AS t(n, s) ORDER BY n";

describe('runQuery against the Athena emulator', () => {
  let s3: LocalS3;
  let athena: AthenaSetup;
  before(async () => {
    s3 = await startLocalS3([BUCKET]);
    athena = await startAthena({
      s3,
      schedule: { queuedPolls: 2, runningPolls: 2 },
      workGroups: [
        { name: 'primary' },
        { name: 'capped', outputLocation: RESULTS, bytesScannedCutoffPerQuery: 10 * MB },
      ],
    });
  });
  after(async () => {
    await athena.stop();
    await s3.stop();
  });
  beforeEach(() => athena.emulator.clearScripts());

  const run = (sql: string, extra: Parameters<typeof runQuery>[2] = {}) =>
    runQuery(athena.client, { sql, outputLocation: RESULTS }, { ...NO_WAIT, ...extra });

  test('returns the rows once the query went from QUEUED through RUNNING to SUCCEEDED', async () => {
    const states: string[] = [];
    const outcome = await run(FIVE_ROWS, { onState: (state) => states.push(state) });
    assert.deepEqual(states.slice(0, 4), ['QUEUED', 'QUEUED', 'RUNNING', 'RUNNING']);
    assert.equal(states.at(-1), 'SUCCEEDED');
    assert.equal(outcome.statementType, 'DML');
    assert.deepEqual(
      outcome.columns.map((c) => [c.name, c.type]),
      [
        ['n', 'integer'],
        ['s', 'varchar'],
      ],
    );
    assert.deepEqual(outcome.rows, [
      ['1', 'a'],
      ['2', 'b'],
      ['3', null],
      ['4', 'd'],
      ['5', 'e'],
    ]);
  });

  test('returns every row, the header dropped once, when the results span several pages', async () => {
    const outcome = await run(FIVE_ROWS, { pageSize: 2 });
    assert.deepEqual(
      outcome.rows.map((r) => r[0]),
      ['1', '2', '3', '4', '5'],
    );
    const pages = athena.emulator.calls.filter(
      (c) => c.operation === 'GetQueryResults' && c.queryExecutionId === outcome.queryExecutionId,
    );
    assert.equal(pages.length, 3, 'a header and five rows in pages of two');
  });

  test('returns DDL results whole when the statement is DDL (no header row)', async () => {
    const outcome = await run('CREATE DATABASE IF NOT EXISTS paged');
    assert.equal(outcome.statementType, 'DDL');
    assert.deepEqual(outcome.rows, []);
    assert.equal(outcome.cost.dollars, 0);
  });

  test("rejects with Athena's state-change reason and error category when the query fails", async () => {
    athena.emulator.script({
      end: { state: 'FAILED', reason: "TABLE_NOT_FOUND: line 1:15: Table 'x' does not exist", category: 2 },
    });
    await assert.rejects(run('SELECT * FROM x'), (error: unknown) => {
      assert.ok(error instanceof AthenaQueryError);
      assert.equal(error.execution.state, 'FAILED');
      assert.equal(error.execution.category, 2);
      assert.match(
        error.message,
        /failed \(user error\): TABLE_NOT_FOUND: line 1:15: Table 'x' does not exist$/,
      );
      return true;
    });
  });

  test('rejects with a FAILED error when the SQL itself fails on the emulator', async () => {
    await assert.rejects(
      run('SELECT no_such_column FROM (VALUES (1)) AS t(n)'),
      /failed \(user error\): COLUMN_NOT_FOUND/,
    );
  });

  test('rejects saying the query was cancelled when Athena cancels it', async () => {
    athena.emulator.script({ end: { state: 'CANCELLED', reason: 'Query cancelled by user' } });
    await assert.rejects(run('SELECT 1'), (error: unknown) => {
      assert.ok(error instanceof AthenaQueryError && !(error instanceof AthenaScanLimitError));
      assert.match(error.message, /was cancelled.*: Query cancelled by user$/);
      return true;
    });
  });

  test("rejects in plain words when the workgroup's scan cutoff stops the query", async () => {
    athena.emulator.script({ scannedBytes: 50 * MB });
    await assert.rejects(
      runQuery(athena.client, { sql: 'SELECT 1', workGroup: 'capped' }, NO_WAIT),
      (error: unknown) => {
        assert.ok(error instanceof AthenaScanLimitError);
        assert.equal(error.execution.reason, SCAN_CUTOFF_REASON);
        assert.equal(error.limitBytes, 10 * MB);
        assert.match(
          error.message,
          /would scan more data than the workgroup capped allows \(its limit of 10\.0 MiB per query; 10\.0 MiB scanned when it stopped\)/,
        );
        assert.match(error.hint ?? '', /Narrow the query to fewer days/);
        return true;
      },
    );
  });

  test('returns after retrying with the same request token when StartQueryExecution is throttled', async () => {
    const before = athena.emulator.executions.length;
    athena.emulator.failNext('TooManyRequestsException', { operation: 'StartQueryExecution', times: 2 });
    const delays: number[] = [];
    const outcome = await run('SELECT 42', {
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 1,
    });
    assert.deepEqual(outcome.rows, [['42']]);
    assert.deepEqual(delays.slice(0, 2), [500, 1000], 'exponential backoff');
    assert.equal(athena.emulator.executions.length, before + 1, 'one query started');
  });

  test('returns after retrying when polling is throttled', async () => {
    athena.emulator.failNext('ThrottlingException', { operation: 'GetQueryExecution', times: 3 });
    assert.deepEqual((await run('SELECT 7')).rows, [['7']]);
  });

  test('rejects naming the throttling when it outlasts the retries', async () => {
    athena.emulator.failNext('TooManyRequestsException', { operation: 'StartQueryExecution', times: 5 });
    await assert.rejects(run('SELECT 1', { throttleRetries: 2 }), (error: unknown) => {
      assert.ok(error instanceof AthenaRequestError);
      assert.equal(error.errorName, 'TooManyRequestsException');
      assert.match(
        error.message,
        /^Athena StartQueryExecution failed: TooManyRequestsException: Rate exceeded$/,
      );
      return true;
    });
    athena.emulator.clearScripts();
  });

  test('rejects with the InvalidRequestException when Athena refuses the request', async () => {
    athena.emulator.failNext('InvalidRequestException', {
      operation: 'StartQueryExecution',
      message: 'bad workgroup state',
    });
    await assert.rejects(
      run('SELECT 1'),
      /^AthenaRequestError: Athena StartQueryExecution failed: InvalidRequestException: bad workgroup state$/,
    );
  });

  test('rejects pointing at S3_OUTPUT_LOCATION when neither the request nor the workgroup has a result location', async () => {
    await assert.rejects(runQuery(athena.client, { sql: 'SELECT 1' }, NO_WAIT), (error: unknown) => {
      assert.ok(error instanceof AthenaRequestError);
      assert.match(error.message, /^Athena has nowhere to write query results: No output location provided/);
      assert.match(error.hint ?? '', /S3_OUTPUT_LOCATION/);
      return true;
    });
  });

  test("returns rows written to the workgroup's result location when the request names none", async () => {
    const outcome = await runQuery(athena.client, { sql: 'SELECT 1', workGroup: 'capped' }, NO_WAIT);
    assert.deepEqual(outcome.rows, [['1']]);
    const execution = athena.emulator.executions.find((e) => e.id === outcome.queryExecutionId);
    assert.equal(execution?.outputLocation, `${RESULTS}${outcome.queryExecutionId}.csv`);
  });

  test('returns the cost at the 10 MB minimum when a query scans less', async () => {
    athena.emulator.script({ scannedBytes: 1234 });
    const { cost } = await run('SELECT 1');
    assert.equal(cost.scannedBytes, 1234);
    assert.equal(cost.billedBytes, 10 * MB);
    assert.equal(cost.dollars, (10 * MB * 5) / 2 ** 40);
  });

  test('rejects after stopping the query when the caller aborts', async () => {
    const stop = new AbortController();
    athena.emulator.script({ schedule: { queuedPolls: 1000, runningPolls: 0 } });
    const running = run('SELECT 1', { signal: stop.signal, onState: () => stop.abort() });
    await assert.rejects(running, /was stopped on request/);
    const last = athena.emulator.executions.at(-1);
    assert.equal(last?.finalStatus?.state, 'CANCELLED');
    assert.ok(athena.emulator.calls.some((c) => c.operation === 'StopQueryExecution'));
  });

  test("returns JSON-safe cells like the DuckDB engine's when Athena's text is typed", async () => {
    await run(`CREATE DATABASE IF NOT EXISTS ${athena.config.database}`);
    const engine = new AthenaEngine({ config: athena.config, client: athena.client, run: NO_WAIT });
    const result = await engine.query(
      "SELECT CAST(9007199254740993 AS bigint) AS big, 42 AS n, true AS yes, CAST(1.25 AS double) AS d, CAST(0.302 AS real) AS r, DATE '2026-01-02' AS day, TIMESTAMP '2026-01-02 03:04:05.600' AS ts, CAST(NULL AS varchar) AS nothing",
    );
    assert.deepEqual(result.rows, [
      ['9007199254740993', 42, true, 1.25, 0.302, '2026-01-02', '2026-01-02 03:04:05.6', null],
    ]);
    assert.deepEqual(
      result.columns.map((c) => c.type),
      ['BIGINT', 'INTEGER', 'BOOLEAN', 'DOUBLE', 'FLOAT', 'DATE', 'TIMESTAMP', 'VARCHAR'],
    );
  });

  test('returns bound parameters as literals when the engine queries with $names', async () => {
    await run(`CREATE DATABASE IF NOT EXISTS ${athena.config.database}`);
    const engine = new AthenaEngine({ config: athena.config, client: athena.client, run: NO_WAIT });
    const tricky = "it's -- not a comment'; DROP TABLE x; --";
    const result = await engine.query('SELECT $text AS text, $n AS n, length($long) AS long', {
      text: tricky,
      n: 12,
      long: 'x'.repeat(3000),
    });
    assert.deepEqual(result.rows, [[tricky, 12, 3000]]);
    const sent = athena.emulator.executions.at(-1);
    assert.equal(sent?.sql, 'SELECT ? AS text, ? AS n, length(concat(?, ?, ?)) AS long');
    assert.ok(sent?.parameters.every((p) => p.length <= 1024));
    assert.equal(engine.spent.queries, 1);
  });
});
