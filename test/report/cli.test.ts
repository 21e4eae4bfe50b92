import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { runCli, tempDir } from '../helpers.js';
import { fixtureStore, NOW } from './fixture.js';

let dataDir: string;
const env = { AMPLIFY_LOGS_NOW: NOW.toISOString() };

before(async () => {
  dataDir = (await fixtureStore()).location;
});

function report(...args: string[]) {
  return runCli(['report', '--data-dir', dataDir, ...args], { env });
}

describe('amplify-logs report', () => {
  test('returns only JSON on stdout when the format is json', async () => {
    const run = await report('--range', 'all', '--format', 'json');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const json = JSON.parse(run.stdout);
    assert.deepEqual(json.range, { from: '2026-11-20', to: '2026-11-21', days: 2, name: 'all' });
    assert.equal(json.totals.requests, 17);
  });

  test('returns the filters in the JSON and in the text header, each narrowing the figures', async () => {
    const run = await report(
      '--range',
      'all',
      '--format',
      'json',
      '--filter',
      'status=4xx',
      '--filter',
      'method=GET',
    );
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(json.filters, [
      { key: 'status', op: '=', value: '4xx' },
      { key: 'method', op: '=', value: 'GET' },
    ]);
    assert.ok(json.totals.requests > 0 && json.totals.requests < 17, String(json.totals.requests));
    assert.deepEqual(
      json.statusCodes.map((row: { status: number }) => Math.floor(row.status / 100)),
      json.statusCodes.map(() => 4),
    );
    const text = await report('--range', 'all', '--filter', 'page~<script>');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /\nonly: page contains "<script>"\n/);
  });

  test('returns aligned text without escape codes when stdout is not a terminal', async () => {
    const run = await report(
      '--range',
      'yesterday',
      '--compare',
      '--exclude-bots',
      '--host',
      'www.example.com',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^amplify-logs report: 2026-11-20 \(yesterday, 1 day, UTC\)\nonly: host is www\.example\.com\nonly: bots left out\n/,
    );
    assert.match(run.stdout, /Requests\s+9\s+0\s+new/);
    assert.ok(!run.stdout.includes('\u001b'));
    assert.deepEqual(
      run.stdout.split('\n').filter((line) => [...line].length > 100),
      [],
    );
  });

  test('returns the report in a file, its format from the extension, and says where on stderr', async () => {
    const dir = await tempDir();
    const out = path.join(dir, 'client.html');
    const run = await report('--from', '2026-11-20', '--to', '2026-11-21', '--out', out);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `amplify-logs: wrote the html report to ${out}\n`);
    assert.match(await fs.readFile(out, 'utf8'), /^<!doctype html>/);
    assert.deepEqual(await fs.readdir(dir), ['client.html'], 'no temporary file is left');
    const csv = path.join(dir, 'r.csv');
    assert.equal((await report('--range', 'all', '--out', csv)).code, 0);
    assert.match(await fs.readFile(csv, 'utf8'), /^# range\r\n/);
  });

  test('returns exit code 2 and names the option when a value is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--range', 'fortnight'],
        /--range fortnight: use one of today, yesterday, week, last-week, month, all/,
      ],
      [['--range', 'all', '--compare'], /--compare needs a period of fixed length/],
      [['--from', '2026-11-20'], /--from and --to go together/],
      [['--from', '2026-11-31', '--to', '2026-12-01'], /--from 2026-11-31: give a UTC day as YYYY-MM-DD/],
      [['--from', '2026-11-21', '--to', '2026-11-20'], /--from 2026-11-21 is after --to 2026-11-20/],
      [['--range', 'week', '--from', '2026-11-20', '--to', '2026-11-21'], /either --range or --from\/--to/],
      [['--format', 'xml'], /--format xml: use one of text, json, csv, html/],
      [['--top', '0'], /--top 0: give a whole number from 1 to 1000/],
      [['--host', ''], /--host is empty/],
      [['--bogus'], /unknown option '--bogus'/i],
      [
        ['--filter', 'color=red'],
        /--filter "color=red": unknown key "color"\n {2}Keys: page, entry_page, exit_page, host,/,
      ],
      [['--filter', 'status=abc'], /--filter "status=abc": status is a number \(404\) or a class \(4xx\)/],
    ];
    for (const [args, message] of cases) {
      const run = await report(...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message, args.join(' '));
      assert.equal(run.stdout, '');
    }
  });

  test('returns exit code 1 naming the file when the GeoIP database given is not one', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'bad.mmdb'), 'not a database');
    const run = await runCli(['report', '--data-dir', dataDir, '--geoip-db', 'bad.mmdb'], { env, cwd: dir });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /cannot read the GeoIP database .*bad\.mmdb/);
    const viaEnv = await runCli(['report', '--data-dir', dataDir], {
      env: { ...env, AMPLIFY_LOGS_GEOIP_DB: path.join(dir, 'bad.mmdb') },
    });
    assert.equal(viaEnv.code, 1);
  });

  test('returns exit code 1 and one clear line when the output folder does not exist', async () => {
    const out = path.join(await tempDir(), 'missing', 'r.html');
    const run = await report('--out', out);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^amplify-logs: cannot write the report to .*missing\/r\.html: ENOENT\n/);
  });
});
