import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { brotliDecompressSync, gzipSync } from 'node:zlib';
import { importFiles } from '../../src/ingest/importFiles.js';
import { curatedKey } from '../../src/store/keys.js';
import { freshStore, queryRows, tempDir } from '../helpers.js';
import { amplifyCsv, logLine, logLines } from './logText.js';

const NOW = new Date('2026-11-25T12:00:00Z');

async function writeFile(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(await tempDir(), name);
  await fs.writeFile(file, content);
  return file;
}

async function counts(store: Awaited<ReturnType<typeof freshStore>>) {
  const [row] = await queryRows(
    store,
    'SELECT count(*) AS n, count(DISTINCT request_id) AS u FROM access_logs',
    NOW,
  );
  return row;
}

describe('each request once', () => {
  test('returns no new rows and rewrites nothing when the same file is imported again', async () => {
    const store = await freshStore();
    const file = await writeFile('a.csv', amplifyCsv(logLines(200)));
    const first = await importFiles([file], { store, now: () => NOW });
    assert.equal(first.rowsImported, 200);
    const day = await fs.stat(await store.localPath(curatedKey('2026-11-20')));
    const again = await importFiles([file], { store, now: () => NOW });
    assert.equal(again.rowsImported, 0);
    assert.equal(again.duplicates, 200);
    const after = await fs.stat(await store.localPath(curatedKey('2026-11-20')));
    assert.equal(after.mtimeMs, day.mtimeMs, 'the day file was not rewritten');
    assert.deepEqual(await counts(store), { n: 200, u: 200 });
  });

  test('returns each request once when overlapping windows are imported one after the other', async () => {
    const store = await freshStore();
    const all = logLines(150);
    const a = await writeFile('a.csv', amplifyCsv(all.slice(0, 100)));
    const b = await writeFile('b.csv', amplifyCsv(all.slice(50)));
    assert.equal((await importFiles([a], { store, now: () => NOW })).rowsImported, 100);
    const second = await importFiles([b], { store, now: () => NOW });
    assert.equal(second.rowsImported, 50);
    assert.equal(second.duplicates, 50);
    assert.deepEqual(await counts(store), { n: 150, u: 150 });
  });

  test('returns each request once when overlapping files come in one import', async () => {
    const store = await freshStore();
    const all = logLines(150);
    const a = await writeFile('a.csv', amplifyCsv(all.slice(0, 100)));
    const b = await writeFile('b.csv', amplifyCsv(all.slice(50)));
    const summary = await importFiles([a, b], { store, now: () => NOW });
    assert.equal(summary.rowsRead, 200);
    assert.equal(summary.rowsImported, 150);
    assert.equal(summary.duplicates, 50);
    assert.deepEqual(await counts(store), { n: 150, u: 150 });
  });

  test('returns one raw object and no new rows when the same content comes plain and gzipped', async () => {
    const store = await freshStore();
    const content = amplifyCsv(logLines(20));
    await importFiles([await writeFile('a.csv', content)], { store, now: () => NOW });
    const gz = await importFiles([await writeFile('a.csv.gz', gzipSync(content))], { store, now: () => NOW });
    assert.equal(gz.rowsImported, 0);
    assert.equal((await store.list('raw/')).length, 1);
  });

  test('keeps a plain file byte for byte as brotli, and once when it comes again gzipped', async () => {
    const store = await freshStore();
    const content = amplifyCsv(logLines(20));
    const sha = createHash('sha256').update(content).digest('hex');
    const plain = await importFiles([await writeFile('a.csv', content)], { store, now: () => NOW });
    assert.equal(plain.files[0]?.rawKey, `raw/imports/${sha}.csv.br`);
    const kept = (await store.getBytes(`raw/imports/${sha}.csv.br`)) as Buffer;
    assert.equal(brotliDecompressSync(kept).toString('utf8'), content);
    const gz = await importFiles([await writeFile('a.csv.gz', gzipSync(content))], { store, now: () => NOW });
    assert.equal(gz.files[0]?.rawKey, `raw/imports/${sha}.csv.br`, 'the copy already held is named');
    assert.deepEqual(
      (await store.list('raw/')).map((o) => o.key),
      [`raw/imports/${sha}.csv.br`],
    );
  });

  test('keeps a gzip file as it came, and once when the same content comes again plain', async () => {
    const store = await freshStore();
    const content = amplifyCsv(logLines(20));
    const sha = createHash('sha256').update(content).digest('hex');
    await importFiles([await writeFile('a.csv.gz', gzipSync(content))], { store, now: () => NOW });
    const plain = await importFiles([await writeFile('a.csv', content)], { store, now: () => NOW });
    assert.equal(plain.rowsImported, 0);
    assert.deepEqual(
      (await store.list('raw/')).map((o) => o.key),
      [`raw/imports/${sha}.csv.gz`],
    );
  });

  test('returns each request once when the same request arrives as Amplify CSV and as CloudFront TSV', async () => {
    const store = await freshStore();
    const csv = await writeFile('a.csv', amplifyCsv(logLines(10)));
    const tsv = await writeFile('b.log', `${logLines(10, 'id', '2026-11-20', '\t').join('\n')}\n`);
    const summary = await importFiles([csv, tsv], { store, now: () => NOW });
    assert.equal(summary.rowsImported, 10);
    assert.equal(summary.duplicates, 10);
  });

  test('returns a row in the partition of its own date, and leaves days it does not touch alone', async () => {
    const store = await freshStore();
    const first = await writeFile(
      'a.csv',
      amplifyCsv([...logLines(5, 'x', '2026-11-20'), ...logLines(5, 'y', '2026-11-21')]),
    );
    await importFiles([first], { store, now: () => NOW });
    const untouched = await fs.stat(await store.localPath(curatedKey('2026-11-20')));
    const late = await writeFile(
      'b.csv',
      amplifyCsv([logLine({ date: '2026-11-21', 'x-edge-request-id': 'late' })]),
    );
    const summary = await importFiles([late], { store, now: () => NOW });
    assert.deepEqual(
      summary.days.map((d) => [d.day, d.added]),
      [['2026-11-21', 1]],
    );
    assert.equal((await fs.stat(await store.localPath(curatedKey('2026-11-20')))).mtimeMs, untouched.mtimeMs);
    const rows = await queryRows(
      store,
      'SELECT year, month, day, count(*) AS n FROM access_logs GROUP BY ALL ORDER BY ALL',
      NOW,
    );
    assert.deepEqual(rows, [
      { year: 2026, month: 11, day: 20, n: 5 },
      { year: 2026, month: 11, day: 21, n: 6 },
    ]);
  });
});

describe('rejected_lines', () => {
  test('returns each rejected line once with its source, line number and reason, however often it was imported', async () => {
    const store = await freshStore();
    const file = await writeFile(
      'a.csv',
      amplifyCsv([logLine({ 'x-edge-request-id': 'ok' }), 'not,a,log,line']),
    );
    await importFiles([file], { store, now: () => NOW });
    await importFiles([file], { store, now: () => NOW });
    const rows = await queryRows(store, 'SELECT source, line, reason, text FROM rejected_lines', NOW);
    assert.deepEqual(rows, [
      {
        source: file,
        line: 3,
        reason: 'too few fields: the line has 4, the header names 33',
        text: 'not,a,log,line',
      },
    ]);
  });
});
