import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../helpers.js';

const MODULE = pathToFileURL(path.join(ROOT, 'src', 'cli', 'tuneHeap.ts')).href;

/**
 * Runs a fresh Node process that tunes its heap for `command`, then keeps 400,000 objects alive
 * (what makes V8 grow its young generation), and returns the young generation's size in MiB.
 */
function youngGenerationAfterWork(command: string): number {
  const script = `
    import * as v8 from 'node:v8';
    const { tuneHeap } = await import(${JSON.stringify(MODULE)});
    tuneHeap(${JSON.stringify(command)});
    const kept = [];
    for (let i = 0; i < 400_000; i++) kept.push({ i, text: 'value ' + i });
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    console.log(JSON.stringify({ size: space.space_size, kept: kept.length }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const { size, kept } = JSON.parse(run.stdout) as { size: number; kept: number };
  assert.equal(kept, 400_000);
  return size / 2 ** 20;
}

test('collect stops V8 growing the young generation; other commands let it grow', () => {
  const collect = youngGenerationAfterWork('collect');
  const report = youngGenerationAfterWork('report');
  assert.ok(collect <= 4, `collect's young generation grew to ${collect} MiB`);
  assert.ok(report >= 16, `report's young generation stayed at ${report} MiB: the comparison proves nothing`);
});
