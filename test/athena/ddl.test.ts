import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AthenaConfig, resolveAthenaConfig } from '../../src/athena/athenaConfig.js';
import { DERIVED_COLUMNS, LOG_COLUMNS } from '../../src/format/schema.js';
import { inspectSql, mergeSql } from '../../src/lake/compact.js';
import { curatedTableDdl, rawTableDdl, renderStatements, setupStatements } from '../../src/lake/ddl.js';
import { addPartitionsSql } from '../../src/lake/repair.js';
import { UsageError } from '../../src/util/errors.js';
import { PARSER_GAPS, type ParserGap, parseAthena, parses } from './parseAthena.js';

const STORE = { bucket: 'logs', prefix: 'site/' };
const CONFIG: AthenaConfig = resolveAthenaConfig({}, {}, STORE);

/** `'key' = 'value'` pairs of a TBLPROPERTIES clause. */
function properties(ddl: string): Record<string, string> {
  const clause = /TBLPROPERTIES \(([\s\S]*)\)$/.exec(ddl)?.[1] ?? '';
  return Object.fromEntries([...clause.matchAll(/'([^']+)' = '([^']*)'/g)].map((m) => [m[1], m[2]]));
}

/** `name type` pairs of the column list right after the table name. */
function columns(ddl: string): string[] {
  const list = /\(\n([\s\S]*?)\n\)/.exec(ddl)?.[1] ?? '';
  return list.split(',\n').map((line) => line.trim().replaceAll('`', ''));
}

