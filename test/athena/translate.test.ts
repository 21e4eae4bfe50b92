import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { bindParameters } from '../../src/athena/bindParameters.js';
import { Random } from '../../src/demo/sim/random.js';
import { decodeSql } from '../../src/format/decodeSql.js';
import { athenaDecodeSql } from '../../src/lake/athenaDecode.js';
import { literal } from '../../src/sql/sql.js';
import { TRANSLATIONS } from '../support/athenaEmulator/AthenaEmulator.js';
import { openTrinoDuckDB } from '../support/athenaEmulator/registerTrinoFunctions.js';
import { substituteParameters, translateSql } from '../support/athenaEmulator/translateSql.js';
import {
  javaUrlDecode,
  trinoRegexpExtract,
  trinoRegexpReplace,
} from '../support/athenaEmulator/trinoFunctions.js';

const TODAY = '2026-03-31';

/** One case per rule of TRANSLATIONS: Athena SQL and what Athena answers. */
const RULE_CASES: Record<string, { sql: string; expected: unknown }> = {
  current_date: { sql: 'SELECT CAST(current_date AS VARCHAR)', expected: TODAY },
  "date_add('unit', n, x)": {
    sql: "SELECT CAST(date_add('month', -1, DATE '2026-03-31') AS DATE)",
    expected: '2026-02-28',
  },
  'url_decode(s)': { sql: "SELECT url_decode('a+b%20c')", expected: 'a b c' },
  'regexp_replace(s, p[, r])': {
    sql: "SELECT regexp_replace('a1b22', '(\\d+)', '<$1>')",
    expected: 'a<1>b<22>',
  },
  'regexp_extract(s, p[, g])': { sql: "SELECT regexp_extract('abc', 'z')", expected: null },
  'regexp_like(s, p)': { sql: "SELECT regexp_like('abc', 'b(?=c)')", expected: true },
  'concat(a, b, ...)': { sql: "SELECT concat('a', NULL, 'b')", expected: null },
  'to_utf8(s)': { sql: "SELECT to_hex(to_utf8('é'))", expected: 'C3A9' },
  'md5(b)': { sql: "SELECT to_hex(md5(to_utf8('abc')))", expected: '900150983CD24FB0D6963F7D28E17F72' },
  'to_hex(b)': { sql: "SELECT to_hex(to_utf8('Aé'))", expected: '41C3A9' },
  'json_parse(s)': { sql: `SELECT CAST(json_parse('["x", "y"]') AS ARRAY(VARCHAR))[2]`, expected: 'y' },
  'ARRAY(VARCHAR)': {
    sql: `SELECT contains(CAST(json_parse('["x"]') AS ARRAY(VARCHAR)), 'x')`,
    expected: true,
  },
  'array_join(a, sep)': { sql: "SELECT array_join(ARRAY['a', 'b'], '-')", expected: 'a-b' },
  "date_format(x, 'format')": {
    sql: "SELECT date_format(TIMESTAMP '2026-03-31 13:04:05', '%Y-%m-%d %H:%i:%s')",
    expected: '2026-03-31 13:04:05',
  },
  'approx_percentile(x, p)': {
    sql: 'SELECT approx_percentile(x, 0.5) FROM (VALUES (1), (2), (3)) AS t(x)',
    expected: 2,
  },
};

describe('the emulator translation of Athena SQL to DuckDB', () => {
  let connection: DuckDBConnection;
  before(async () => {
    connection = await openTrinoDuckDB('256MB');
  });
  after(() => connection.closeSync());

  const value = async (sql: string) =>
    (await connection.runAndReadAll(translateSql(sql, TODAY))).getRowsJson()[0]?.[0] ?? null;

  test('returns what Athena answers for every rule of the translation table', async () => {
    assert.deepEqual(
      Object.keys(RULE_CASES).sort(),
      TRANSLATIONS.map((t) => t.trino).sort(),
      'one case per rule',
    );
    for (const [rule, { sql, expected }] of Object.entries(RULE_CASES)) {
      assert.deepEqual(await value(sql), expected, rule);
    }
  });

  test('returns integer division when both sides are integers, as Trino does', async () => {
    assert.equal(await value('SELECT 7 / 2'), 3);
  });

  test('returns SQL untouched where both dialects agree, comments dropped', () => {
    const sql = `SELECT "concat", x.concat, 'current_date', count(*) FROM t -- concat(a, b)\nWHERE a = 'date_add(1)'`;
    assert.equal(
      translateSql(sql, TODAY),
      `SELECT "concat", x.concat, 'current_date', count(*) FROM t \nWHERE a = 'date_add(1)'`,
    );
  });

  test('returns the parameters in place when each is one literal, and refuses SQL in one', () => {
    assert.equal(
      substituteParameters("SELECT ?, '?', ?", ["'it''s'", "DATE '2026-01-01'"]),
      "SELECT 'it''s', '?', DATE '2026-01-01'",
    );
    assert.throws(() => substituteParameters('SELECT ?', ["'a' OR 1=1"]), /not a literal/);
    assert.throws(() => substituteParameters('SELECT ?, ?', ["'a'"]), /2 parameter placeholder\(s\) but 1/);
  });
});

