import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { HotDays } from '../../src/engine/hotDays.js';
import { curatedFilesSql } from '../../src/engine/views.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import { buildReport } from '../../src/report/buildReport.js';
import { parseFilter } from '../../src/report/filters.js';
import { REPORT_COLUMNS } from '../../src/report/queries/scope.js';
import type { RangeSpec } from '../../src/report/range.js';
import { openDuckDB } from '../../src/sql/duckdb.js';
import { CURATED_PREFIX, dayOfCuratedKey } from '../../src/store/keys.js';
import type { LocalStore } from '../../src/store/LocalStore.js';
import type { Store } from '../../src/store/Store.js';
import { tempDir } from '../helpers.js';
import { amplifyCsv, logLine, logLines } from '../ingest/logText.js';
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

describe('hot days: limits and failures', () => {
  /** `count` requests a day on each of `days`, with varied addresses and pages (so that they take memory). */
  function busyDays(days: readonly string[], count: number): string[] {
    return days.flatMap((day) =>
      Array.from({ length: count }, (_, i) =>
        logLine({
          date: day,
          time: `${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`,
          'c-ip': `10.${(i >> 8) & 255}.${i & 255}.${day.slice(-1)}`,
          'cs-uri-stem': `/page/${i % 997}/${day}`,
          'x-edge-request-id': `${day}-${i}`,
          'sc-bytes': String(1000 + i * 13),
        }),
      ),
    );
  }

  async function dayFiles(store: Store) {
    const days = (await store.list(CURATED_PREFIX)).filter((o) => dayOfCuratedKey(o.key) !== undefined);
    return { days, files: await Promise.all(days.map((o) => store.localPath(o.key, o))) };
  }

  /** A connection whose next statement matching `failOn` throws, as a full disk or memory would. */
  function flaky(connection: DuckDBConnection) {
    const control: { failOn?: RegExp } = {};
    const wrapped = new Proxy(connection, {
      get(target, property) {
        if (property === 'run') {
          return async (sql: string, ...rest: []) => {
            if (control.failOn?.test(sql)) {
              control.failOn = undefined;
              throw new Error('injected failure');
            }
            return target.run(sql, ...rest);
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { connection: wrapped, control };
  }

  const rowsOf = async (connection: DuckDBConnection, sql: string) =>
    Number((await connection.runAndReadAll(`SELECT count(*) FROM (${sql}) rows`)).getRows()[0]?.[0]);

  test('makes room for a newer day by deleting the oldest copies, and keeps none older than what fits', async () => {
    const store = await storeOfLines(
      busyDays(['2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18'], 8000),
    );
    const { days, files } = await dayFiles(store);
    const sizing = await HotDays.attach(await openDuckDB(), HOT);
    const sizes: number[] = [];
    while (await sizing.copyNext(days, files)) sizes.push(sizing.state(days).bytes);
    assert.ok((sizes[0] ?? 0) < (sizes[1] ?? 0) && (sizes[1] ?? 0) < (sizes[2] ?? 0), `sizes ${sizes}`);

    const connection = await openDuckDB();
    const hot = await HotDays.attach(connection, { ...HOT, memoryBytes: sizes[1] as number });
    const held = async () =>
      (await connection.runAndReadAll(`SELECT DISTINCT day FROM hot.main.days ORDER BY day`))
        .getRows()
        .map(String);
    const first = days.filter((o) => !o.key.includes('day=18'));
    const firstFiles = files.filter((_, i) => !days[i]?.key.includes('day=18'));
    while (await hot.copyNext(first, firstFiles));
    assert.deepEqual(await held(), ['16', '17'], 'the two newest of three');
    assert.equal(hot.state(first).done, true);
    assert.equal(await hot.copyNext(first, firstFiles), false, 'nothing more to try for the same listing');

    await hot.keepCurrent(days); // a newer day came
    assert.equal(await hot.copyNext(days, files), true);
    assert.deepEqual(await held(), ['17', '18'], 'the oldest copy made room for the newer day');
    assert.equal(await hot.copyNext(days, files), false, 'the older day does not fit again');
    assert.deepEqual(await held(), ['17', '18']);
    assert.ok(hot.state(days).bytes <= (sizes[1] as number));
    assert.equal(await rowsOf(connection, hot.baseSql(days, files)), 4 * 8000, 'each day once');
  });

  test('gives the copies up when a statement fails midway, and reads every day from its file again', async () => {
    const store = await storeOfLines([...fixtureLines(), ...logLines(2, 'older-', '2026-11-18')]);
    const { days, files } = await dayFiles(store);
    const all = await rowsOf(await openDuckDB(), curatedFilesSql(files, REPORT_COLUMNS));

    for (const failOn of [/^INSERT/, /^CHECKPOINT/]) {
      const { connection, control } = flaky(await openDuckDB());
      const hot = await HotDays.attach(connection, HOT);
      assert.equal(await hot.copyNext(days, files), true);
      assert.equal(await rowsOf(connection, hot.baseSql(days, files)), all);
      control.failOn = failOn;
      await assert.rejects(hot.copyNext(days, files), /injected failure/);
      assert.equal(
        await rowsOf(connection, hot.baseSql(days, files)),
        all,
        `${failOn}: no day twice or missing`,
      );
      assert.deepEqual(hot.state(days), { days: 0, of: 3, bytes: 0, done: true });
      assert.equal(await hot.copyNext(days, files), false, 'and nothing more is copied');
    }

    const { connection, control } = flaky(await openDuckDB());
    const hot = await HotDays.attach(connection, HOT);
    while (await hot.copyNext(days, files));
    const changed = days.map((o, i) => (i === 0 ? { ...o, size: o.size + 1 } : o));
    control.failOn = /^DELETE/;
    await assert.rejects(hot.keepCurrent(changed), /injected failure/);
    assert.equal(await rowsOf(connection, hot.baseSql(changed, files)), all, 'a changed day not kept twice');
  });
});
