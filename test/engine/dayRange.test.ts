import assert from 'node:assert/strict';
import { test } from 'node:test';
import { periodFilterSql } from '../../src/engine/partitionFilter.js';
import { addDays } from '../../src/engine/periods.js';
import { openDuckDB } from '../../src/sql/duckdb.js';

test('returns exactly the days of a period from the partition filter both engines share, across month and year ends', async () => {
  const connection = await openDuckDB();
  await connection.run(
    `CREATE TABLE days AS SELECT CAST(year(d) AS INTEGER) AS year, CAST(month(d) AS INTEGER) AS month,
       CAST(day(d) AS INTEGER) AS day, strftime(d, '%Y-%m-%d') AS name
     FROM range(DATE '2025-11-20', DATE '2026-03-10', INTERVAL 1 DAY) AS t(d)`,
  );
  const pick = async (filter: string) =>
    (await connection.runAndReadAll(`SELECT name FROM days WHERE ${filter} ORDER BY name`))
      .getRows()
      .map((r) => r[0]);
  const daysFrom = (from: string, to = '2026-03-09') => {
    const days: string[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
    return days;
  };
  for (const [from, to] of [
    ['2025-12-28', '2026-01-03'],
    ['2026-01-31', '2026-02-01'],
    ['2025-11-30', '2026-02-28'],
    ['2026-02-10', '2026-02-10'],
    ['2026-02-03', '2026-02-20'],
    ['2026-01-15', '2026-03-02'],
    ['2025-12-01', '2025-12-31'],
  ] as const) {
    assert.deepEqual(await pick(periodFilterSql({ from, to })), daysFrom(from, to), `${from}..${to}`);
  }
  assert.deepEqual(await pick(periodFilterSql({ from: '2026-02-27' })), daysFrom('2026-02-27'));
  connection.closeSync();
});
