import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ATHENA_DIALECT } from '../../src/athena/AthenaDialect.js';
import { AthenaEngine } from '../../src/athena/AthenaEngine.js';
import type { Dialect } from '../../src/engine/Dialect.js';
import { DUCKDB_DIALECT } from '../../src/engine/DuckDBDialect.js';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import type { Cell, QueryEngine, QueryParams, QueryResult } from '../../src/engine/QueryEngine.js';
import { PAGE_CONDITION, VISIT_COLUMNS, visitsSql } from '../../src/engine/visits.js';
import { refreshBotAgents } from '../../src/lake/botAgents.js';
import { type BuildReportOptions, buildReport } from '../../src/report/buildReport.js';
import { parseFilter } from '../../src/report/filters.js';
import { storeBotAgents } from '../../src/report/storeBots.js';
import { fixtureLines, NOW } from '../report/fixture.js';
import { visitLines } from '../report/visitsFixture.js';
import { parseAthena } from './parseAthena.js';
import { type AthenaSetup, importLines, NO_WAIT, runSetup, startAthena } from './support.js';

interface Ran {
  readonly sql: string;
  readonly params: QueryParams;
  readonly result: QueryResult;
}

/** An engine that keeps every query it ran and its result. */
class RecordingEngine implements QueryEngine {
  readonly ran: Ran[] = [];
  constructor(private readonly engine: QueryEngine) {}
  get name(): string {
    return this.engine.name;
  }
  async query(sql: string, params: QueryParams = {}): Promise<QueryResult> {
    const result = await this.engine.query(sql, params);
    this.ran.push({ sql, params, result });
    return result;
  }
  async close(): Promise<void> {}
}

/** Rows in a canonical order, line-joined text cells (no order promised) sorted within. */
function canonical(result: QueryResult): string[] {
  const cell = (value: Cell) =>
    typeof value === 'string' && value.includes('\n') ? value.split('\n').sort().join('\n') : value;
  return result.rows.map((row) => JSON.stringify(row.map(cell))).sort();
}

const OPTIONS: readonly (Omit<BuildReportOptions, 'dialect'> & { what: string })[] = [
  { what: 'a week, by day, compared', range: { kind: 'period', name: 'week' }, compare: true },
  { what: 'yesterday, by hour', range: { kind: 'period', name: 'yesterday' } },
  { what: 'every day, bots left out', range: { kind: 'all' }, excludeBots: true },
  {
    what: 'one host',
    range: { kind: 'days', from: '2026-11-14', to: '2026-11-21' },
    host: 'www.example.com',
  },
  {
    what: 'visit-level and request-level filters',
    range: { kind: 'all' },
    compare: false,
    filters: ['channel!=direct', 'page~/', 'site!=', 'utm_campaign='].map(parseFilter),
  },
  {
    what: 'filters read in JavaScript: country, browser, bot; a status class',
    range: { kind: 'period', name: 'week' },
    compare: true,
    filters: ['country!=ZZ', 'browser!=Firefox', 'bot=no', 'status=2xx', 'referrer~example'].map(parseFilter),
  },
];

