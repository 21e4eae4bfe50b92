import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { REAL_SAMPLES, runCli, tempDir } from '../helpers.js';
import { amplifyCsv, logLine } from '../ingest/logText.js';

let root: string;
let logs: string;

before(async () => {
  const dir = await tempDir();
  root = path.join(dir, 'store');
  logs = path.join(dir, 'logs.csv');
  await fs.writeFile(
    logs,
    amplifyCsv([
      logLine({ 'x-edge-request-id': 'a', 'cs-uri-stem': '/caf%C3%A9', 'sc-bytes': '10' }),
      logLine({ 'x-edge-request-id': 'b', 'cs-uri-stem': '/%3Cscript%3E%1B[2J', 'sc-bytes': '20' }),
      logLine({ 'x-edge-request-id': 'c', 'cs-uri-stem': '/x%2Cy', 'sc-bytes': '9007199254740993' }),
    ]),
  );
  const run = await runCli(['import', logs, '--data-dir', root]);
  assert.equal(run.code, 0, run.stderr);
});

describe('amplify-logs import', () => {
  test('returns one JSON object on stdout alone with --json', async () => {
    const run = await runCli(['import', logs, '--json', '--data-dir', root]);
    assert.equal(run.code, 0);
    const summary = JSON.parse(run.stdout);
    assert.deepEqual(
      {
        rowsImported: summary.rowsImported,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
        rowsRead: summary.rowsRead,
      },
      { rowsImported: 0, duplicates: 3, rejected: 0, rowsRead: 3 },
    );
    assert.equal(run.stderr, '', 'no progress lines with --json');
  });

  test('returns a readable summary and exit code 0 for the real samples folder', async () => {
    const run = await runCli(['import', REAL_SAMPLES, '--data-dir', path.join(await tempDir(), 's')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Imported 14 of 15 file\(s\) into /);
    assert.match(run.stdout, /30 lines read: 23 new requests, 7 already held \(duplicates\), 3 rejected/);
    assert.match(run.stdout, /1 file\(s\) skipped: not access logs/);
  });

  test('returns exit code 1 and one clear line when a named file is not a log', async () => {
    const run = await runCli([
      'import',
      path.join(REAL_SAMPLES, 'SOURCES.md'),
      '--data-dir',
      path.join(await tempDir(), 's'),
    ]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /amplify-logs: failed: .*SOURCES\.md has '#' header lines but no '#Fields:' line/,
    );
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace without --debug');
  });

  test('returns exit code 1 when a path does not exist', async () => {
    const run = await runCli([
      'import',
      '/nonexistent/logs.csv',
      '--data-dir',
      path.join(await tempDir(), 's'),
    ]);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr.trim(),
      'amplify-logs: cannot read /nonexistent/logs.csv: no such file or folder',
    );
  });

  test('returns exit code 1 and names the store when it cannot be written', async () => {
    const file = path.join(await tempDir(), 'a-file');
    await fs.writeFile(file, 'x');
    const run = await runCli(['import', logs, '--data-dir', path.join(file, 'store')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^amplify-logs: cannot write to the store .*a-file\/store/);
  });

  test('returns exit code 2 for bad usage', async () => {
    assert.equal((await runCli([])).code, 2);
    for (const args of [
      ['import'],
      ['nope'],
      ['import', logs, '--bogus'],
      ['query'],
      ['query', 'select 1', '--format', 'xml'],
    ]) {
      const run = await runCli([...args, '--data-dir', root]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    }
    const run = await runCli(['import', logs, '--bogus']);
    assert.match(run.stderr, /^amplify-logs: import: unknown option '--bogus'\n/);
  });
});

describe('amplify-logs query', () => {
  const SQL = 'SELECT request_id, uri, bytes FROM access_logs ORDER BY request_id';

  test('returns an array of row objects with --format json, large integers kept exact', async () => {
    const run = await runCli(['query', SQL, '--format', 'json', '--data-dir', root]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [
      { request_id: 'a', uri: '/café', bytes: 10 },
      { request_id: 'b', uri: '/<script>\u001b[2J', bytes: 20 },
      { request_id: 'c', uri: '/x,y', bytes: '9007199254740993' },
    ]);
  });

  test('returns RFC 4180 CSV with --format csv', async () => {
    const run = await runCli(['query', SQL, '--format', 'csv', '--data-dir', root]);
    assert.equal(
      run.stdout,
      'request_id,uri,bytes\r\na,/café,10\r\nb,/<script>\u001b[2J,20\r\nc,"/x,y",9007199254740993\r\n',
    );
  });

  test('returns an aligned table with control characters escaped', async () => {
    const run = await runCli(['query', SQL, '--data-dir', root]);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], `request_id  ${'uri'.padEnd(16)}  ${'bytes'.padStart(16)}`);
    assert.equal(lines[3], `b           /<script>\\x1b[2J  ${'20'.padStart(16)}`);
    assert.equal(run.stdout.includes('\u001b'), false, 'no raw escape character reaches the terminal');
    assert.match(run.stdout, /\(3 rows\)\n$/);
  });

  test('returns exit code 1 with the engine message for bad SQL', async () => {
    const run = await runCli(['query', 'SELECT * FROM no_such_table', '--data-dir', root]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^amplify-logs: the query failed: Catalog Error: Table with name no_such_table does not exist/,
    );
  });

  test('returns empty results, not an error, and a note on stderr, on a store that does not exist yet', async () => {
    const none = path.join(await tempDir(), 'none');
    const run = await runCli([
      'query',
      'SELECT count(*) AS n FROM access_logs_today',
      '--format',
      'json',
      '--data-dir',
      none,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [{ n: 0 }]);
    assert.equal(
      run.stderr,
      `amplify-logs: the store ${none} holds no requests yet. Fill it with import, collect or demo, or point --data-dir or --store at your store.\n`,
    );
    const report = await runCli(['report', '--format', 'json', '--data-dir', none]);
    assert.equal(report.code, 0, report.stderr);
    assert.equal(JSON.parse(report.stdout).totals.requests, 0);
    assert.match(report.stderr, /holds no requests yet/);
  });

  test('returns no note on stderr when the store holds requests', async () => {
    const store = path.join(await tempDir(), 'store');
    const imported = await runCli(['import', REAL_SAMPLES, '--data-dir', store]);
    assert.equal(imported.code, 0, imported.stderr);
    const run = await runCli(['query', 'SELECT count(*) AS n FROM access_logs', '--data-dir', store]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
  });
});
