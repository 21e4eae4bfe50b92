import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { importFiles } from '../../src/ingest/importFiles.js';
import { compactDay } from '../../src/lake/compact.js';
import { curatedKey } from '../../src/store/keys.js';
import { freshStore, tempDir } from '../helpers.js';
import { AMPLIFY_HEADER, amplifyCsv, logLine } from '../ingest/logText.js';
import { type AthenaSetup, dayRows, NO_WAIT, putRawWindow, runSetup, startAthena } from './support.js';

const NOW = new Date('2026-03-31T10:00:00Z');
const DAY = '2026-03-30';

/** A file imported before the windows: the day already holds `r1` (another row of it). */
const HELD = [
  logLine({ date: DAY, time: '23:00:00', 'x-edge-request-id': 'r1\\=\\=', 'cs-uri-stem': '/held' }),
];

/** The window of 10:00 on DAY: every quirk the decoding and the duplicate rule must handle. */
const WINDOW = [
  logLine({ date: DAY, time: '10:00:01', 'x-edge-request-id': 'r1\\=\\=', 'cs-uri-stem': '/new' }),
  logLine({
    date: DAY,
    time: '10:00:02',
    'x-edge-request-id': 'r2',
    'cs(User-Agent)': 'Mozilla/5.0%20\\(Windows%20NT%2010.0;%20Win64)',
    'cs-uri-query': 'q=a+b%2Bc&x=%2520',
  }),
  logLine({ date: DAY, time: '10:00:09', 'x-edge-request-id': 'r2', 'cs-uri-stem': '/later-copy' }),
  logLine({ date: DAY, time: '10:00:03', 'x-edge-request-id': 'r3', 'cs-uri-stem': '/caf%C3%A9%FF' }),
  logLine({ date: DAY, time: '10:00:04', 'x-edge-request-id': 'r4', 'cs-uri-stem': '/bad%G1%20escape' }),
  logLine({ date: DAY, time: '10:00:05', 'x-edge-request-id': 'r5', 'sc-status': '000', 'sc-bytes': '-0' }),
  logLine({
    date: DAY,
    time: '10:00:06',
    'x-edge-request-id': 'r6',
    'cs(Referer)': '-0',
    'time-taken': '0.302',
  }),
  AMPLIFY_HEADER,
  logLine({ date: DAY, time: '10:00:07', 'x-edge-request-id': 'r7', 'sc-bytes': 'x' }),
  logLine({ date: DAY, time: '10:00:08', 'x-edge-request-id': '-' }),
  logLine({ date: '2001-01-01', 'x-edge-request-id': 'r8' }),
  logLine({ date: DAY, time: '10:00:10', 'x-edge-request-id': 'r9' }).split(',').slice(0, 20).join(','),
  logLine({ date: '2026-04-05', 'x-edge-request-id': 'r10' }),
];

/** The window of 00:00 on the next day, holding one late row of DAY and one of its own day. */
const NEXT = [
  logLine({ date: DAY, time: '23:59:59', 'x-edge-request-id': 'r11' }),
  logLine({ date: '2026-03-31', time: '00:00:01', 'x-edge-request-id': 'r12' }),
];

async function writeFile(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, name.endsWith('.gz') ? gzipSync(text) : text);
  return file;
}

describe('compaction on Athena', () => {
  let athena: AthenaSetup;
  let local: Awaited<ReturnType<typeof freshStore>>;
  before(async () => {
    athena = await startAthena({ now: () => NOW });
    await runSetup(athena);
    const dir = await tempDir();
    const held = await writeFile(dir, 'held.csv', amplifyCsv(HELD));
    local = await freshStore();
    await importFiles([held], { store: local, now: () => NOW });
    await importFiles(
      [
        await writeFile(dir, 'w1.csv.gz', amplifyCsv(WINDOW)),
        await writeFile(dir, 'w2.csv.gz', amplifyCsv(NEXT)),
      ],
      { store: local, now: () => NOW },
    );
    await importFiles([held], { store: athena.store, now: () => NOW });
    await putRawWindow(athena.store, DAY, '10-11', WINDOW);
    await putRawWindow(athena.store, '2026-03-31', '00-01', NEXT);
  });
  after(() => athena.stop());

  const compact = () =>
    compactDay(DAY, { config: athena.config, store: athena.store, client: athena.client, run: NO_WAIT });

  test('returns the same curated rows as the local import when the day is compacted from the same windows', async () => {
    const result = await compact();
    assert.deepEqual(
      {
        held: result.held,
        rawRows: result.rawRows,
        rows: result.rows,
        added: result.added,
        replaced: result.replaced,
      },
      { held: 1, rawRows: 8, rows: 7, added: 6, replaced: true },
    );
    assert.deepEqual(result.rejected.map((r) => r.reason).sort(), [
      'no x-edge-request-id: the request cannot be kept exactly once without one',
      'sc-bytes is not a whole number',
      'the date is before CloudFront existed (2008-11-01)',
      'the date is in the future',
      'too few fields: the header names 33',
    ]);
    const [athenaRows, localRows] = [await dayRows(athena.store, DAY, NOW), await dayRows(local, DAY, NOW)];
    assert.deepEqual(athenaRows, localRows);
    const byId = new Map(athenaRows.map((row) => [row[14], row]));
    assert.equal(byId.get('r1==')?.[7], '/held', 'the row the day held is kept');
    assert.equal(byId.get('r2')?.[10], 'Mozilla/5.0 (Windows NT 10.0; Win64)');
    assert.equal(byId.get('r2')?.[11], 'q=a+b+c&x=%20');
    assert.equal(byId.get('r3')?.[7], '/caf%C3%A9%FF', 'not UTF-8 once decoded: kept undecoded');
    assert.equal(byId.get('r4')?.[7], '/bad%G1 escape');
    assert.deepEqual([byId.get('r5')?.[3], byId.get('r5')?.[8]], [null, 0]);
    assert.ok(byId.has('r11'), "a row of the day from the next day's window");
  });

  test('returns without rewriting the day file when compacted again', async () => {
    const before = (await athena.store.list(curatedKey(DAY)))[0]?.etag;
    const result = await compact();
    assert.deepEqual([result.added, result.replaced, result.rows], [0, false, 7]);
    assert.equal((await athena.store.list(curatedKey(DAY)))[0]?.etag, before);
    assert.deepEqual(await athena.store.list(`tmp/athena-compact/${DAY}/`), [], 'scratch files removed');
  });

  test('leaves the day file as it was when Athena fails the merge, and the next run cleans up', async () => {
    await putRawWindow(athena.store, DAY, '11-12', [
      logLine({ date: DAY, time: '11:00:00', 'x-edge-request-id': 'r13' }),
    ]);
    const before = (await athena.store.list(curatedKey(DAY)))[0]?.etag;
    athena.emulator.script({
      match: /^CREATE TABLE/,
      end: { state: 'FAILED', reason: 'HIVE_TOO_MANY_OPEN_PARTITIONS: x', category: 2 },
    });
    await assert.rejects(compact(), /HIVE_TOO_MANY_OPEN_PARTITIONS/);
    assert.equal((await athena.store.list(curatedKey(DAY)))[0]?.etag, before);
    const result = await compact();
    assert.deepEqual([result.added, result.rows], [1, 8]);
  });

  test('returns every compaction statement run on Athena, none pasting log text into SQL', () => {
    const sent = athena.emulator.executions.map((e) => e.sql).join('\n');
    assert.doesNotMatch(sent, /Mozilla|r13|Win64/);
  });
});
