import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { importFiles } from '../../src/ingest/importFiles.js';
import { FAST_IMPORT, type ImportProfile, LEAN_IMPORT } from '../../src/ingest/importProfile.js';
import { curatedKey } from '../../src/store/keys.js';
import { LocalStore } from '../../src/store/LocalStore.js';
import { queryRows, tempDir } from '../helpers.js';
import { amplifyCsv, logLines } from './logText.js';

/**
 * How an import writes into the store: the day files of one commit go in several at a time (each
 * a flush and a rename on a local store, an upload on S3), and the raw copy is flushed ahead,
 * while the staging still runs. A real local store, watched: every call reaches it.
 */

const NOW = new Date('2026-11-25T12:00:00Z');
const DAYS = Array.from({ length: 9 }, (_, i) => `2026-11-${String(10 + i).padStart(2, '0')}`);
const PER_DAY = 300;

/** A local store that notes its calls, holds each day file's write a little, and can fail one. */
class WatchedStore extends LocalStore {
  readonly calls: string[] = [];
  running = 0;
  mostRunning = 0;
  failKey: string | undefined;
  failFlush = false;
  /** How long each day file's write is held, as a flush to a slow disk would be. */
  holdMs = 40;

  override async putFile(key: string, localPath: string, options: { move?: boolean } = {}): Promise<void> {
    this.calls.push(`put ${key} ${path.basename(localPath)}`);
    if (!key.startsWith('curated/')) return super.putFile(key, localPath, options);
    this.running++;
    this.mostRunning = Math.max(this.mostRunning, this.running);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.holdMs));
      if (key === this.failKey) throw new Error(`disk failed writing ${key}`);
      await super.putFile(key, localPath, options);
    } finally {
      this.running--;
    }
  }

  override async flushAhead(localPath: string): Promise<void> {
    this.calls.push(`flush ${path.basename(localPath)}`);
    // After the staging has begun: the failure comes while nothing awaits the raw copy yet.
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (this.failFlush) {
      // As a failing disk would: the real flush of a file that is not there.
      await super.flushAhead(`${localPath}.missing`);
    }
    await super.flushAhead(localPath);
  }
}

async function nineDays(): Promise<string> {
  const file = path.join(await tempDir(), 'nine-days.csv');
  await fs.writeFile(file, amplifyCsv(DAYS.flatMap((day) => logLines(PER_DAY, `${day}-`, day))));
  return file;
}

async function watchedStore(): Promise<WatchedStore> {
  return new WatchedStore(path.join(await tempDir(), 'store'));
}

async function counts(store: LocalStore) {
  const [row] = await queryRows(
    store,
    'SELECT count(*) AS n, count(DISTINCT request_id) AS u, count(DISTINCT date) AS d FROM access_logs',
    NOW,
  );
  return row;
}

describe('writes into the store', () => {
  test('writes a commit’s day files several at a time, never more than the profile allows', async () => {
    const file = await nineDays();
    for (const [profile, most] of [
      [FAST_IMPORT, FAST_IMPORT.dayWrites],
      [LEAN_IMPORT, 1],
      [{ ...FAST_IMPORT, dayWrites: 2 }, 2],
    ] as [ImportProfile, number][]) {
      const store = await watchedStore();
      const summary = await importFiles([file], { store, now: () => NOW, profile });
      assert.equal(summary.rowsImported, DAYS.length * PER_DAY);
      assert.equal(store.mostRunning, most, `at most ${most} day files at once, and that many`);
      assert.deepEqual(await counts(store), { n: DAYS.length * PER_DAY, u: DAYS.length * PER_DAY, d: 9 });
      const days = store.calls.filter((call) => call.startsWith('put curated/'));
      assert.deepEqual(
        days.map((call) => call.split(' ')[1]),
        DAYS.map((day) => curatedKey(day)),
        'days are started in order',
      );
    }
  });

  test('writes the days of a second import the same way, merged with what each day held', async () => {
    const file = await nineDays();
    const store = await watchedStore();
    const lines = DAYS.flatMap((day) => logLines(PER_DAY + 10, `${day}-`, day));
    const more = path.join(await tempDir(), 'more.csv');
    await fs.writeFile(more, amplifyCsv(lines));
    await importFiles([file], { store, now: () => NOW });
    store.mostRunning = 0;
    // Each day is merged now, which takes longer than writing a day file as it was staged.
    store.holdMs = 400;
    const second = await importFiles([more], { store, now: () => NOW });
    assert.equal(second.rowsImported, DAYS.length * 10);
    assert.equal(second.duplicates, DAYS.length * PER_DAY);
    assert.equal(store.mostRunning, FAST_IMPORT.dayWrites);
    const total = DAYS.length * (PER_DAY + 10);
    assert.deepEqual(await counts(store), { n: total, u: total, d: 9 });
  });

  test('fails the import when a day cannot be written, and a rerun then holds each request once', async () => {
    const file = await nineDays();
    const store = await watchedStore();
    store.failKey = curatedKey('2026-11-12');
    await assert.rejects(importFiles([file], { store, now: () => NOW }), /disk failed writing curated/);
    const started = store.calls.filter((call) => call.startsWith('put curated/')).length;
    assert.ok(
      started < DAYS.length,
      `no day is started once a write has failed (${started} of ${DAYS.length} started)`,
    );
    const written = (await store.list('curated/')).length;
    assert.ok(written < DAYS.length, 'the failed day is not in the store');
    store.failKey = undefined;
    const rerun = await importFiles([file], { store, now: () => NOW });
    assert.equal(rerun.failed, 0);
    const total = DAYS.length * PER_DAY;
    assert.equal(rerun.rowsImported, total - written * PER_DAY, 'the rerun adds the days not written');
    assert.deepEqual(await counts(store), { n: total, u: total, d: 9 });
  });

  test('flushes the raw copy of a plain file ahead, then moves that same file in', async () => {
    const store = await watchedStore();
    await importFiles([await nineDays()], { store, now: () => NOW });
    const flushed = store.calls.findIndex((call) => call.startsWith('flush '));
    const moved = store.calls.findIndex((call) => call.startsWith('put raw/'));
    assert.ok(flushed >= 0 && moved > flushed, `flushed before it was moved in: ${store.calls.join('; ')}`);
    assert.equal(store.calls[flushed]?.split(' ')[1], store.calls[moved]?.split(' ')[2]);
    const raw = (await store.list('raw/')).map((o) => o.key);
    assert.equal(raw.length, 1);
    assert.match(raw[0] as string, /\.csv\.br$/);
  });

  test('fails only the file whose raw copy cannot be flushed, with the reason, and a rerun imports it', async () => {
    const store = await watchedStore();
    const other = path.join(await tempDir(), 'other.csv');
    await fs.writeFile(other, amplifyCsv(logLines(50, 'other-', '2026-11-20')));
    store.failFlush = true;
    const failed = await importFiles([await nineDays(), other], { store, now: () => NOW });
    assert.deepEqual(
      failed.files.map((f) => f.status),
      ['failed', 'failed'],
    );
    assert.match(failed.files[0]?.note ?? '', /^cannot write tmp\/.+ in the store .+: ENOENT/);
    assert.deepEqual(await store.list('raw/'), [], 'no raw copy without its flush');
    assert.deepEqual(await store.list('curated/'), [], 'no rows of a file whose raw copy is not kept');
    store.failFlush = false;
    const rerun = await importFiles([await nineDays(), other], { store, now: () => NOW });
    assert.equal(rerun.failed, 0);
    assert.equal(rerun.rowsImported, DAYS.length * PER_DAY + 50);
  });
});
