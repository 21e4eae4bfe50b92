import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLOUDFRONT_FIELDS, LOG_COLUMNS } from '../../src/format/schema.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import type { LocalStore } from '../../src/store/LocalStore.js';
import { freshStore, queryRows, REAL_SAMPLES } from '../helpers.js';

/**
 * Every real public sample is imported on its own into a fresh store, and every decoded value of
 * every row is compared with an independent reference reading written here from FORMAT.md's
 * rules (not with the code under test), then the quirks are asserted by hand.
 */

const NOW = new Date('2026-11-25T12:00:00Z');

/** FORMAT.md's rules, written independently: `-`/`-0` → NULL, strip backslashes, percent-decode once. */
function referenceText(raw: string): string | null {
  if (raw === '-' || raw === '-0' || raw === '') return null;
  const unescaped = raw.replaceAll('\\', '');
  const bytes: number[] = [];
  for (let i = 0; i < unescaped.length; ) {
    const hex = unescaped.slice(i + 1, i + 3);
    if (unescaped[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 3;
    } else {
      const char = String.fromCodePoint(unescaped.codePointAt(i) as number);
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length;
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return unescaped;
  }
}

function referenceValue(raw: string | undefined, type: string): unknown {
  if (raw === undefined || raw === '-' || raw === '-0' || raw === '') return null;
  if (type === 'BIGINT' || type === 'INTEGER') return Number(raw);
  if (type === 'FLOAT') return Number(raw);
  if (type === 'DATE') return raw;
  if (raw.includes('%') || raw.includes('\\')) return referenceText(raw);
  return raw;
}

interface Sample {
  fields: readonly string[];
  rows: string[][];
}

/** Reads a sample the simple way: its header (or position) for field names, one row a data line. */
async function readSample(file: string): Promise<Sample> {
  const lines = (await fs.readFile(path.join(REAL_SAMPLES, file), 'utf8'))
    .split('\n')
    .filter((l) => l !== '');
  const csv = file.startsWith('amplify_csv');
  const delimiter = csv ? ',' : '\t';
  let fields: readonly string[] | undefined;
  const rows: string[][] = [];
  for (const line of lines) {
    if (line.startsWith('#Fields:')) fields = line.slice(8).trim().split(/\s+/);
    else if (line.startsWith('#')) continue;
    else if (csv && line.startsWith('date,')) fields = line.split(',').map((f) => f.replaceAll('\\', ''));
    else rows.push(line.split(delimiter));
  }
  return {
    fields:
      fields ??
      CLOUDFRONT_FIELDS.slice(0, (rows[0] ?? []).filter((v, i, a) => i < a.length - 1 || v !== '').length),
    rows,
  };
}

function expectedRow(fields: readonly string[], values: string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of LOG_COLUMNS) {
    const index = fields.indexOf(column.field);
    row[column.name] = referenceValue(index < 0 ? undefined : values[index], column.type);
  }
  row.timestamp = `${row.date} ${row.time}`;
  return row;
}

async function importSample(file: string): Promise<{ store: LocalStore; rows: Record<string, unknown>[] }> {
  const store = await freshStore();
  const summary = await importFiles([path.join(REAL_SAMPLES, file)], { store, now: () => NOW });
  assert.equal(summary.failed, 0, `${file} failed: ${summary.files[0]?.note}`);
  const columns = [...LOG_COLUMNS.map((c) => c.name), 'timestamp'].map((c) => `"${c}"`).join(', ');
  const rows = await queryRows(
    store,
    `SELECT ${columns} FROM access_logs ORDER BY "timestamp", request_id`,
    NOW,
  );
  return { store, rows };
}

/** Lines of a sample that must be rejected (1-based line numbers in the file). */
const REJECTED: Record<string, number[]> = {
  'cloudfront_tsv__linz_basemaps_file.process.test.log': [3, 6, 7],
};

const SAMPLE_FILES = [
  'amplify_csv__logzio_fixture.csv',
  'amplify_csv__unnamed_repo_classify_test_row.csv',
  'cloudfront_tsv__KloudfrontBlogStats_LogParsingTest.log',
  'cloudfront_tsv__aws-waf-security-automations_issue_188.log',
  'cloudfront_tsv__aws_cloudfront_devguide_example.log',
  'cloudfront_tsv__claygregory_web-1-0-2019-12.txt',
  'cloudfront_tsv__claygregory_web-1-0.txt',
  'cloudfront_tsv__code-dot-org_docs_log-formats.log',
  'cloudfront_tsv__datadog_pipeline_sample.log',
  'cloudfront_tsv__dynatrace_forwarder_test.log',
  'cloudfront_tsv__goaccess_issue_2901.log',
  'cloudfront_tsv__linz_basemaps_file.process.test.log',
  'cloudfront_tsv__node-log-dissector_comment.log',
  'cloudfront_tsv__webreadr_log.aws',
];

describe('real samples', () => {
  test('returns every sample file, so none is left untested', async () => {
    const files = (await fs.readdir(REAL_SAMPLES)).filter((f) => f !== 'SOURCES.md').sort();
    assert.deepEqual(files, [...SAMPLE_FILES].sort());
  });

  for (const file of SAMPLE_FILES) {
    test(`returns the reference reading of every value when importing ${file}`, async () => {
      const sample = await readSample(file);
      const { rows } = await importSample(file);
      const rejectedLines = new Set(REJECTED[file] ?? []);
      const text = (await fs.readFile(path.join(REAL_SAMPLES, file), 'utf8')).split('\n');
      const keptValues = sample.rows.filter(
        (values) =>
          !rejectedLines.has(text.indexOf(values.join(file.startsWith('amplify') ? ',' : '\t')) + 1),
      );
      const byId = new Map<string, Record<string, unknown>>();
      for (const values of keptValues) {
        const row = expectedRow(sample.fields, values);
        const id = row.request_id as string;
        const held = byId.get(id);
        if (!held || (row.timestamp as string) < (held.timestamp as string)) byId.set(id, row);
      }
      const expected = [...byId.values()].sort((a, b) =>
        `${a.timestamp} ${a.request_id}` < `${b.timestamp} ${b.request_id}` ? -1 : 1,
      );
      assert.deepEqual(rows, expected);
    });
  }

  test('returns Amplify quirks decoded when importing the logz.io export', async () => {
    const { rows } = await importSample('amplify_csv__logzio_fixture.csv');
    assert.equal(rows.length, 4);
    const first = rows[0] as Record<string, unknown>;
    assert.equal(first.request_id, 'mnKM9AcgsaDFLFGPdIKVgrslLGBBtTWFep2GzhHIIOSXsqiLz5cIHg==');
    assert.equal(
      first.user_agent,
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML like Gecko) Chrome/102.0.0.0 Safari/537.36',
    );
    assert.equal(first.host, 'zzz.cloudfront.net');
    assert.equal(first.host_header, 'master.zzz.amplifyapp.com');
    for (const empty of [
      'referrer',
      'query_string',
      'cookie',
      'xforwarded_for',
      'fle_status',
      'fle_encrypted_fields',
      'sc_range_start',
      'sc_range_end',
    ]) {
      assert.equal(first[empty], null, `${empty} is NULL where the export wrote -0`);
    }
    assert.equal(first.sc_content_len, 644);
    assert.equal(first.time_taken, 0.302);
    assert.equal(first.c_port, 50382);
    assert.equal(first.status, 200);
    assert.equal(first.date, '2022-06-13');
    assert.equal(first.timestamp, '2022-06-13 13:52:05');
    assert.equal(rows[1]?.sc_content_len, null, '-0 in a number column is NULL, not 0');
  });

  test('returns the query string without its backslashes when importing an HTTP/3 Amplify row', async () => {
    const { rows } = await importSample('amplify_csv__unnamed_repo_classify_test_row.csv');
    assert.equal(rows[0]?.query_string, 'code=REDACTED&state=REDACTED');
    assert.equal(rows[0]?.http_version, 'HTTP/3.0');
    assert.equal(rows[0]?.request_id, 'x_XaI0l');
    assert.equal(rows[0]?.host_header, 'learner.quantumenv.dev');
  });

  test('returns quotes and commas in the user agent when importing a CloudFront line', async () => {
    const { rows } = await importSample('cloudfront_tsv__goaccess_issue_2901.log');
    assert.match(
      rows[0]?.user_agent as string,
      /futurologist \("Mozilla\/5\.0 \(Macintosh; .*\(KHTML, like Gecko\) .*Safari\/605\.1\.15"\)$/,
    );
    assert.equal(rows[0]?.bytes, 1571170);
    assert.equal(rows[0]?.time_to_first_byte, 0.026);
  });

  test('returns %20 when a pre-2020 log double-encoded a space', async () => {
    const { rows } = await importSample('cloudfront_tsv__datadog_pipeline_sample.log');
    assert.equal(rows[0]?.user_agent, 'NetSuite/2019.2%20(SuiteScript)');
  });

  test('returns a row for the line with a stray trailing tab in the AWS guide example', async () => {
    const { rows } = await importSample('cloudfront_tsv__aws_cloudfront_devguide_example.log');
    assert.equal(rows.length, 6);
    const error = rows.find(
      (r) => r.request_id === '1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==',
    );
    assert.equal(error?.status, 502);
    assert.equal(error?.x_edge_detailed_result_type, 'OriginDnsError');
    assert.equal(error?.sc_content_len, 507);
  });

  test('returns NULL for fields a 19-field or 24-field era file does not have', async () => {
    const { rows: oldest } = await importSample('cloudfront_tsv__webreadr_log.aws');
    assert.equal(oldest.length, 2);
    assert.equal(oldest[0]?.request_protocol, 'http');
    assert.equal(oldest[0]?.request_bytes, null);
    assert.equal(oldest[0]?.time_taken, 0.001);
    assert.equal(oldest[0]?.ssl_protocol, null);
    assert.equal(oldest[1]?.query_string, 'a=b&c=d');
    assert.equal(oldest[1]?.cookie, 'zip=50158');
    const { rows: era24 } = await importSample('cloudfront_tsv__claygregory_web-1-0.txt');
    assert.equal(era24[0]?.http_version, 'HTTP/1.1');
    assert.equal(era24[0]?.response_result_type, 'RefreshHit');
    assert.equal(era24[0]?.c_port, null);
  });

  test('returns one row for the three redacted lines sharing a request id', async () => {
    const { rows } = await importSample('cloudfront_tsv__KloudfrontBlogStats_LogParsingTest.log');
    assert.equal(rows.length, 1, 'the id is the key: the sample redacted all three ids to the same value');
    assert.equal(rows[0]?.time, '05:35:49', 'the earliest of the rows sharing the id is kept');
  });

  test('returns the malformed lines of the linz sample as rejects with their line numbers and reasons', async () => {
    const store = await freshStore();
    const summary = await importFiles(
      [path.join(REAL_SAMPLES, 'cloudfront_tsv__linz_basemaps_file.process.test.log')],
      {
        store,
        now: () => NOW,
      },
    );
    assert.equal(summary.rowsRead, 2);
    assert.equal(summary.rejected, 3);
    const key = summary.files[0]?.rejectedKey as string;
    const { gunzipSync } = await import('node:zlib');
    const records = gunzipSync((await store.getBytes(key)) as Buffer)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(
      records.map((r) => [r.line, r.reason]),
      [
        [3, 'too few fields: the line has 32, the header names 33'],
        [6, 'too few fields: the line has 31, the header names 33'],
        [7, 'too few fields: the line has 31, the header names 33'],
      ],
    );
    assert.match(records[0].text, /^2020-07-28\t01:11:25\tAKL50-C1\t/);
    assert.equal(records[0].source.endsWith('linz_basemaps_file.process.test.log'), true);
  });
});
