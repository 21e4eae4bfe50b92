import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { ROOT, runCli } from '../helpers.js';
import { fixtureStore, NOW } from './fixture.js';

/**
 * Golden files: the report's text, CSV and JSON on the hand-computed fixture, exactly as the CLI
 * prints them. Any change of output shows as a diff of these files; after a change meant to alter
 * the output, regenerate them with `UPDATE_GOLDEN=1 npm run test:run` and read the diff. (HTML is
 * pinned by the browser test.)
 */
const GOLDEN = path.join(ROOT, 'test', 'report', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

let dataDir: string;

before(async () => {
  dataDir = (await fixtureStore()).location;
});

const CASES: readonly { file: string; args: readonly string[] }[] = [
  { file: 'all.txt', args: ['--range', 'all', '--format', 'text'] },
  { file: 'all.csv', args: ['--range', 'all', '--format', 'csv'] },
  { file: 'all.json', args: ['--range', 'all', '--format', 'json'] },
  { file: 'today-compare.txt', args: ['--range', 'today', '--compare', '--format', 'text'] },
  { file: 'today-compare.json', args: ['--range', 'today', '--compare', '--format', 'json'] },
  {
    file: 'yesterday-humans-host.csv',
    args: ['--range', 'yesterday', '--exclude-bots', '--host', 'www.example.com', '--format', 'csv'],
  },
];

describe('report golden files', () => {
  for (const { file, args } of CASES) {
    test(`returns exactly test/report/golden/${file} for report ${args.join(' ')}`, async () => {
      const run = await runCli(['report', '--data-dir', dataDir, ...args], {
        env: { AMPLIFY_LOGS_NOW: NOW.toISOString(), NO_COLOR: '1' },
      });
      assert.equal(run.code, 0, run.stderr);
      const golden = path.join(GOLDEN, file);
      if (UPDATE) await fs.writeFile(golden, run.stdout);
      assert.equal(run.stdout, await fs.readFile(golden, 'utf8'));
    });
  }
});
