import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import { buildReport } from '../../src/report/buildReport.js';
import { parseFilter } from '../../src/report/filters.js';
import { REPORT_COLUMNS } from '../../src/report/queries/scope.js';
import type { RangeSpec } from '../../src/report/range.js';
import type { LocalStore } from '../../src/store/LocalStore.js';
import { tempDir } from '../helpers.js';
import { amplifyCsv, logLines } from '../ingest/logText.js';
import { attackLines } from '../report/attackFixture.js';
import { fixtureLines, NOW, storeOfLines } from '../report/fixture.js';
import { visitLines } from '../report/visitsFixture.js';

const HOT = { memoryBytes: 64 * 1024 * 1024, columns: REPORT_COLUMNS };

/** What a report prints, for comparing engines: every figure of every panel. */
async function reportOf(
  engine: DuckDBEngine,
  range: RangeSpec,
  filters: readonly string[] = [],
  excludeBots = false,
): Promise<string> {
  const report = await buildReport(engine, {
    range,
    now: () => NOW,
    filters: filters.map(parseFilter),
    excludeBots,
    compare: true,
  });
  return JSON.stringify(report);
}

async function warmAll(engine: DuckDBEngine): Promise<number> {
  let copied = 0;
  while (await engine.warm()) copied++;
  return copied;
}

/** The days (`YYYY-MM-DD`) whose rows the engine holds in memory. */
async function heldDays(engine: DuckDBEngine): Promise<string[]> {
  const result = await engine.query(
    `SELECT DISTINCT strftime("date", '%Y-%m-%d') AS d FROM hot.main.days ORDER BY d`,
  );
  return result.rows.map((row) => String(row[0]));
}

const SELECTIONS: readonly [RangeSpec, string[], boolean][] = [
  [{ kind: 'all' }, [], false],
  [{ kind: 'period', name: 'week' }, ['page=/'], false],
  [{ kind: 'all' }, ['channel=search'], false],
  [{ kind: 'days', from: '2026-11-20', to: '2026-11-21' }, ['status=4xx', 'browser=chrome'], true],
  [{ kind: 'period', name: 'yesterday' }, ['country!=DE', 'referrer~google'], false],
  [{ kind: 'all' }, ['bot=yes'], false],
];

describe('hot days: the most recent days held in memory', () => {
  let store: LocalStore;
  before(async () => {
    store = await storeOfLines([
      ...fixtureLines(),
      ...visitLines(),
      ...attackLines(),
      ...logLines(3, 'older-', '2026-11-18'),
    ]);
  });

  test('gives every report exactly what the day files give, the days held or not', async () => {
    const cold = await DuckDBEngine.open({ store, now: () => NOW });
    const hot = await DuckDBEngine.open({ store, now: () => NOW, hot: HOT });
    after(() => Promise.all([cold.close(), hot.close()]));
    assert.deepEqual(hot.hotDays, { days: 0, of: 3, bytes: 0, done: false });
    for (const [range, filters, excludeBots] of SELECTIONS) {
      assert.equal(
        await reportOf(hot, range, filters, excludeBots),
        await reportOf(cold, range, filters, excludeBots),
      );
    }
    assert.equal(await warmAll(hot), 3);
    assert.deepEqual(await heldDays(hot), ['2026-11-18', '2026-11-20', '2026-11-21']);
    const state = hot.hotDays;
    assert.ok(
      state && state.days === 3 && state.of === 3 && state.done && state.bytes > 0,
      JSON.stringify(state),
    );
    for (const [range, filters, excludeBots] of SELECTIONS) {
      assert.equal(
        await reportOf(hot, range, filters, excludeBots),
        await reportOf(cold, range, filters, excludeBots),
        `${JSON.stringify(range)} ${filters.join(' ')}`,
      );
    }
  });

  test('copies the newest day first, and none that would take the memory past its limit', async () => {
    const cold = await DuckDBEngine.open({ store, now: () => NOW });
    const stepping = await DuckDBEngine.open({ store, now: () => NOW, hot: HOT });
    const tight = await DuckDBEngine.open({ store, now: () => NOW, hot: { ...HOT, memoryBytes: 1 } });
    after(() => Promise.all([cold.close(), stepping.close(), tight.close()]));
    assert.equal(await stepping.warm(), true);
    assert.deepEqual(await heldDays(stepping), ['2026-11-21'], 'the newest first');
    assert.equal(await stepping.warm(), true);
    assert.deepEqual(await heldDays(stepping), ['2026-11-20', '2026-11-21'], 'then the one before');

    assert.equal(await tight.warm(), false, 'not even one day fits in a byte');
    assert.deepEqual(await heldDays(tight), [], 'the copy that did not fit is gone');
    assert.deepEqual(tight.hotDays, { days: 0, of: 3, bytes: 0, done: true });
    assert.equal(await tight.warm(), false, 'and it does not try again');
    for (const engine of [stepping, tight]) {
      for (const [range, filters, excludeBots] of SELECTIONS) {
        assert.equal(
          await reportOf(engine, range, filters, excludeBots),
          await reportOf(cold, range, filters, excludeBots),
        );
      }
    }
  });

  test('reads a day from its file again once a refresh finds the file changed, and copies it anew', async () => {
    const own = await storeOfLines([...fixtureLines(), ...logLines(2, 'older-', '2026-11-18')]);
    const hot = await DuckDBEngine.open({ store: own, now: () => NOW, hot: HOT });
    after(() => hot.close());
    await warmAll(hot);
    assert.equal(await hot.refresh(), false, 'nothing changed');
    assert.equal(hot.hotDays?.days, 3);

    const file = path.join(await tempDir(), 'more.csv');
    await fs.writeFile(file, amplifyCsv(logLines(4, 'later-', '2026-11-20')));
    await importFiles([file], { store: own, now: () => NOW });
    assert.equal(await hot.refresh(), true, 'the day file of 2026-11-20 changed');
    assert.deepEqual(await heldDays(hot), ['2026-11-18', '2026-11-21'], 'the changed day is no longer held');

    const fresh = await DuckDBEngine.open({ store: own, now: () => NOW });
    after(() => fresh.close());
    const all: RangeSpec = { kind: 'all' };
    assert.equal(await reportOf(hot, all), await reportOf(fresh, all), 'read from the new file');
    assert.equal(await warmAll(hot), 1, 'the changed day is copied again');
    assert.deepEqual(await heldDays(hot), ['2026-11-18', '2026-11-20', '2026-11-21']);
    assert.equal(await reportOf(hot, all), await reportOf(fresh, all), 'and its copy is the new file');
    assert.equal(await reportOf(hot, all, ['page=/']), await reportOf(fresh, all, ['page=/']));
  });
});
