import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { addMonths, periodOf } from '../../src/engine/periods.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import type { LocalStore } from '../../src/store/LocalStore.js';
import { freshStore, queryRows, runCli, tempDir } from '../helpers.js';
import { amplifyCsv, logLine } from '../ingest/logText.js';

const NOW = new Date('2026-03-31T10:00:00Z');

async function storeWith(lines: string[], now = NOW): Promise<LocalStore> {
  const dir = await tempDir();
  const file = path.join(dir, 'logs.csv');
  await fs.writeFile(file, amplifyCsv(lines));
  const store = await freshStore();
  await importFiles([file], { store, now: () => now });
  return store;
}

const DAYS = ['2026-02-27', '2026-02-28', '2026-03-23', '2026-03-24', '2026-03-30', '2026-03-31'];

describe('period views', () => {
  test('returns the days of each period, in UTC, with the month clamped to February', async () => {
    const store = await storeWith(DAYS.map((date) => logLine({ date, 'x-edge-request-id': date })));
    const idsOf = async (view: string) =>
      (await queryRows(store, `SELECT request_id FROM ${view} ORDER BY 1`, NOW)).map((r) => r.request_id);
    assert.deepEqual(await idsOf('access_logs'), DAYS);
    assert.deepEqual(await idsOf('access_logs_today'), ['2026-03-31']);
    assert.deepEqual(await idsOf('access_logs_yesterday'), ['2026-03-30']);
    assert.deepEqual(await idsOf('access_logs_week'), ['2026-03-24', '2026-03-30', '2026-03-31']);
    assert.deepEqual(await idsOf('access_logs_month'), [
      '2026-02-28',
      '2026-03-23',
      '2026-03-24',
      '2026-03-30',
      '2026-03-31',
    ]);
  });

  test('moves the period views to the new day at a refresh, the store unchanged', async () => {
    const store = await storeWith(DAYS.map((date) => logLine({ date, 'x-edge-request-id': date })));
    let now = new Date('2026-03-30T23:59:00Z');
    const engine = await DuckDBEngine.open({ store, now: () => now });
    try {
      const today = async () => (await engine.query('SELECT request_id FROM access_logs_today')).rows;
      assert.deepEqual(await today(), [['2026-03-30']]);
      assert.equal(await engine.refresh(), false, 'the same day files');
      assert.deepEqual(await today(), [['2026-03-30']]);
      now = new Date('2026-03-31T00:01:00Z');
      assert.equal(await engine.refresh(), false, 'the same day files');
      assert.deepEqual(await today(), [['2026-03-31']], 'a new day: the views made again');
    } finally {
      await engine.close();
    }
  });

  test('returns views that read only the day files of their period', async () => {
    const store = await storeWith(DAYS.map((date) => logLine({ date, 'x-edge-request-id': date })));
    const engine = await DuckDBEngine.open({ store, now: () => NOW });
    try {
      for (const [view, files] of [
        ['access_logs', 6],
        ['access_logs_today', 1],
        ['access_logs_yesterday', 1],
        ['access_logs_week', 3],
        ['access_logs_month', 5],
      ] as const) {
        const plan = await engine.query(`EXPLAIN ANALYZE SELECT count(*) FROM ${view}`);
        const text = plan.rows.map((row) => row.join('\n')).join('\n');
        assert.match(text, new RegExp(`Total Files Read: ${files}\\b`), `${view} reads ${files} files`);
      }
    } finally {
      await engine.close();
    }
  });

  test('returns empty views with every column when the store is empty', async () => {
    const store = await freshStore();
    const rows = await queryRows(
      store,
      'SELECT count(*) AS n, max(uri) AS u, max(year) AS y FROM access_logs_week',
    );
    assert.deepEqual(rows, [{ n: 0, u: null, y: null }]);
  });

  test('returns the same day a month back, clamped to the length of that month', () => {
    assert.equal(addMonths('2026-03-31', -1), '2026-02-28');
    assert.equal(addMonths('2024-03-31', -1), '2024-02-29');
    assert.equal(addMonths('2026-01-15', -1), '2025-12-15');
    assert.equal(addMonths('2026-05-31', -1), '2026-04-30');
    assert.deepEqual(periodOf('week', new Date('2026-01-03T23:59:59Z')), { from: '2025-12-27' });
    assert.deepEqual(periodOf('yesterday', new Date('2026-01-01T00:00:00Z')), {
      from: '2025-12-31',
      to: '2025-12-31',
    });
  });
});

describe("the recipe's top external referrers query", () => {
  const RECIPE = `select "referrer", "uri", count(*)
    from access_logs_yesterday
    where "sc_content_type" = 'text/html'
        and "user_agent" not like '%bot%' and "user_agent" not like '%spider%'
        and "status" = 200 and "method" = 'GET' and "referrer" != '-'
        and "referrer" not like ('%' || "host_header" || '%')
    group by 1, 2 order by 3 desc`;

  const page = (n: number, fields: Record<string, string>) =>
    logLine({ date: '2026-03-30', 'x-edge-request-id': `r${n}`, 'cs-uri-stem': '/a', ...fields });

  const LINES = [
    page(1, { 'cs(Referer)': 'https://www.google.com/' }),
    page(2, { 'cs(Referer)': 'https://www.google.com/' }),
    page(3, { 'cs(Referer)': 'https://www.google.com/' }),
    page(4, { 'cs(Referer)': 'https://www.bing.com/' }),
    page(5, { 'cs(Referer)': 'https://www.google.com/', 'cs-uri-stem': '/b' }),
    page(6, { 'cs(Referer)': 'https://www.example.com/other' }),
    page(7, { 'cs(Referer)': '-' }),
    page(8, { 'cs(Referer)': 'https://www.google.com/', 'cs(User-Agent)': 'Googlebot/2.1' }),
    page(9, { 'cs(Referer)': 'https://www.google.com/', 'cs(User-Agent)': 'Baiduspider' }),
    page(10, { 'cs(Referer)': 'https://www.google.com/', 'sc-status': '404' }),
    page(11, { 'cs(Referer)': 'https://www.google.com/', 'cs-method': 'POST' }),
    page(12, { 'cs(Referer)': 'https://www.google.com/', 'sc-content-type': 'image/png' }),
    page(13, { 'cs(Referer)': 'https://www.google.com/', date: '2026-03-31' }),
    page(14, { 'cs(Referer)': 'https://www.google.com/', date: '2026-03-29' }),
  ];

  test('returns the known answer when run unchanged through the query command', async () => {
    const store = await storeWith(LINES);
    const run = await runCli(['query', RECIPE, '--format', 'json', '--data-dir', store.location], {
      env: { AMPLIFY_LOGS_NOW: NOW.toISOString() },
    });
    assert.equal(run.code, 0, run.stderr);
    const rows = JSON.parse(run.stdout) as { referrer: string; uri: string; 'count_star()': number }[];
    assert.deepEqual(rows[0], { referrer: 'https://www.google.com/', uri: '/a', 'count_star()': 3 });
    // The two rows of count 1 tie: the recipe's ORDER BY leaves their order open.
    const byText = (x: (typeof rows)[number], y: (typeof rows)[number]) =>
      JSON.stringify(x).localeCompare(JSON.stringify(y));
    assert.deepEqual(
      rows.slice(1).sort(byText),
      [
        { referrer: 'https://www.bing.com/', uri: '/a', 'count_star()': 1 },
        { referrer: 'https://www.google.com/', uri: '/b', 'count_star()': 1 },
      ].sort(byText),
    );
  });
});
