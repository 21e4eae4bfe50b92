import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { gunzipSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { CLOUDFRONT_FIELDS } from '../../src/format/schema.js';
import { type ImportSummary, importFiles } from '../../src/ingest/importFiles.js';
import type { LocalStore } from '../../src/store/LocalStore.js';
import { freshStore, queryRows, tempDir } from '../helpers.js';
import { AMPLIFY_HEADER, amplifyCsv, logLine, logLines } from './logText.js';

const NOW = new Date('2026-11-25T12:00:00Z');

async function importText(
  content: string | Buffer,
  name = 'input.csv',
): Promise<{ store: LocalStore; summary: ImportSummary; file: string }> {
  const dir = await tempDir();
  const file = path.join(dir, name);
  await fs.writeFile(file, content);
  const store = await freshStore();
  const summary = await importFiles([file], { store, now: () => NOW });
  return { store, summary, file };
}

async function rejectedRecords(
  store: LocalStore,
  summary: ImportSummary,
): Promise<Record<string, unknown>[]> {
  const key = summary.files[0]?.rejectedKey;
  if (!key) return [];
  const text = gunzipSync((await store.getBytes(key)) as Buffer).toString('utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

async function ids(store: LocalStore): Promise<string[]> {
  return (await queryRows(store, 'SELECT request_id FROM access_logs ORDER BY request_id', NOW)).map(
    (r) => r.request_id as string,
  );
}

/** Every non-blank line is a row, a header, or a reject: nothing disappears without a trace. */
function assertAccounted(content: string, summary: ImportSummary): void {
  const lines = content.split('\n').filter((l) => l.replace(/\r$/, '').trim() !== '').length;
  const file = summary.files[0];
  const rejects = (file?.rejected ?? 0) - (file?.note ? 1 : 0);
  assert.equal(
    (file?.rows ?? 0) + (file?.headerLines ?? 0) + rejects,
    lines,
    'rows + headers + rejects = lines',
  );
}

describe('bad input', () => {
  test('returns a failure naming the file, and stores nothing, when the file is random bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    const { store, summary } = await importText(bytes, 'random.bin');
    assert.equal(summary.failed, 1);
    assert.match(summary.files[0]?.note ?? '', /random\.bin is not an Amplify or CloudFront access log/);
    assert.deepEqual(await store.list('raw/'), []);
  });

  test('returns a failure when the file is a gzip stream of garbage', async () => {
    const { summary } = await importText(
      Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(100, 7)]),
      'x.gz',
    );
    assert.equal(summary.failed, 1);
    assert.match(summary.files[0]?.note ?? '', /x\.gz is corrupt: its gzip data fails its integrity check/);
  });

  test('returns the lines before the cut when a gzip file is truncated, and says so', async () => {
    const content = amplifyCsv(logLines(2000));
    const gz = gzipSync(content);
    const { store, summary } = await importText(gz.subarray(0, Math.floor(gz.length * 0.6)), 'cut.csv.gz');
    const file = summary.files[0];
    assert.equal(file?.status, 'imported');
    assert.match(file?.note ?? '', /cut short \(the file is truncated\)/);
    assert.ok((file?.rows ?? 0) > 100 && (file?.rows ?? 0) < 2000, `read ${file?.rows} of 2000 rows`);
    const kept = await ids(store);
    assert.equal(kept.length, file?.rows);
    const records = await rejectedRecords(store, summary);
    assert.ok(records.some((r) => r.line === 0 && /truncated/.test(r.reason as string)));
  });

  test('returns clear reasons for lines with too few or too many fields, impossible dates, times and numbers', async () => {
    const good = logLines(3, 'good');
    const bad = [
      logLine({ 'x-edge-request-id': 'few' }).split(',').slice(0, 20).join(','),
      `${logLine({ 'x-edge-request-id': 'many' })},extra,fields`,
      logLine({ date: '2026-13-45', 'x-edge-request-id': 'baddate' }),
      logLine({ time: '25:61:00', 'x-edge-request-id': 'badtime' }),
      logLine({ 'sc-bytes': 'abc', 'x-edge-request-id': 'badbytes' }),
      logLine({ 'sc-status': '99999999999', 'x-edge-request-id': 'bigstatus' }),
      logLine({ 'time-taken': '0.0.1', 'x-edge-request-id': 'badfloat' }),
      logLine({ date: '-', 'x-edge-request-id': 'nodate' }),
    ];
    const content = amplifyCsv([good[0] as string, ...bad, good[1] as string, good[2] as string]);
    const { store, summary } = await importText(content);
    assert.deepEqual(await ids(store), ['good0', 'good1', 'good2']);
    const reasons = (await rejectedRecords(store, summary)).map((r) => [r.line, r.reason]);
    assert.deepEqual(reasons, [
      [3, 'too few fields: the line has 20, the header names 33'],
      [4, 'too many fields: the line has 35, the header names 33'],
      [5, 'date is "2026-13-45", not a valid date (YYYY-MM-DD)'],
      [6, 'time is "25:61:00", not a valid time (HH:MM:SS)'],
      [7, 'sc-bytes is "abc", not a whole number'],
      [8, 'sc-status is "99999999999", not a whole number of at most 10 digits'],
      [9, 'time-taken is "0.0.1", not a number'],
      [10, 'date is empty, but every line needs one'],
    ]);
    assertAccounted(content, summary);
  });

  test('returns the undecoded value when a percent sequence is not UTF-8 after decoding', async () => {
    const { store } = await importText(
      amplifyCsv([logLine({ 'cs-uri-stem': '/caf%C3%28%20x', 'x-edge-request-id': 'a' })]),
    );
    const rows = await queryRows(store, 'SELECT uri FROM access_logs', NOW);
    assert.equal(rows[0]?.uri, '/caf%C3%28%20x');
  });

  test('returns the other lines and rejects with exact bytes a line that is not UTF-8', async () => {
    const lines = logLines(3);
    const bad = Buffer.from(logLine({ 'cs-uri-stem': '/x\u00ff', 'x-edge-request-id': 'latin1' }), 'latin1');
    const content = Buffer.concat([
      Buffer.from(`${AMPLIFY_HEADER}\n${lines[0]}\n`),
      bad,
      Buffer.from(`\n${lines[1]}\n${lines[2]}\n`),
    ]);
    const { store, summary } = await importText(content);
    assert.deepEqual(await ids(store), ['id0', 'id1', 'id2']);
    const [record] = await rejectedRecords(store, summary);
    assert.equal(record?.line, 3);
    assert.equal(record?.reason, 'not valid UTF-8 text');
    assert.deepEqual(Buffer.from(record?.base64 as string, 'base64'), bad);
  });

  test('returns each line once when a plain file turns out unclean only at its end, after the fast reader began', async () => {
    // The check runs in the same background pass as the hash and the raw copy, while the fast
    // reader already reads: a carriage return and a bad byte at the end make it drop that staging.
    const lines = logLines(20000);
    const bad = Buffer.from(logLine({ 'cs-uri-stem': '/x\u00ff', 'x-edge-request-id': 'latin1' }), 'latin1');
    const content = Buffer.concat([
      Buffer.from(`${AMPLIFY_HEADER}\n${lines.join('\n')}\r\n`),
      bad,
      Buffer.from('\n'),
    ]);
    const { store, summary } = await importText(content);
    assert.equal(summary.rowsRead, 20000);
    assert.equal(summary.rowsImported, 20000);
    assert.equal(summary.rejected, 1);
    const [row] = await queryRows(
      store,
      'SELECT count(*) AS n, count(DISTINCT request_id) AS u FROM access_logs',
      NOW,
    );
    assert.deepEqual(row, { n: 20000, u: 20000 });
    const [record] = await rejectedRecords(store, summary);
    assert.equal(record?.line, 20002);
    assert.equal((await store.list('tmp/')).length, 0, 'no staging is left behind');
  });

  test('returns every line when the file has CRLF or mixed line ends and a byte-order mark', async () => {
    const lines = logLines(4);
    const content = `\uFEFF${AMPLIFY_HEADER}\r\n${lines[0]}\r\n${lines[1]}\n${lines[2]}\r\n${lines[3]}`;
    const { store, summary } = await importText(content);
    assert.deepEqual(await ids(store), ['id0', 'id1', 'id2', 'id3']);
    assert.equal(summary.rejected, 0);
    const rows = await queryRows(
      store,
      "SELECT sc_content_type FROM access_logs WHERE request_id = 'id3'",
      NOW,
    );
    assert.equal(rows[0]?.sc_content_type, 'text/html', 'no carriage return left in the last field');
  });

  test('returns a header repeated inside a stitched file as a header, not a reject', async () => {
    const content = amplifyCsv([...logLines(2, 'a'), AMPLIFY_HEADER, ...logLines(2, 'b')]);
    const { store, summary } = await importText(content);
    assert.deepEqual(await ids(store), ['a0', 'a1', 'b0', 'b1']);
    assert.equal(summary.rejected, 0);
    assert.equal(summary.files[0]?.headerLines, 2);
  });

  test('returns each part with its own fields when CloudFront files of two eras are concatenated', async () => {
    const old = CLOUDFRONT_FIELDS.slice(0, 24);
    const oldLine = (id: string) =>
      logLine({ 'x-edge-request-id': id, 'cs-uri-query': 'q=1' }, '\t').split('\t').slice(0, 24).join('\t');
    const content = [
      '#Version: 1.0',
      `#Fields: ${old.join(' ')}`,
      oldLine('old1'),
      oldLine('old2'),
      '#Version: 1.0',
      `#Fields: ${CLOUDFRONT_FIELDS.join(' ')}`,
      logLine({ 'x-edge-request-id': 'new1', 'c-port': '4242' }, '\t'),
      '',
    ].join('\n');
    const { store, summary } = await importText(content, 'two-eras.log');
    assert.equal(summary.rejected, 0);
    const rows = await queryRows(
      store,
      'SELECT request_id, query_string, c_port FROM access_logs ORDER BY 1',
      NOW,
    );
    assert.deepEqual(rows, [
      { request_id: 'new1', query_string: null, c_port: 4242 },
      { request_id: 'old1', query_string: 'q=1', c_port: null },
      { request_id: 'old2', query_string: 'q=1', c_port: null },
    ]);
    assertAccounted(content, summary);
  });

  test('quarantines rows without a request id and rows dated before CloudFront or in the future', async () => {
    const content = amplifyCsv([
      logLine({ 'x-edge-request-id': '-' }),
      logLine({ 'x-edge-request-id': 'ok' }),
      logLine({ 'x-edge-request-id': 'old', date: '1999-01-01' }),
      logLine({ 'x-edge-request-id': 'future', date: '2030-01-01' }),
    ]);
    const { store, summary } = await importText(content);
    assert.deepEqual(await ids(store), ['ok']);
    assert.deepEqual(
      (await rejectedRecords(store, summary)).map((r) => [r.line, r.reason]),
      [
        [2, 'no x-edge-request-id: the request cannot be kept exactly once without one'],
        [4, 'the date is before CloudFront existed (2008-11-01)'],
        [5, 'the date is in the future'],
      ],
    );
    assertAccounted(content, summary);
  });

  test('rejects a line longer than 2 MB and keeps the others', async () => {
    const long = logLine({ 'cs-uri-stem': `/${'x'.repeat(2_100_000)}`, 'x-edge-request-id': 'long' });
    const content = amplifyCsv([
      logLine({ 'x-edge-request-id': 'a' }),
      long,
      logLine({ 'x-edge-request-id': 'b' }),
    ]);
    const { store, summary } = await importText(content);
    assert.deepEqual(await ids(store), ['a', 'b']);
    assert.equal(
      (await rejectedRecords(store, summary))[0]?.reason,
      'the line is longer than 2,000,000 bytes',
    );
  });

  test('returns rows and ignores a field the schema does not know', async () => {
    const header = `${AMPLIFY_HEADER},c-country`;
    const content = `${header}\n${logLine({ 'x-edge-request-id': 'a' })},NZ\n`;
    const { store, summary } = await importText(content);
    assert.deepEqual(await ids(store), ['a']);
    assert.equal(summary.rejected, 0);
  });

  test('returns an empty outcome for a 0-byte file and zero rows for a header-only file', async () => {
    const empty = await importText('', 'empty.csv');
    assert.equal(empty.summary.files[0]?.status, 'empty');
    assert.equal(empty.summary.failed, 0);
    const headerOnly = await importText(`${AMPLIFY_HEADER}\n`, 'header.csv');
    assert.equal(headerOnly.summary.files[0]?.status, 'imported');
    assert.equal(headerOnly.summary.rowsRead, 0);
    assert.equal(headerOnly.summary.rejected, 0);
  });

  test('throws a clear error when a folder holds no files', async () => {
    const dir = await tempDir();
    const store = await freshStore();
    await assert.rejects(importFiles([dir], { store }), /the folder .* holds no files to import/);
  });

  test('returns non-log files found in a folder as skipped, not failed', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'notes.md'), '# My logs\n');
    await fs.writeFile(path.join(dir, 'a.csv'), amplifyCsv(logLines(2)));
    const store = await freshStore();
    const summary = await importFiles([dir], { store, now: () => NOW });
    assert.deepEqual(
      summary.files.map((f) => [path.basename(f.source), f.status]),
      [
        ['a.csv', 'imported'],
        ['notes.md', 'skipped'],
      ],
    );
    assert.equal(summary.failed, 0);
  });
});

