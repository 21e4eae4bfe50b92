import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Store } from '../../src/store/Store.js';
import { ROOT, tempDir } from '../helpers.js';

export interface StoreUnderTest {
  readonly store: Store;
  /** Arguments for test/support/holdLock.ts that take this store's lock in another process. */
  readonly holderArgs: (staleMs: number) => string[];
  readonly env?: Record<string, string>;
}

/** Starts a process that takes the lock, waits until it holds it, and returns it (to kill it). */
async function crashedHolder(subject: StoreUnderTest, staleMs: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'test/support/holdLock.ts'), ...subject.holderArgs(staleMs)],
    {
      env: { ...process.env, ...subject.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise((resolve) => child.stdout.once('data', resolve));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('close', resolve));
}

/** The behaviour every Store adapter promises, run against each adapter. */
export function storeContract(makeSubject: () => Promise<StoreUnderTest>): void {
  const makeStore = async () => (await makeSubject()).store;
  test('returns what was put, and undefined for a missing key', async () => {
    const store = await makeStore();
    assert.equal(await store.getBytes('state/a.json'), undefined);
    assert.equal(await store.exists('state/a.json'), false);
    await store.putBytes('state/a.json', '{"a":1}');
    assert.equal((await store.getBytes('state/a.json'))?.toString(), '{"a":1}');
    assert.equal(await store.exists('state/a.json'), true);
  });

  test('returns the listed objects under a prefix, in key order, with sizes', async () => {
    const store = await makeStore();
    for (const key of [
      'curated/year=2026/month=11/day=02/x',
      'curated/year=2026/month=11/day=01/x',
      'raw/y',
    ]) {
      await store.putBytes(key, key);
    }
    const listed = await store.list('curated/');
    assert.deepEqual(
      listed.map((o) => [o.key, o.size]),
      [
        ['curated/year=2026/month=11/day=01/x', 35],
        ['curated/year=2026/month=11/day=02/x', 35],
      ],
    );
    assert.deepEqual(await store.list('nothing/'), []);
  });

  test('returns a local file with the object bytes, refreshed when the object changes', async () => {
    const store = await makeStore();
    const source = path.join(await tempDir(), 'big.bin');
    const bytes = Buffer.alloc(20 * 1024 * 1024 + 123, 7);
    bytes.write('start', 0);
    await fs.writeFile(source, bytes);
    await store.putFile('raw/big.bin', source);
    assert.deepEqual(await fs.readFile(await store.localPath('raw/big.bin')), bytes);
    await store.putBytes('raw/big.bin', 'small now');
    const [object] = await store.list('raw/big.bin');
    assert.equal((await fs.readFile(await store.localPath('raw/big.bin', object))).toString(), 'small now');
  });

  test('consumes the local file when putting with move, and deletes objects', async () => {
    const store = await makeStore();
    const source = path.join(await tempDir(), 'x');
    await fs.writeFile(source, 'x');
    await store.putFile('state/x', source, { move: true });
    await assert.rejects(fs.stat(source));
    await store.delete('state/x');
    assert.equal(await store.exists('state/x'), false);
  });

  test('returns the lock to one holder at a time', async () => {
    const store = await makeStore();
    const events: string[] = [];
    const hold = async (who: string) => {
      const lock = await store.lock('write', { waitMs: 30_000 });
      events.push(`${who} in`);
      await new Promise((resolve) => setTimeout(resolve, 150));
      events.push(`${who} out`);
      await lock.release();
    };
    await Promise.all([hold('a'), hold('b'), hold('c')]);
    for (let i = 0; i < events.length; i += 2) {
      assert.equal(events[i]?.replace(' in', ''), events[i + 1]?.replace(' out', ''), events.join(', '));
    }
  });

  test('throws a clear error naming the holder when the lock stays held past the wait', async () => {
    const store = await makeStore();
    const held = await store.lock('write', { staleMs: 60_000 });
    await assert.rejects(store.lock('write', { waitMs: 300 }), /is locked by process \d+ on /);
    await held.release();
    await (await store.lock('write', { waitMs: 300 })).release();
  });

  test('returns the lock to a new holder after its holder was killed', async () => {
    const subject = await makeSubject();
    await crashedHolder(subject, 1_500);
    const started = Date.now();
    const lock = await subject.store.lock('write', { waitMs: 20_000 });
    await lock.release();
    assert.ok(Date.now() - started < 15_000);
  });
}
