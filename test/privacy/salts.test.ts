// A day's visitor salt lives exactly as long as rows of that day can still arrive: through the
// collector's late sweep and the nightly compaction of the day before yesterday, then it is gone.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { planWindows } from '../../src/collect/planWindows.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import { prune } from '../../src/ingest/prune.js';
import type { LocalStore } from '../../src/store/LocalStore.js';
import {
  daySalt,
  expireSalts,
  SALT_HOURS_AFTER_DAY,
  saltIsOpen,
  saltKey,
  writePrivacy,
} from '../../src/store/privacy.js';
import { freshStore, queryRows, tempDir } from '../helpers.js';
import { amplifyCsv, logLine } from '../ingest/logText.js';

const DAY = '2026-11-20';
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

/** The first hourly run (default lag and recheck) whose plan asks for `DAY` whole again: its late sweep. */
function lateSweepOf(day: string): Date {
  let watermark: Date | undefined;
  let sweptThrough: Date | undefined;
  for (let now = Date.parse(`${day}T00:05:00Z`); ; now += HOUR) {
    const plan = planWindows({
      now: new Date(now),
      pending: [],
      recheckHours: 3,
      lagHours: 1,
      ...(watermark ? { watermark } : {}),
      ...(sweptThrough ? { sweptThrough } : {}),
    });
    const whole = plan.windows.find(
      (w) =>
        w.start.toISOString() === `${day}T00:00:00.000Z` && w.end.getTime() - w.start.getTime() === 24 * HOUR,
    );
    if (whole) return new Date(now);
    watermark = plan.to;
    sweptThrough = plan.sweptThrough ?? sweptThrough;
  }
}

describe('salt lifetime', () => {
  test('returns the salt open through the late sweep and the compaction of the day before yesterday, closed after', () => {
    const sweep = lateSweepOf(DAY);
    assert.equal(sweep.toISOString(), '2026-11-22T01:05:00.000Z');
    assert.ok(saltIsOpen(DAY, sweep));
    assert.ok(
      saltIsOpen(DAY, at('2026-11-22T03:30:00Z')),
      'the maintenance compacts the day before yesterday at 03:30',
    );
    assert.ok(saltIsOpen(DAY, at('2026-11-22T23:59:59Z')));
    assert.ok(!saltIsOpen(DAY, at('2026-11-23T00:00:00Z')));
    assert.equal(SALT_HOURS_AFTER_DAY, 48);
  });

  test('returns one stored salt for a day until it expires, then deletes it for good', async () => {
    const store = await freshStore();
    const first = await daySalt(store, DAY, at('2026-11-20T10:00:00Z'));
    assert.ok(first.stored);
    assert.deepEqual(await daySalt(store, DAY, lateSweepOf(DAY)), first);
    assert.deepEqual(await expireSalts(store, at('2026-11-22T23:00:00Z')), []);
    assert.deepEqual(await expireSalts(store, at('2026-11-23T00:00:00Z')), [saltKey(DAY)]);
    assert.equal(await store.getBytes(saltKey(DAY)), undefined);
    const late = await daySalt(store, DAY, at('2026-11-23T01:00:00Z'));
    assert.equal(late.stored, false);
    assert.notEqual(late.salt, first.salt);
    assert.equal(await store.getBytes(saltKey(DAY)), undefined, 'a closed day gets no stored salt again');
  });

  test('returns one visitor across imports within the salt lifetime, and a new one after it', async () => {
    const store = await freshStore();
    await writePrivacy(store, { anonymizeIp: 8, rawDays: null, keepMonths: null, rewritePending: false });
    const importAt = async (id: string, now: Date) => {
      const file = path.join(await tempDir(), `${id}.csv`);
      await fs.writeFile(
        file,
        amplifyCsv([logLine({ date: DAY, 'c-ip': '203.0.113.9', 'x-edge-request-id': id })]),
      );
      await importFiles([file], { store, now: () => now });
    };
    await importAt('during-the-day', at('2026-11-20T11:00:00Z'));
    await importAt('late-sweep', lateSweepOf(DAY));
    await importAt('after-expiry', at('2026-11-24T12:00:00Z'));
    const keys = await visitorKeys(store);
    assert.equal(keys.get('during-the-day'), keys.get('late-sweep'));
    assert.notEqual(keys.get('after-expiry'), keys.get('late-sweep'));
    assert.deepEqual(
      await store.list('state/privacy/salts/'),
      [],
      'the import after expiry deleted the salt',
    );
  });

  test('returns expired salts in what prune deletes', async () => {
    const store = await freshStore();
    await daySalt(store, DAY, at('2026-11-20T10:00:00Z'));
    await daySalt(store, '2026-11-22', at('2026-11-22T10:00:00Z'));
    const pruned = await prune(store, { now: at('2026-11-23T06:00:00Z') });
    assert.deepEqual(pruned.deleted, [{ key: saltKey(DAY), size: 0, reason: 'salt' }]);
    assert.deepEqual(
      (await store.list('state/privacy/salts/')).map((o) => o.key),
      [saltKey('2026-11-22')],
    );
  });
});

async function visitorKeys(store: LocalStore): Promise<Map<unknown, unknown>> {
  const rows = await queryRows(
    store,
    'SELECT request_id, visitor_key FROM access_logs',
    at('2026-11-24T12:00:00Z'),
  );
  return new Map(rows.map((r) => [r.request_id, r.visitor_key]));
}
