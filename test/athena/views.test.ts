import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AthenaEngine } from '../../src/athena/AthenaEngine.js';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import type { QueryEngine } from '../../src/engine/QueryEngine.js';
import { CURATED_COLUMNS } from '../../src/format/schema.js';
import { logLine } from '../ingest/logText.js';
import { type AthenaSetup, importLines, NO_WAIT, runSetup, startAthena } from './support.js';

const DAYS = [
  '2025-11-30',
  '2025-12-02',
  '2025-12-03',
  '2025-12-26',
  '2025-12-27',
  '2025-12-31',
  '2026-01-02',
  '2026-01-03',
  '2026-02-27',
  '2026-02-28',
  '2026-03-23',
  '2026-03-24',
  '2026-03-30',
  '2026-03-31',
];

const VIEWS = [
  'access_logs',
  'access_logs_today',
  'access_logs_yesterday',
  'access_logs_week',
  'access_logs_month',
];

describe('the Athena views', () => {
  let athena: AthenaSetup;
  let clock = new Date('2026-03-31T10:00:00Z');
  before(async () => {
    athena = await startAthena({ now: () => clock });
    const lines = DAYS.map((date, i) =>
      logLine({ date, 'x-edge-request-id': date, 'cs-uri-stem': `/p%C3%A9ge-${i}`, 'time-taken': '0.302' }),
    );
    await importLines(athena.store, lines, clock);
    await runSetup(athena);
  });
  after(() => athena.stop());

  const ids = async (engine: QueryEngine, view: string) =>
    (await engine.query(`SELECT request_id FROM ${view} ORDER BY 1`)).rows.map((row) => row[0]);

  /** The request ids of each view on Athena and on DuckDB, with "today" the UTC day of `now`. */
  async function bothEngines(now: Date): Promise<Record<string, { athena: unknown[]; duckdb: unknown[] }>> {
    clock = now;
    const athenaEngine = new AthenaEngine({ config: athena.config, client: athena.client, run: NO_WAIT });
    const duckdb = await DuckDBEngine.open({ store: athena.store, now: () => now });
    try {
      const result: Record<string, { athena: unknown[]; duckdb: unknown[] }> = {};
      for (const view of VIEWS)
        result[view] = { athena: await ids(athenaEngine, view), duckdb: await ids(duckdb, view) };
      return result;
    } finally {
      await duckdb.close();
    }
  }

  test('returns the days of each period, in UTC, with the month clamped to February', async () => {
    const views = await bothEngines(new Date('2026-03-31T23:59:59Z'));
    for (const [view, { athena: a, duckdb }] of Object.entries(views)) assert.deepEqual(a, duckdb, view);
    assert.deepEqual(views.access_logs_today?.athena, ['2026-03-31']);
    assert.deepEqual(views.access_logs_yesterday?.athena, ['2026-03-30']);
    assert.deepEqual(views.access_logs_week?.athena, ['2026-03-24', '2026-03-30', '2026-03-31']);
    assert.deepEqual(views.access_logs_month?.athena, [
      '2026-02-28',
      '2026-03-23',
      '2026-03-24',
      '2026-03-30',
      '2026-03-31',
    ]);
  });

  test('returns the same days as the DuckDB views when the periods cross a year end', async () => {
    const views = await bothEngines(new Date('2026-01-03T00:00:00Z'));
    for (const [view, { athena: a, duckdb }] of Object.entries(views)) assert.deepEqual(a, duckdb, view);
    assert.deepEqual(views.access_logs_yesterday?.athena, ['2026-01-02']);
    const untilToday = (days: unknown[] = []) => days.filter((day) => String(day) <= '2026-01-03');
    assert.deepEqual(untilToday(views.access_logs_week?.athena), [
      '2025-12-27',
      '2025-12-31',
      '2026-01-02',
      '2026-01-03',
    ]);
    assert.deepEqual(untilToday(views.access_logs_month?.athena).slice(0, 2), ['2025-12-03', '2025-12-26']);
  });

  test('returns the same columns, types and cells as the DuckDB engine when reading every column', async () => {
    const now = new Date('2026-03-31T10:00:00Z');
    clock = now;
    const athenaEngine = new AthenaEngine({ config: athena.config, client: athena.client, run: NO_WAIT });
    const duckdb = await DuckDBEngine.open({ store: athena.store, now: () => now });
    try {
      // DuckDB's view lists the partition columns day, month, year; Athena's year, month, day.
      const columns = [...CURATED_COLUMNS.map((c) => `"${c.name}"`), 'year', 'month', 'day'].join(', ');
      const sql = `SELECT ${columns} FROM access_logs ORDER BY request_id`;
      const [a, d] = [await athenaEngine.query(sql), await duckdb.query(sql)];
      assert.deepEqual(a.columns, d.columns);
      assert.deepEqual(a.rows, d.rows);
      assert.equal(a.rows[0]?.[7], '/pége-0', 'decoded once, on import');
    } finally {
      await duckdb.close();
    }
  });
});
