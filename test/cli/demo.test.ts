import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { LocalStore } from '../../src/store/LocalStore.js';
import { queryRows, runCli, tempDir } from '../helpers.js';

const NOW = new Date('2026-11-25T12:00:00Z');

describe('amplify-logs demo', () => {
  test('returns a store holding every simulated request once, and a next step, in a fresh folder', async () => {
    const cwd = await tempDir();
    const run = await runCli(['demo', '--requests', '8000', '--days', '10'], { cwd });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Imported \d+ of \d+ file\(s\) into .*amplify-logs-data\n/);
    assert.match(run.stdout, /8,001 new requests/);
    assert.match(run.stdout, /Try next:\n {2}npx amplify-logs query "select uri/);
    // The day summaries are made, so the dashboard reads them from the start.
    const made = Number(/\n {2}(\d+) day summaries made/.exec(run.stdout)?.[1]);
    const summarized = await runCli(['summarize', '--json'], { cwd });
    assert.equal(summarized.code, 0, summarized.stderr);
    assert.deepEqual(JSON.parse(summarized.stdout).built, [], 'every day was summarised by the demo');
    assert.equal(JSON.parse(summarized.stdout).current.length, made);
    assert.ok(made >= 10);
    const store = new LocalStore(path.join(cwd, 'amplify-logs-data'));
    const [row] = await queryRows(
      store,
      'SELECT count(*) AS n, count(DISTINCT request_id) AS u, max(date) AS last FROM access_logs',
      NOW,
    );
    assert.deepEqual(row, { n: 8001, u: 8001, last: '2026-11-25' });
    const [today] = await queryRows(store, 'SELECT count(*) AS n FROM access_logs_today', NOW);
    assert.ok((today?.n as number) > 0, 'today has traffic');
    // Every suggested command on the demo's store works as printed (all but the import of your own files).
    const suggested = run.stdout
      .split('\n')
      .flatMap((line) => /^ {2}npx amplify-logs (query|report) (.*)$/.exec(line) ?? [])
      .filter((_, i) => i % 3 === 0)
      .map((line) =>
        [...line.replace(/^ {2}npx amplify-logs /, '').matchAll(/"([^"]*)"|(\S+)/g)].map(
          (m) => m[1] ?? m[2] ?? '',
        ),
      );
    assert.ok(
      suggested.some((args) => args[0] === 'report'),
      'a report is suggested',
    );
    for (const args of suggested) {
      const next = await runCli(args, { cwd });
      assert.equal(next.code, 0, `${args.join(' ')}: ${next.stderr}`);
    }
    assert.match(await fs.readFile(path.join(cwd, 'report.html'), 'utf8'), /^<!doctype html>/i);
  });

  test('returns the same store when run again (after a report made day summaries), keeps the downloads it imported, and refuses a folder holding other data', async () => {
    const cwd = await tempDir();
    const first = await runCli(['demo', '--requests', '3000', '--days', '5', '--json'], { cwd });
    const report = await runCli(['report', '--range', 'all', '--format', 'json'], { cwd });
    assert.equal(report.code, 0, report.stderr);
    assert.ok((await fs.readdir(path.join(cwd, 'amplify-logs-data'))).includes('summaries'));
    const shown = JSON.parse(first.stdout) as { downloads: string; files: { source: string }[] };
    for (const file of shown.files) await fs.access(file.source);
    const imported = await runCli(
      ['import', shown.downloads, '--json', '--data-dir', path.join(cwd, 'again')],
      {
        cwd,
      },
    );
    assert.equal(JSON.parse(imported.stdout).rowsImported, JSON.parse(first.stdout).rowsImported);
    const again = await runCli(['demo', '--requests', '3000', '--days', '5', '--json'], { cwd });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).rowsImported, JSON.parse(first.stdout).rowsImported);
    const other = path.join(cwd, 'mine');
    await fs.mkdir(path.join(other, 'curated'), { recursive: true });
    const refused = await runCli(['demo', '--data-dir', other], { cwd });
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /already holds data that the demo did not write, so the demo will not touch it/,
    );
    assert.deepEqual(await fs.readdir(other), ['curated']);
  });

  test('returns a store filled through the collect pipeline against the Amplify emulator with --collect', async () => {
    const cwd = await tempDir();
    const run = await runCli(['demo', '--collect', '--days', '3', '--requests', '3000', '--json'], { cwd });
    assert.equal(run.code, 0, run.stderr);
    const { backfill, hourly } = JSON.parse(run.stdout);
    assert.equal(backfill.failures, 0);
    assert.equal(backfill.windows.length, 4, 'three days back from 12:00 touch four UTC days');
    assert.equal(hourly.rowsImported, 0, 'the hourly run right after finds nothing new');
    const store = new LocalStore(path.join(cwd, 'amplify-logs-data'));
    const [row] = await queryRows(
      store,
      'SELECT count(*) AS n, count(DISTINCT request_id) AS u FROM access_logs',
      NOW,
    );
    assert.equal(row?.n, backfill.rowsImported);
    assert.equal(row?.u, row?.n);
    const raw = await store.list('raw/year=2026/month=11/day=24/');
    assert.deepEqual(
      raw.map((o) => o.key),
      ['raw/year=2026/month=11/day=24/access_logs-00-24.csv.gz'],
    );
  });
});