describe('Trino functions as the emulator runs them', () => {
  test("returns what Java's URLDecoder returns, errors included", () => {
    assert.equal(javaUrlDecode('a+b%2Bc'), 'a b+c');
    assert.equal(javaUrlDecode('%C3%A9%2520'), 'é%20');
    assert.equal(javaUrlDecode('%FF'), '\uFFFD');
    assert.equal(javaUrlDecode('%+1'), '\u0001', 'Integer.parseInt accepts a sign');
    assert.throws(() => javaUrlDecode('%G1'), /Illegal hex characters/);
    assert.throws(() => javaUrlDecode('%-1'), /negative value/);
    assert.throws(() => javaUrlDecode('a%2'), /Incomplete trailing escape/);
  });

  test('returns every match replaced and NULL for no match, as Trino does', () => {
    assert.equal(trinoRegexpReplace('a.b.c', '\\.', ''), 'abc');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Trino's named group reference
    assert.equal(trinoRegexpReplace('ab', '(?<x>b)', '[${x}\\$]'), 'a[b$]');
    assert.equal(trinoRegexpExtract('https://www.example.com/x', '^[a-z]+://([^/]*)', 1), 'www.example.com');
    assert.equal(trinoRegexpExtract('nothing', '^x'), null);
  });
});

describe("Athena's decoding of log values", () => {
  let connection: DuckDBConnection;
  before(async () => {
    connection = await openTrinoDuckDB('256MB');
  });
  after(() => connection.closeSync());

  /** Each value decoded by the local import's SQL and by the Athena SQL (as Trino runs it). */
  const decodeBoth = async (values: readonly string[]) => {
    const rows = values.map((v) => `(${literal(v)})`).join(', ');
    const athena = translateSql(athenaDecodeSql('v'), TODAY);
    const reader = await connection.runAndReadAll(
      `SELECT v, ${decodeSql('v')} AS duckdb, ${athena} AS athena FROM (VALUES ${rows}) AS t(v)`,
    );
    return reader.getRowObjectsJS() as { v: string; duckdb: string; athena: string }[];
  };

  test('returns the same text as the local import when values hold escapes, +, bad % and bad UTF-8', async () => {
    const values = [
      'plain',
      '',
      '%20',
      'a+b%20c',
      'a%2Bb',
      '%',
      'a%2',
      '%G1x%20',
      '%FF',
      'x%C3%A9',
      '%EF%BF%BD',
      '%ef%bf%bd%FF',
      '\uFFFD%20',
      'a%C3',
      'Mozilla/5.0%20\\(X11;%20Linux)',
      'id\\=\\=',
      '%2520',
      '%+1',
      '%-1',
      '%00',
      '\\%41',
    ];
    for (const row of await decodeBoth(values)) assert.equal(row.athena, row.duckdb, JSON.stringify(row.v));
  });

  test('returns the same text as the local import on random percent-heavy values', async () => {
    const random = new Random(20261125);
    const alphabet = [
      '%',
      '%',
      '%',
      '2',
      '0',
      'F',
      'f',
      'G',
      'C',
      '3',
      'A',
      '9',
      '+',
      '\\',
      '=',
      'a',
      'é',
      'E',
      'B',
      'D',
      '\uFFFD',
    ];
    const values = Array.from({ length: 2000 }, () =>
      Array.from({ length: random.int(0, 12) }, () => alphabet[random.int(0, alphabet.length - 1)]).join(''),
    );
    for (const row of await decodeBoth(values)) assert.equal(row.athena, row.duckdb, JSON.stringify(row.v));
  });
});

describe('binding $name parameters for Athena', () => {
  test('returns ? placeholders and quoted literals when values come from logs', () => {
    const bound = bindParameters("SELECT * FROM t WHERE a = $a AND b = '$a' AND c = $n -- $a", {
      a: "x' OR '1'='1",
      n: 1.5,
    });
    assert.equal(bound.sql, "SELECT * FROM t WHERE a = ? AND b = '$a' AND c = ? -- $a");
    assert.deepEqual(bound.parameters, ["'x'' OR ''1''=''1'", '1.5E0']);
  });

  test('returns pieces of at most 1024 characters when a value is longer than one parameter', () => {
    const long = `${"'".repeat(700)}${'é'.repeat(900)}`;
    const bound = bindParameters('SELECT $v', { v: long });
    assert.match(bound.sql, /^SELECT concat\(\?(, \?)+\)$/);
    assert.ok(bound.parameters.every((p) => p.length <= 1024));
    assert.equal(bound.parameters.map((p) => p.slice(1, -1).replaceAll("''", "'")).join(''), long);
  });

  test('returns the configured view names when the DuckDB names are used', () => {
    const rename = new Map([
      ['access_logs', 'site'],
      ['access_logs_week', 'site_week'],
    ]);
    const bound = bindParameters(
      'SELECT * FROM access_logs_week JOIN "access_logs" ON x.access_logs = 1',
      {},
      rename,
    );
    assert.equal(bound.sql, 'SELECT * FROM site_week JOIN "site" ON x.access_logs = 1');
  });

  test('throws when a $name has no value', () => {
    assert.throws(() => bindParameters('SELECT $missing'), /uses \$missing, which has no value/);
  });
});
