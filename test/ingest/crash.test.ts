import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { LocalStore } from '../../src/store/LocalStore.js';
import { BIN, queryRows, runCli, tempDir } from '../helpers.js';
import { amplifyCsv, logLines } from './logText.js';

/**
 * Kills the real CLI at every named crash point and at random moments, then reruns it: the store
 * must end with each request exactly once. Also runs two imports at once on one store.
 */

const NOW = new Date('2026-11-25T12:00:00Z');
const DAYS = Array.from({ length: 10 }, (_, i) => `2026-11-${String(10 + i).padStart(2, '0')}`);
const PER_DAY = 4000;

let fileA: string;
let fileB: string;
const EXPECTED = DAYS.length * PER_DAY;

before(async () => {
  const dir = await tempDir();
  const lines = DAYS.map((day) => logLines(PER_DAY, `${day}-`, day));
  fileA = path.join(dir, 'a.csv');
  fileB = path.join(dir, 'b.csv');
  await fs.writeFile(fileA, amplifyCsv(lines.slice(0, 6).flat()));
  await fs.writeFile(fileB, amplifyCsv(lines.slice(4).flat()));
});

async function assertExactlyOnce(root: string): Promise<void> {
  const store = new LocalStore(root);
  const [row] = await queryRows(
    store,
    'SELECT count(*) AS n, count(DISTINCT request_id) AS u, count(DISTINCT date) AS d FROM access_logs',
    NOW,
  );
  assert.deepEqual(row, { n: EXPECTED, u: EXPECTED, d: DAYS.length });
  const leftovers = (await store.list('')).filter(
    (o) => o.key.startsWith('tmp/') || o.key.endsWith('.partial'),
  );
  assert.deepEqual(leftovers, [], 'no scratch or partial files are left after a successful run');
}

async function importUntilDone(root: string, env: NodeJS.ProcessEnv = {}) {
  return runCli(['import', fileA, fileB, '--json', '--data-dir', root], { env });
}

describe('crash and rerun', () => {
  for (const point of [
    'before-raw',
    'after-raw:2',
    'commit-day:1',
    'commit-day:6',
    'replace-day:1',
    'replace-day:7',
    'before-record',
  ]) {
    test(`returns each request once when the import is killed at ${point} and run again`, async () => {
      const root = path.join(await tempDir(), 'store');
      const crashed = await importUntilDone(root, { AMPLIFY_LOGS_FAILPOINT: point });
      assert.equal(crashed.signal, 'SIGKILL', `the failpoint ${point} was reached`);
      const rerun = await importUntilDone(root);
      assert.equal(rerun.code, 0, rerun.stderr);
      await assertExactlyOnce(root);
    });
  }

  test('returns each request once after kills at random moments', async () => {
    const root = path.join(await tempDir(), 'store');
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let attempt = 0; attempt < 6; attempt++) {
      const child = spawn(process.execPath, [BIN, 'import', fileA, fileB, '--data-dir', root], {
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.on('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, 150 + random() * 1500));
      child.kill('SIGKILL');
      await exited;
    }
    const rerun = await importUntilDone(root);
    assert.equal(rerun.code, 0, rerun.stderr);
    await assertExactlyOnce(root);
  });

  test('returns each request once, counted once, when two imports run at the same time', async () => {
    const root = path.join(await tempDir(), 'store');
    const [a, b] = await Promise.all([
      runCli(['import', fileA, '--json', '--data-dir', root]),
      runCli(['import', fileB, '--json', '--data-dir', root]),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const added = JSON.parse(a.stdout).rowsImported + JSON.parse(b.stdout).rowsImported;
    assert.equal(added, EXPECTED, 'the overlap is counted as new by exactly one of the two');
    await assertExactlyOnce(root);
  });
});
