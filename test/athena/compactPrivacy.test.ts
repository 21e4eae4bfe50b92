// Athena compaction of a store that anonymises addresses keeps the same rows as the local import
// of the same windows: addresses truncated, visitor keys from the day's salt, countries looked up
// before truncation; and no address in clear reaches the curated file or a query's text.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CURATED_COLUMNS } from '../../src/format/schema.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import { compactDay } from '../../src/lake/compact.js';
import { type PrivacyState, saltKey, writePrivacy } from '../../src/store/privacy.js';
import type { Store } from '../../src/store/Store.js';
import { freshStore, tempDir } from '../helpers.js';
import { amplifyCsv, logLine } from '../ingest/logText.js';
import { type AthenaSetup, dayRows, NO_WAIT, putRawWindow, runSetup, startAthena } from './support.js';

const NOW = new Date('2026-03-31T10:00:00Z');
const DAY = '2026-03-30';
const SALT = '0123456789abcdef0123456789abcdef';
const SETTINGS: PrivacyState = { anonymizeIp: 16, rawDays: null, keepMonths: null, rewritePending: false };
const FIREFOX = encodeURIComponent('Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0');

const HELD = [logLine({ date: DAY, time: '09:00:00', 'c-ip': '203.0.113.50', 'x-edge-request-id': 'h1' })];

/** Every address form, duplicates whose choice depends on the address, and a row of the next day's window. */
const WINDOW = [
  logLine({ date: DAY, time: '10:00:01', 'c-ip': '203.0.113.7', 'x-edge-request-id': 'a1' }),
  logLine({ date: DAY, time: '10:00:01', 'c-ip': '203.0.113.6', 'x-edge-request-id': 'a1' }),
  logLine({
    date: DAY,
    time: '10:00:02',
    'c-ip': '2001:db8:85a3:8d3:1319:8a2e:370:7348',
    'cs(User-Agent)': FIREFOX,
    'x-edge-request-id': 'a2',
  }),
  logLine({ date: DAY, time: '10:00:03', 'c-ip': '::ffff:198.51.100.9', 'x-edge-request-id': 'a3' }),
  logLine({
    date: DAY,
    time: '10:00:04',
    'c-ip': '91.198.174.192',
    'x-forwarded-for': encodeURIComponent('198.51.100.1, unknown, 2001:db8::1'),
    'x-edge-request-id': 'a4',
  }),
  logLine({ date: DAY, time: '10:00:05', 'c-ip': '-', 'x-edge-request-id': 'a5' }),
  logLine({ date: DAY, time: '10:00:06', 'c-ip': '203.0.113.50', 'x-edge-request-id': 'h1' }),
];
const NEXT = [logLine({ date: DAY, time: '23:59:59', 'c-ip': '5.9.10.10', 'x-edge-request-id': 'a6' })];

async function csv(name: string, lines: readonly string[]): Promise<string> {
  const file = path.join(await tempDir(), name);
  await fs.writeFile(file, amplifyCsv(lines));
  return file;
}

describe('compaction on Athena of an anonymising store', () => {
  let athena: AthenaSetup;
  let local: Store;
  before(async () => {
    athena = await startAthena({ now: () => NOW });
    await runSetup(athena);
    local = await freshStore();
    for (const store of [local, athena.store]) {
      await writePrivacy(store, SETTINGS);
      await store.putBytes(saltKey(DAY), SALT);
      await importFiles([await csv('held.csv', HELD)], { store, now: () => NOW });
    }
    await importFiles([await csv('w1.csv', WINDOW), await csv('w2.csv', NEXT)], {
      store: local,
      now: () => NOW,
    });
    await putRawWindow(athena.store, DAY, '10-11', WINDOW);
    await putRawWindow(athena.store, '2026-03-31', '00-01', NEXT);
  });
  after(() => athena.stop());

  test('returns the same curated rows as the local import, anonymised', async () => {
    const result = await compactDay(DAY, {
      config: athena.config,
      store: athena.store,
      client: athena.client,
      run: NO_WAIT,
      now: () => NOW,
    });
    assert.deepEqual([result.held, result.added, result.replaced], [1, 6, true]);
    const [athenaRows, localRows] = [await dayRows(athena.store, DAY, NOW), await dayRows(local, DAY, NOW)];
    assert.deepEqual(athenaRows, localRows);
    const byId = new Map(athenaRows.map((row) => [row[14], row]));
    assert.equal(byId.get('a1')?.[4], '203.0.0.0');
    assert.equal(byId.get('a2')?.[4], '2001:db8:85a3::');
    assert.equal(byId.get('a3')?.[4], '::ffff:198.51.0.0');
    assert.equal(byId.get('a4')?.[19], '198.51.0.0, -, 2001:db8::');
    assert.equal(byId.get('a5')?.[4], null);
    const visitorKey = CURATED_COLUMNS.findIndex((c) => c.name === 'visitor_key');
    const country = CURATED_COLUMNS.findIndex((c) => c.name === 'country');
    assert.ok(athenaRows.every((row) => typeof row[visitorKey] === 'string'));
    assert.notEqual(byId.get('a1')?.[visitorKey], byId.get('a4')?.[visitorKey]);
    assert.equal(byId.get('a4')?.[country], 'NL');
  });

  test('returns no scratch table or file left, and no salt in any query text', async () => {
    assert.deepEqual(await athena.store.list('tmp/athena-compact/'), []);
    const texts = athena.emulator.executions.map((e) => e.sql).join('\n');
    assert.ok(!texts.includes(SALT), 'the salt stays out of Athena');
    assert.ok(texts.includes('_map'), 'the merge joined the mapping table');
  });
});