describe('damaged gzip', () => {
  const content = amplifyCsv(logLines(3000));
  const gz = gzipSync(content);

  test('returns every line when junk follows a complete gzip stream', async () => {
    const { store, summary } = await importText(
      Buffer.concat([gz, Buffer.from('junk after the end')]),
      'junk.gz',
    );
    assert.equal(summary.files[0]?.rows, 3000);
    assert.equal((await ids(store)).length, 3000);
    assert.match(summary.files[0]?.note ?? '', /junk after the end of the gzip data was ignored/);
  });

  test('refuses the whole file, storing nothing, when bytes inside the gzip data are corrupt', async () => {
    const corrupt = Buffer.from(gz);
    const middle = Math.floor(gz.length / 2);
    corrupt.set(
      corrupt.subarray(middle, middle + 40).map((byte) => byte ^ 0x5a),
      middle,
    );
    const { store, summary } = await importText(corrupt, 'corrupt.gz');
    assert.equal(summary.files[0]?.status, 'failed');
    assert.match(
      summary.files[0]?.note ?? '',
      /corrupt\.gz is corrupt: its gzip data fails its integrity check/,
    );
    assert.deepEqual(
      await ids(store),
      [],
      'deflate keeps producing plausible lines after damage: none are trusted',
    );
    assert.deepEqual(await store.list('raw/'), []);
  });

  test('returns the same rows whether a cut file is read in one pass or recovered', async () => {
    const cut = gz.subarray(0, Math.floor(gz.length * 0.7));
    const { summary } = await importText(cut, 'cut.gz');
    const expected = (gunzipPartial(cut).match(/\n/g)?.length ?? 0) - 1;
    assert.equal(summary.files[0]?.rows, expected, 'every complete line that came out of the cut stream');
  });
});

/** Independent check: what zlib yields from a cut stream when asked to flush what it has. */
function gunzipPartial(data: Buffer): string {
  return gunzipSync(data, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
}
