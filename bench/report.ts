/**
 * Report benchmark, side by side with GoAccess on the same data.
 *
 *   npm run bench:report -- [--runs 3] [--out DIR] [--skip-month] [--bin FILE]
 *
 * (a) The 2,000,000-request file of bench/import.ts (DIR/amplify-2000000.csv, default DIR
 *     bench/out, generated if missing), both sorted by time and with the same rows shuffled, each
 *     imported once into its own store. For each, alternating, `runs` times each: GoAccess (1.11
 *     with `-j 2` when available, see lib/goaccess.ts) producing its HTML report from the file, and
 *     the whole `amplify-logs report --range all --format json` CLI process (the built bin).
 *     Before those, the store's day summaries are deleted and its first report is timed alone: it
 *     reads every day file and summarises every day, which the later reports read instead.
 *     Target: at most a twentieth of GoAccess's time (aim a fiftieth).
 * (b) A 30,000,000-request store over 30 days (a busy month), built once in DIR/store-month
 *     (minutes: a day is simulated, imported and deleted at a time), then its first report (which
 *     summarises every day) and the same report `runs` times. Targets: under 3 s (aim 1 s), peak
 *     memory under 2 GiB.
 * Wall time, CPU time and peak memory of each whole process come from GNU time; the load average
 * before each run is printed beside it. Prints the figures and writes them to DIR/report.json.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchDataFile } from './lib/dataFile.js';
import { benchGoAccess, goaccessReport } from './lib/goaccess.js';
import {
  figures,
  loadAverage,
  type Measurement,
  measure,
  median,
  requireTools,
  table,
} from './lib/measure.js';
import { ensureMonthStore } from './lib/monthStore.js';
import { type RowOrder, reorderedFile } from './lib/rowOrder.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let OUT = path.join(ROOT, 'bench', 'out');
let BIN = path.join(ROOT, 'bin', 'amplify-logs.js');
const REQUESTS = 2_000_000;
const MONTH = { requests: 30_000_000, start: '2026-09-01', days: 30 };

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** DIR/store-report-<order> holding the file, imported once. */
async function reportStore(file: string, order: RowOrder): Promise<string> {
  const store = path.join(OUT, `store-report-${order}`);
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
    'json',
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

async function twoMillion(order: RowOrder, runs: number, goaccess: ReturnType<typeof benchGoAccess>) {
  const file = await reorderedFile(await benchDataFile(OUT, REQUESTS), order);
  const store = await reportStore(file, order);
  console.log(
    `(a) ${REQUESTS.toLocaleString('en-US')} requests, ${order}; ${goaccess.version} (-j ${goaccess.threads}); ${runs} runs each, alternating`,
  );
  const first = await firstReport(store, path.join(OUT, 'report-2m.json'));
  const ours: Measurement[] = [];
  const theirs: Measurement[] = [];
  const loads: number[] = [];
  for (let run = 0; run < runs; run++) {
    loads.push(loadAverage());
    theirs.push(await goaccessReport(file, path.join(OUT, 'goaccess-report.html'), goaccess));
    ours.push(await reportOnce(store, path.join(OUT, 'report-2m.json')));
    const [a, b] = [theirs[run] as Measurement, ours[run] as Measurement];
    console.log(
      `  run ${run + 1} (load ${loads[run]?.toFixed(2)}): goaccess ${a.seconds.toFixed(2)} s, amplify-logs report ${b.seconds.toFixed(2)} s (${b.cpuSeconds.toFixed(1)} CPU s, ${b.peakMiB.toFixed(0)} MiB), ratio ${(b.seconds / a.seconds).toFixed(3)}`,
    );
  }
  const ratios = ours.map((m, i) => m.seconds / (theirs[i] as Measurement).seconds);
  return { order, first, ours, theirs, loads, ratio: median(ratios) };
}

/**
 * The store's first report, which summarises every day (src/report/summaries/): its day summaries
 * are deleted first, so this run reads every day file and writes the summaries the later runs read.
 */
async function firstReport(store: string, out: string): Promise<Measurement> {
  await fs.rm(path.join(store, 'summaries'), { recursive: true, force: true });
  const load = loadAverage();
  const m = await reportOnce(store, out);
  console.log(
    `  first report, summarising every day (load ${load.toFixed(2)}): ${m.seconds.toFixed(2)} s (${m.cpuSeconds.toFixed(1)} CPU s, ${m.peakMiB.toFixed(0)} MiB)`,
  );
  return m;
}

async function month(runs: number) {
  const store = path.join(OUT, 'store-month');
  console.log(
    `(b) ${MONTH.requests.toLocaleString('en-US')} requests over ${MONTH.days} days in ${store}` +
      ' (built once; the first build takes about ten minutes)',
  );
  await ensureMonthStore({ store, ...MONTH, bin: BIN, log: console.log });
  const first = await firstReport(store, path.join(OUT, 'report-month.json'));
  const ours: Measurement[] = [];
  for (let run = 0; run < runs; run++) {
    const load = loadAverage();
    ours.push(await reportOnce(store, path.join(OUT, 'report-month.json')));
    const m = ours[run] as Measurement;
    console.log(
      `  run ${run + 1} (load ${load.toFixed(2)}): amplify-logs report ${m.seconds.toFixed(2)} s (${m.cpuSeconds.toFixed(1)} CPU s, ${m.peakMiB.toFixed(0)} MiB)`,
    );
  }
  return { first, ours };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string' },
      out: { type: 'string' },
      bin: { type: 'string' },
      'skip-month': { type: 'boolean' },
    },
  });
  if (values.out) OUT = path.resolve(values.out);
  if (values.bin) BIN = path.resolve(values.bin);
  const runs = Math.max(3, Number(values.runs ?? 3));
  const goaccess = benchGoAccess();
  requireTools([goaccess.command]);
  await fs.mkdir(OUT, { recursive: true });
  if (!values.bin) build();
  const twoMillions = [];
  for (const order of ['sorted', 'shuffled'] as const)
    twoMillions.push(await twoMillion(order, runs, goaccess));
  const b = values['skip-month'] ? undefined : await month(runs);
  const seconds = (m: readonly Measurement[]) => median(m.map((x) => x.seconds)).toFixed(2);
  const peak = (m: readonly Measurement[]) => median(m.map((x) => x.peakMiB)).toFixed(0);
  const cpu = (m: readonly Measurement[]) => median(m.map((x) => x.cpuSeconds)).toFixed(2);
  const rows = twoMillions.flatMap((a) => [
    [`2M ${a.order}: first report (summarises), wall seconds`, a.first.seconds.toFixed(2), '', ''],
    [`2M ${a.order}: full report, wall seconds`, seconds(a.ours), seconds(a.theirs), ''],
    [`2M ${a.order}: CPU seconds (user + system)`, cpu(a.ours), cpu(a.theirs), ''],
    [`2M ${a.order}: ratio to GoAccess (pairwise)`, a.ratio.toFixed(3), '1', '<= 0.05 (aim 0.02)'],
    [`2M ${a.order}: peak memory, MiB`, peak(a.ours), peak(a.theirs), ''],
  ]);
  if (b) {
    rows.push(
      ['30M requests: first report (summarises), wall seconds', b.first.seconds.toFixed(2), '', ''],
      ['30M requests: first report, peak memory, MiB', b.first.peakMiB.toFixed(0), '', '< 2048'],
      ['30M requests: full report, wall seconds', seconds(b.ours), '', '< 3 (aim 1)'],
      ['30M requests: CPU seconds (user + system, 2 cores)', cpu(b.ours), '', ''],
      ['30M requests: peak memory, MiB', peak(b.ours), '', '< 2048'],
    );
  }
  console.log('');
  console.log(table(['figure (median)', 'amplify-logs', goaccess.version || 'GoAccess', 'target'], rows));
  const loads = twoMillions.flatMap((a) => a.loads);
  console.log(
    `\nload average before the 2M runs: ${Math.min(...loads).toFixed(2)} to ${Math.max(...loads).toFixed(2)} (2 cores)`,
  );
  await fs.writeFile(
    path.join(OUT, 'report.json'),
    `${JSON.stringify(
      {
        command: 'amplify-logs report --range all --format json --out FILE',
        goaccess: { version: goaccess.version, threads: goaccess.threads },
        twoMillion: twoMillions.map((a) => ({
          requests: REQUESTS,
          order: a.order,
          loads: a.loads,
          goaccess: figures(a.theirs),
          firstReport: figures([a.first]),
          report: figures(a.ours),
          ratio: a.ratio,
        })),
        month: b ? { ...MONTH, firstReport: figures([b.first]), report: { runs: figures(b.ours) } } : null,
      },
      null,
      2,
    )}\n`,
  );
}

await main();
