import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { buildReport } from '../../src/report/buildReport.js';
import { parseFilter } from '../../src/report/filters.js';
import { dashboardMeta } from '../../src/serve/dashboardMeta.js';
import { fixtureStore, NOW } from '../report/fixture.js';
import { visitsStore } from '../report/visitsFixture.js';

function at(object: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);
}

describe('the dashboard meta', () => {
  test('returns, for every panel row of the fixtures, the fields its columns read and a filter that parses', async () => {
    const { panels, totals } = dashboardMeta();
    for (const store of [await fixtureStore(), await visitsStore()]) {
      const engine = await DuckDBEngine.open({ store, now: () => NOW });
      const report = await buildReport(engine, { range: { kind: 'all' }, now: () => NOW }).finally(() =>
        engine.close(),
      );
      for (const total of totals) assert.notEqual(at(report.totals, total.path), undefined, total.path);
      for (const panel of panels) {
        const rows = at(report, panel.key) as Record<string, unknown>[];
        assert.ok(Array.isArray(rows), panel.key);
        for (const row of rows) {
          for (const column of panel.columns) {
            assert.ok(column.field !== null && column.field in row, `${panel.key}: ${column.title}`);
          }
          if (panel.filter) {
            assert.ok(panel.filter.field in row, `${panel.key}: the filter's field`);
            const value = row[panel.filter.field];
            const expression =
              value === null
                ? `${panel.filter.key}=`
                : `${panel.filter.key}${panel.filter.op ?? '='}${String(value)}`;
            assert.doesNotThrow(() => parseFilter(expression), expression);
          }
        }
      }
    }
    const keyed = panels.filter((p) => p.filter !== null).map((p) => `${p.id}:${p.filter?.key}`);
    assert.ok(keyed.includes('countries:country') && keyed.includes('channels:channel'), keyed.join(' '));
  });
});
