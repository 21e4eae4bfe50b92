import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type AmplifyEmulator, startAmplifyEmulator } from '../../src/demo/emulator/AmplifyEmulator.js';
import { LocalStore } from '../../src/store/LocalStore.js';
import { S3Store } from '../../src/store/S3Store.js';
import type { Store } from '../../src/store/Store.js';
import { BIN, queryRows, runCli, tempDir } from '../helpers.js';
import { type LocalS3, startLocalS3 } from '../support/s3Server.js';

/**
 * The collect command as a user runs it: the real CLI in its own process, the real AWS SDK,
 * the Amplify emulator on a local port, a local folder or a local S3 server as the store.
 */

const NOW = '2026-11-25T12:20:00Z';
const ARGS = ['collect', '--app-id', 'd1a2b3c4d5e6f7', '--domain', 'example-shop.com'];
const SINCE = ['--since', '2026-11-10', '--until', '2026-11-25'];

let emulator: AmplifyEmulator;
let env: NodeJS.ProcessEnv;

before(async () => {
  emulator = await startAmplifyEmulator({ requestsPerHour: 150, now: () => new Date(NOW) });
  env = { ...emulator.env(), AMPLIFY_LOGS_NOW: NOW };
});

after(async () => {
  await emulator.stop();
});

async function assertExactlyOnce(store: Store): Promise<void> {
  const ids = (await queryRows(store as LocalStore, 'SELECT request_id FROM access_logs', new Date(NOW))).map(
    (r) => r.request_id as string,
  );
  const expected = emulator.expectedRequests(new Date('2026-11-10T00:00Z'), new Date('2026-11-25T00:00Z'), {
    asOf: new Date(NOW),
  });
  assert.equal(new Set(ids).size, ids.length, 'no request twice');
  assert.equal(ids.length, expected.size, 'every request of the backfill, and nothing else');
  for (const id of expected) assert.ok(ids.includes(id));
}

describe('amplify-logs collect', () => {
  test('returns one JSON object with the counts, and exit code 0, for a backfill through throttling and cut downloads', async () => {
    const faulty = await startAmplifyEmulator({
      requestsPerHour: 150,
      now: () => new Date(NOW),
      seed: 5,
      throttleRate: 0.05,
      cutRate: 0.05,
    });
    try {
      const root = path.join(await tempDir(), 'store');
      const run = await runCli([...ARGS, ...SINCE, '--json', '--data-dir', root], {
        env: { ...faulty.env(), AMPLIFY_LOGS_NOW: NOW },
      });
      assert.equal(run.code, 0, run.stderr);
      const summary = JSON.parse(run.stdout);
      assert.equal(summary.windows.length, 15);
      assert.equal(summary.failures, 0);
      assert.ok(
        Object.values(faulty.counters.faults).some((n) => n > 0),
        'faults were met and overcome',
      );
      const ids = await queryRows(
        new LocalStore(root),
        'SELECT count(*) AS n, count(DISTINCT request_id) AS u FROM access_logs',
        new Date(NOW),
      );
      const expected = faulty.expectedRequests(new Date('2026-11-10T00:00Z'), new Date('2026-11-25T00:00Z'), {
        asOf: new Date(NOW),
      });
      assert.deepEqual(ids, [{ n: expected.size, u: expected.size }]);
    } finally {
      await faulty.stop();
    }
  });

  test('returns each request once after the collector is killed at random moments and run again', async () => {
    const root = path.join(await tempDir(), 'store');
    let seed = 11;
    for (let attempt = 0; attempt < 5; attempt++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const child = spawn(process.execPath, [BIN, ...ARGS, ...SINCE, '--data-dir', root], {
        env: { ...process.env, ...env },
        stdio: 'ignore',
      });
      const closed = new Promise((resolve) => child.on('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, 300 + (seed % 2500)));
      child.kill('SIGKILL');
      await closed;
    }
    const run = await runCli([...ARGS, ...SINCE, '--data-dir', root], { env });
    assert.equal(run.code, 0, run.stderr);
    await assertExactlyOnce(new LocalStore(root));
  });

  test('returns each request once when two collectors run at the same time', async () => {
    const root = path.join(await tempDir(), 'store');
    const runs = await Promise.all([
      runCli([...ARGS, ...SINCE, '--json', '--data-dir', root], { env }),
      runCli([...ARGS, ...SINCE, '--json', '--data-dir', root], { env }),
    ]);
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    await assertExactlyOnce(new LocalStore(root));
  });

  test('returns usage errors for missing or malformed ids and times', async () => {
    const cases: [string[], RegExp][] = [
      [['collect', '--domain', 'example-shop.com'], /collect needs --app-id \(or AMPLIFY_APP_ID\)/],
      [['collect', '--app-id', 'x y', '--domain', 'example-shop.com'], /is not an Amplify app id/],
      [[...ARGS, '--since', 'yesterday'], /--since yesterday: give a date/],
      [[...ARGS, '--until', '2026-11-01'], /--until goes with --since/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { env: { ...env, AMPLIFY_APP_ID: '' } });
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });

  describe('into an S3 store', () => {
    let s3: LocalS3;
    before(async () => {
      s3 = await startLocalS3(['logs']);
    });
    after(async () => {
      await s3.stop();
    });

    test('returns each request once, with the raw windows in the recipe layout in the bucket', async () => {
      const both = { ...env, ...s3.env };
      const run = await runCli([...ARGS, ...SINCE, '--store', 's3://logs/amplify'], { env: both });
      assert.equal(run.code, 0, run.stderr);
      const store = new S3Store({
        bucket: 'logs',
        prefix: 'amplify/',
        client: s3.client,
        localDir: await tempDir(),
      });
      const raw = await store.list('raw/year=2026/month=11/day=10/');
      assert.deepEqual(
        raw.map((o) => o.key),
        ['raw/year=2026/month=11/day=10/access_logs-00-24.csv.gz'],
      );
      await assertExactlyOnce(store);
    });
  });
});