describe('athena DDL', () => {
  test('returns the curated table with partition projection on zero-padded days when the names are the defaults', () => {
    const ddl = curatedTableDdl(CONFIG);
    assert.match(ddl, /^CREATE EXTERNAL TABLE IF NOT EXISTS `amplify_logs`\.`access_logs_curated` \(/);
    assert.deepEqual(
      columns(ddl),
      [...LOG_COLUMNS, ...DERIVED_COLUMNS].map((c) => `${c.name} ${c.athena}`),
    );
    assert.match(
      ddl,
      /\nPARTITIONED BY \(`year` int, `month` int, `day` int\)\nSTORED AS PARQUET\nLOCATION 's3:\/\/logs\/site\/curated\/'\n/,
    );
    assert.deepEqual(properties(ddl), {
      'projection.enabled': 'true',
      'projection.year.type': 'integer',
      'projection.year.range': '2008,2099',
      'projection.month.type': 'integer',
      'projection.month.range': '1,12',
      'projection.month.digits': '2',
      'projection.day.type': 'integer',
      'projection.day.range': '1,31',
      'projection.day.digits': '2',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's projection placeholders
      'storage.location.template': 's3://logs/site/curated/year=${year}/month=${month}/day=${day}/',
    });
  });

  test('returns the raw table as the recipe reads the CSV windows when the names are the defaults', () => {
    const ddl = rawTableDdl(CONFIG);
    assert.match(ddl, /^CREATE EXTERNAL TABLE IF NOT EXISTS `amplify_logs`\.`access_logs_raw` \(/);
    assert.deepEqual(
      columns(ddl),
      LOG_COLUMNS.map((c) => `${c.name} string`),
    );
    assert.match(
      ddl,
      /\nPARTITIONED BY \(`year` int, `month` int, `day` int\)\nROW FORMAT DELIMITED FIELDS TERMINATED BY ','\nSTORED AS TEXTFILE\nLOCATION 's3:\/\/logs\/site\/raw\/'\n/,
    );
    assert.deepEqual(properties(ddl), { 'skip.header.line.count': '1' });
  });

  test('returns the database, tables and views in order, with drops first when replacing', () => {
    assert.deepEqual(
      setupStatements(CONFIG).map((s) => s.what),
      [
        'database amplify_logs',
        'table amplify_logs.access_logs_curated',
        'table amplify_logs.access_logs_raw',
        'table amplify_logs.access_logs_bot_agents',
        'view amplify_logs.access_logs',
        'view amplify_logs.access_logs_today',
        'view amplify_logs.access_logs_yesterday',
        'view amplify_logs.access_logs_week',
        'view amplify_logs.access_logs_month',
        'view amplify_logs.access_logs_raw_decoded',
        'view amplify_logs.access_logs_visits',
        'view amplify_logs.access_logs_visits_today',
        'view amplify_logs.access_logs_visits_yesterday',
        'view amplify_logs.access_logs_visits_week',
        'view amplify_logs.access_logs_visits_month',
      ],
    );
    const replacing = setupStatements(CONFIG, { replace: true }).map((s) => s.sql);
    assert.equal(replacing[1], 'DROP TABLE IF EXISTS `amplify_logs`.`access_logs_curated`');
    assert.equal(replacing[3], 'DROP TABLE IF EXISTS `amplify_logs`.`access_logs_bot_agents`');
    const views = Object.fromEntries(setupStatements(CONFIG).map((s) => [s.what, s.sql]));
    assert.match(
      views['view amplify_logs.access_logs_visits_week'] ?? '',
      /FROM "amplify_logs"\."access_logs_week"\n {2}WHERE .* NOT IN \(SELECT user_agent FROM "amplify_logs"\."access_logs_bot_agents"\)\) pageviews/s,
    );
    assert.match(
      renderStatements(setupStatements(CONFIG)),
      /^-- database amplify_logs\nCREATE DATABASE IF NOT EXISTS `amplify_logs`;\n\n-- table/,
    );
  });

  test('returns views that filter on the partition columns only, against current_date', () => {
    const views = Object.fromEntries(setupStatements(CONFIG).map((s) => [s.what, s.sql]));
    assert.match(
      views['view amplify_logs.access_logs_today'] ?? '',
      /WHERE year = year\(current_date\) AND month = month\(current_date\) AND day = day\(current_date\)$/,
    );
    assert.match(
      views['view amplify_logs.access_logs_yesterday'] ?? '',
      /year = year\(date_add\('day', -1, current_date\)\)/,
    );
    assert.match(
      views['view amplify_logs.access_logs_week'] ?? '',
      /WHERE year >= year\(date_add\('week', -1, current_date\)\) AND/,
    );
    assert.match(views['view amplify_logs.access_logs_month'] ?? '', /date_add\('month', -1, current_date\)/);
  });

  test('returns the configured names when ATHENA_DATABASE and ATHENA_TABLE_NAME are set, flags first', () => {
    const fromEnv = resolveAthenaConfig(
      {},
      { ATHENA_DATABASE: 'Web_Logs', ATHENA_TABLE_NAME: 'site' },
      STORE,
    );
    assert.deepEqual([fromEnv.database, fromEnv.table], ['web_logs', 'site']);
    assert.match(
      renderStatements(setupStatements(fromEnv)),
      /CREATE OR REPLACE VIEW "web_logs"\."site_week" AS/,
    );
    const fromFlags = resolveAthenaConfig(
      { database: 'x', table: 'y' },
      { ATHENA_DATABASE: 'Web_Logs' },
      STORE,
    );
    assert.deepEqual([fromFlags.database, fromFlags.table], ['x', 'y']);
    const output = resolveAthenaConfig({}, { S3_OUTPUT_LOCATION: 's3://results/athena/' }, STORE);
    assert.equal(output.outputLocation, 's3://results/athena/');
  });

  test('throws a usage error when a name could not be used in SQL unquoted', () => {
    assert.throws(() => resolveAthenaConfig({ table: 'logs; DROP' }, {}, STORE), UsageError);
    assert.throws(() => resolveAthenaConfig({}, { ATHENA_DATABASE: 'my-db' }, STORE), /ATHENA_DATABASE/);
    assert.throws(
      () => resolveAthenaConfig({}, { S3_OUTPUT_LOCATION: '/tmp/results' }, STORE),
      /not an s3:\/\/ URL/,
    );
    assert.throws(
      () => curatedTableDdl({ ...CONFIG, store: { bucket: 'logs', prefix: "it's/" } }),
      UsageError,
    );
  });
});

describe('every generated statement parses', () => {
  const statements: [string, string][] = [
    ...setupStatements(CONFIG, { replace: true }).map((s): [string, string] => [s.what, s.sql]),
    ['repair', addPartitionsSql(CONFIG, ['2026-03-30', '2026-03-31'])],
    ['msck', 'MSCK REPAIR TABLE `amplify_logs`.`access_logs_raw`'],
    ['compaction', mergeSql('2026-03-31', CONFIG, 'access_logs_compact_20260331', 's3://logs/site/tmp/x/')],
    ['compaction counts', inspectSql('2026-03-31', CONFIG)],
    ['compaction check', 'SELECT count(*) FROM "amplify_logs"."access_logs_compact_20260331"'],
    ['compaction clean-up', 'DROP TABLE IF EXISTS `amplify_logs`.`access_logs_compact_20260331`'],
  ];

  test('returns every statement parsed by node-sql-parser (trino mode), gaps worked around as listed', () => {
    const used = new Set<ParserGap>();
    for (const [what, sql] of statements) {
      for (const gap of parseAthena(sql)) used.add(gap);
      assert.ok(what);
    }
    assert.deepEqual([...used].sort(), ['addPartition', 'ctas', 'dropIfExists', 'externalTable', 'msck']);
  });

  test('returns a failure for each listed gap, so a parser that learns one shows up', () => {
    for (const [gap, { example }] of Object.entries(PARSER_GAPS)) {
      const modes =
        gap === 'dropIfExists' || gap === 'externalTable' || gap === 'msck' || gap === 'addPartition'
          ? (['trino', 'hive', 'athena'] as const)
          : (['trino'] as const);
      for (const mode of modes) assert.equal(parses(example, mode), false, `${gap} in ${mode} mode`);
    }
  });

  test('throws when a statement does not parse', () => {
    assert.throws(() => parseAthena('SELECT FROM WHERE'), /cannot parse/);
    assert.throws(
      () => parseAthena("CREATE EXTERNAL TABLE `a`.`b` (`x` string) STORED AS ORC LOCATION 's3://b/'"),
      /unexpected Hive clauses/,
    );
  });
});
