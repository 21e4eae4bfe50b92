/**
 * Report benchmark, side by side with GoAccess on the same data.
 *
 *   node --import tsx bench/report.ts [--runs 3] [--skip-month]
 *
 * (a) The 2,000,000-request file of bench/import.ts (bench/out/amplify-2000000.csv, generated if
 *     missing), imported once into bench/out/store-report. Alternating, `runs` times each:
 *     GoAccess producing its HTML report from the file, and the whole
 *     `amplify-logs report --range all --format html --out ...` CLI process. Target: at most a
 *     twentieth of GoAccess's time.
 * (b) A 30,000,000-request store over 30 days (a busy month), built once in
 *     bench/out/store-month (minutes: a day is simulated, imported and deleted at a time), then the
 *     same report `runs` times. Targets: under 10 s, peak memory under 2 GiB.
 * Wall time and peak memory of each whole process come from GNU time. Prints the figures and
 * writes them to bench/out/report.json.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchDataFile } from './lib/dataFile.js';
import { goaccessReport } from './lib/goaccess.js';
import { figures, type Measurement, measure, median, requireTools, table } from './lib/measure.js';
import { ensureMonthStore } from './lib/monthStore.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'out');
const BIN = path.join(ROOT, 'bin', 'amplify-logs.js');
const REQUESTS = 2_000_000;
const MONTH = { requests: 30_000_000, start: '2026-09-01', days: 30 };

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** bench/out/store-report holding the file, imported once. */
async function reportStore(file: string): Promise<string> {
  const store = path.join(OUT, 'store-report');
  if (!(await exists(path.join(store, 'curated')))) {
    console.log(`importing ${path.basename(file)} into ${store}`);
    const run = await measure(process.execPath, [BIN, 'import', file, '--json', '--data-dir', store]);
    if (run.code !== 0) throw new Error(`import failed: ${run.stderr}`);
  }
  return store;
}

async function reportOnce(store: string, out: string): Promise<Measurement> {
  const run = await measure(process.execPath, [
    BIN,
    'report',
    '--range',
    'all',
    '--format',
    'html',
    '--out',
    out,
    '--data-dir',
    store,
  ]);
  if (run.code !== 0) throw new Error(`report failed: ${run.stderr}`);
  return run;
}

function build(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('the build failed');
}

async function twoMillion(runs: number) {
  const file = await benchDataFile(OUT, REQUESTS);
  const store = await reportStore(file);
  const goaccessVersion = spawnSync('goaccess', ['--version']).stdout.toString().split('\n')[0] ?? '';
  console.log(
    `(a) ${REQUESTS.toLocaleString('en-US')} requests; ${goaccessVersion}; ${runs} runs each, alternating`,
  );
  const ours: Measurement[] = [];
  const theirs: Measurement[] = [];
  for (let run = 0; run < runs; run++) {
    theirs.push(await goaccessReport(file, path.join(OUT, 'goaccess-report.html')));
    ours.push(await reportOnce(store, path.join(OUT, 'report-2m.html')));
    console.log(
      `  run ${run + 1}: goaccess ${theirs[run]?.seconds.toFixed(2)} s, amplify-logs report ${ours[run]?.seconds.toFixed(2)} s`,
    );
  }
  const ratios = ours.map((m, i) => m.seconds / (theirs[i] as Measurement).seconds);
  return { goaccessVersion, ours, theirs, ratio: median(ratios) };
}

async function month(runs: number) {
  const store = path.join(OUT, 'store-month');
  console.log(
    `(b) ${MONTH.requests.toLocaleString('en-US')} requests over ${MONTH.days} days in ${store}` +
      ' (built once; the first build takes about ten minutes)',
  );
  await ensureMonthStore({ store, ...MONTH, bin: BIN, log: console.log });
  const ours: Measurement[] = [];
  for (let run = 0; run < runs; run++) {
    ours.push(await reportOnce(store, path.join(OUT, 'report-month.html')));
    console.log(`  run ${run + 1}: amplify-logs report ${ours[run]?.seconds.toFixed(2)} s`);
  }
  return { ours };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, 'skip-month': { type: 'boolean' } } });
  const load = (await fs.readFile('/proc/loadavg', 'utf8').catch(() => '')).split(' ')[0];
  if (load) console.log(`load average before: ${load} (other work on the machine inflates wall times)`);
  const runs = Number(values.runs ?? 3);
  requireTools(['goaccess']);
  await fs.mkdir(OUT, { recursive: true });
  build();
  const a = await twoMillion(runs);
  const b = values['skip-month'] ? undefined : await month(runs);
  const seconds = (m: readonly Measurement[]) => median(m.map((x) => x.seconds)).toFixed(2);
  const peak = (m: readonly Measurement[]) => median(m.map((x) => x.peakMiB)).toFixed(0);
  const cpu = (m: readonly Measurement[]) => median(m.map((x) => x.cpuSeconds)).toFixed(2);
  console.log('');
  console.log(
    table(
      ['figure (median)', 'amplify-logs', 'GoAccess', 'target'],
      [
        ['2M requests: full report, wall seconds (whole process)', seconds(a.ours), seconds(a.theirs), ''],
        ['2M requests: CPU seconds (user + system)', cpu(a.ours), cpu(a.theirs), ''],
        ['2M requests: ratio to GoAccess (pairwise)', a.ratio.toFixed(3), '1', '<= 0.05'],
        ['2M requests: peak memory, MiB', peak(a.ours), peak(a.theirs), ''],
        ...(b
          ? [
              ['30M requests: full report, wall seconds', seconds(b.ours), '', '< 10'],
              ['30M requests: CPU seconds (user + system, 2 cores)', cpu(b.ours), '', ''],
              ['30M requests: peak memory, MiB', peak(b.ours), '', '< 2048'],
            ]
          : []),
      ],
    ),
  );
  await fs.writeFile(
    path.join(OUT, 'report.json'),
    `${JSON.stringify(
      {
        command: 'amplify-logs report --range all --format html --out FILE',
        twoMillion: {
          requests: REQUESTS,
          goaccess: { version: a.goaccessVersion, runs: figures(a.theirs) },
          report: { runs: figures(a.ours) },
          ratio: a.ratio,
        },
        month: b ? { ...MONTH, report: { runs: figures(b.ours) } } : null,
      },
      null,
      2,
    )}\n`,
  );
}

await main();