describe('the report on Athena', () => {
  let athena: AthenaSetup;
  before(async () => {
    athena = await startAthena({ now: () => NOW });
    // The report fixture and the visits fixture (every visit rule), in one store.
    await importLines(athena.store, [...fixtureLines(), ...visitLines()], NOW);
    await runSetup(athena);
  });
  after(() => athena.stop());

  async function reportOn(engine: QueryEngine, dialect: Dialect | undefined, options: BuildReportOptions) {
    const recording = new RecordingEngine(engine);
    const report = await buildReport(recording, {
      ...options,
      now: () => NOW,
      ...(dialect ? { dialect } : {}),
    });
    return { report, ran: recording.ran };
  }

  for (const { what, ...options } of OPTIONS) {
    test(`returns the DuckDB report's model and query results when built on Athena (${what})`, async () => {
      const duckdb = await DuckDBEngine.open({ store: athena.store, now: () => NOW });
      const engine = new AthenaEngine({ config: athena.config, client: athena.client, run: NO_WAIT });
      try {
        // Query by query against the DuckDB report that reads the day files in every query; a
        // filtered DuckDB report reads a temporary table of its rows instead (checked below).
        const onDuckDB = await reportOn(duckdb, undefined, { ...options, materializeRows: 0 });
        const onAthena = await reportOn(engine, ATHENA_DIALECT, options);
        const athenaQueries = onAthena.ran.filter((r) => r.sql.trim() !== '');
        const duckdbQueries = onDuckDB.ran.filter((r) => !/^SET /i.test(r.sql));
        assert.equal(athenaQueries.length, duckdbQueries.length, 'the same named queries');
        for (const [i, twin] of duckdbQueries.entries()) {
          const ran = athenaQueries[i] as Ran;
          parseAthena(ran.sql);
          assert.deepEqual(ran.params, twin.params, `query ${i}: the same parameters`);
          assert.deepEqual(
            ran.result.columns.map((c) => c.name),
            twin.result.columns.map((c) => c.name),
            `query ${i}: the same columns`,
          );
          assert.deepEqual(
            canonical(ran.result),
            canonical(twin.result),
            `query ${i}: the same rows\n${ran.sql}`,
          );
        }
        assert.deepEqual(onAthena.report, onDuckDB.report);
        assert.deepEqual(onAthena.report, (await reportOn(duckdb, undefined, options)).report);
        assert.ok(onAthena.report.totals.requests > 0);
      } finally {
        await duckdb.close();
        await engine.close();
      }
    });
  }

  test('returns report queries whose Athena text differs from DuckDB only where the dialect spells it', async () => {
    const engine = new AthenaEngine({ config: athena.config, client: athena.client, run: NO_WAIT });
    const { ran } = await reportOn(engine, ATHENA_DIALECT, { range: { kind: 'period', name: 'yesterday' } });
    const text = ran.map((r) => r.sql).join('\n');
    assert.match(text, /UNNEST\(CAST\(json_parse\(\$bot_agents\) AS ARRAY\(VARCHAR\)\)\)/);
    assert.match(text, /date_format\(date_trunc\('hour', "timestamp"\), '%Y-%m-%d %H:%i:%s'\)/);
    assert.match(text, /array_join\(array_agg\(/);
    assert.doesNotMatch(text, /string_agg|unnest\(CAST\(json\(/);
  });

  test('returns the same visit rows on Athena as on DuckDB, every visit rule included', async () => {
    const duckdb = await DuckDBEngine.open({ store: athena.store, now: () => NOW });
    const engine = new AthenaEngine({ config: athena.config, client: athena.client, run: NO_WAIT });
    try {
      const params = { bot_agents: JSON.stringify(await storeBotAgents(duckdb)) };
      // Every column but the two timestamps, whose text differs between the engines (`duration` is their difference).
      const columns = VISIT_COLUMNS.filter((c) => c !== 'start' && c !== 'end')
        .map((c) => `"${c}"`)
        .join(', ');
      const sql = (dialect: Dialect) =>
        `SELECT ${columns.replace('"date"', 'CAST("date" AS VARCHAR) AS "date"')} FROM (${visitsSql(
          dialect,
          `(SELECT * FROM access_logs WHERE ${PAGE_CONDITION} AND user_agent IS NOT NULL AND user_agent NOT IN (${dialect.stringSet('$bot_agents')})) pageviews`,
        )}) visits`;
      const onDuckDB = await duckdb.query(sql(DUCKDB_DIALECT), params);
      const onAthena = await engine.query(sql(ATHENA_DIALECT), params);
      assert.deepEqual(canonical(onAthena), canonical(onDuckDB));
      assert.ok(onDuckDB.rows.length >= 18, `the fixtures' visits (${onDuckDB.rows.length})`);
      const channels = new Set(
        onDuckDB.rows.map((row) => row[onDuckDB.columns.findIndex((c) => c.name === 'channel')]),
      );
      assert.deepEqual([...channels].sort(), ['direct', 'email', 'paid', 'referral', 'search', 'social']);
    } finally {
      await duckdb.close();
      await engine.close();
    }
  });

  test('returns the DuckDB visits views on Athena once setup has listed the bot agents', async () => {
    const duckdb = await DuckDBEngine.open({ store: athena.store, now: () => NOW });
    const engine = new AthenaEngine({ config: athena.config, client: athena.client, run: NO_WAIT });
    try {
      const bots = await storeBotAgents(duckdb);
      assert.ok(bots.length > 0, 'the fixtures hold bots');
      assert.deepEqual(await refreshBotAgents(engine, athena.store), { agents: bots.length });
      const listed = await engine.query('SELECT user_agent FROM access_logs_bot_agents ORDER BY 1');
      assert.deepEqual(
        listed.rows.map((row) => row[0]),
        [...bots].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      );
      await duckdb.defineVisits(bots);
      const columns = VISIT_COLUMNS.filter((c) => c !== 'start' && c !== 'end')
        .map((c) => (c === 'date' ? 'CAST("date" AS VARCHAR) AS "date"' : `"${c}"`))
        .join(', ');
      for (const period of ['', '_today', '_yesterday', '_week', '_month']) {
        const onDuckDB = await duckdb.query(`SELECT ${columns} FROM visits${period}`);
        const onAthena = await engine.query(`SELECT ${columns} FROM access_logs_visits${period}`);
        assert.deepEqual(canonical(onAthena), canonical(onDuckDB), `visits${period}`);
        if (period === '' || period === '_week')
          assert.ok(onDuckDB.rows.length > 0, `visits${period} has rows`);
      }
    } finally {
      await duckdb.close();
      await engine.close();
    }
  });
});
