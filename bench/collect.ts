/**
 * Collect benchmark: memory on a big window, and the cost of an hourly run as the store grows.
 *
 *   npm run bench:collect -- [--window-requests 2200000] [--runs 3] [--hourly-runs 7]
 *
 * The Amplify emulator runs in its own process (bench/lib/emulatorMain.ts), so the figures are
 * the collector's alone, measured under GNU time (wall time, peak RSS) as whole CLI processes.
 * 1. One window of about 1 GB: a UTC day of N requests, collected into an empty store; then a
 *    window of a quarter of that, to show that the peak does not grow with the window.
 * 2. An hourly run into a store that already holds 30 days, beside the same run into a store that
 *    holds only the day the run touches, and into an empty store with the same collector state,
 *    alternating, each on a fresh copy. The first two differ only in the days the run leaves alone.
 * Prints the figures and writes them to bench/out/collect.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { figures, type Measurement, measure, median, requireTools, table } from './lib/measure.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'out');
const BIN = path.join(ROOT, 'bin', 'amplify-logs.js');
const EMULATOR = path.join(ROOT, 'bench', 'lib', 'emulatorMain.ts');
const APP = ['--app-id', 'd1a2b3c4d5e6f7', '--domain', 'example-shop.com'];

interface Emulator {
  env: Record<string, string>;
  stop(): Promise<void>;
}

async function startEmulator(options: Record<string, unknown>): Promise<Emulator> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', EMULATOR, JSON.stringify(options)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve) =>
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString())),
  );
  const { env } = JSON.parse(line) as { env: Record<string, string> };
  return {
    env,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
    },
  };
}

async function collectRun(args: string[], env: Record<string, string>, now: string): Promise<Measurement> {
  const run = await measure(process.execPath, [BIN, 'collect', ...APP, ...args, '--json'], {
    ...env,
    AMPLIFY_LOGS_NOW: now,
  });
  if (run.code !== 0) throw new Error(`collect failed: ${run.stderr.slice(-800)}`);
  return run;
}

/** Collects one day of `requests` into an empty store, `runs` times. */
async function bigWindow(requests: number, runs: number): Promise<Measurement[]> {
  const now = '2026-11-25T12:00:00Z';
  const emulator = await startEmulator({
    seed: 7,
    requestsPerHour: Math.round(requests / 24),
    now,
    maxRequestsPerCall: 10_000_000,
  });
  try {
    const results: Measurement[] = [];
    for (let run = 0; run < runs; run++) {
      const store = path.join(OUT, 'collect-window');
      await fs.rm(store, { recursive: true, force: true });
      const measured = await collectRun(
        ['--since', '2026-11-20', '--until', '2026-11-21', '--data-dir', store],
        emulator.env,
        now,
      );
      results.push(measured);
      const summary = JSON.parse(measured.stdout);
      console.log(
        `  window run ${run + 1}: ${measured.seconds.toFixed(1)} s, ${measured.peakMiB.toFixed(0)} MiB peak, ${summary.rowsImported} requests, ${(summary.windows[0].bytes / 2 ** 20).toFixed(0)} MiB`,
      );
    }
    return results;
  } finally {
    await emulator.stop();
  }
}

async function hourlyRuns(runs: number) {
  const backfillNow = '2026-11-25T12:10:00Z';
  const hourlyNow = '2026-11-25T13:10:00Z';
  const base = path.join(OUT, 'collect-30-days');
  const options = { seed: 9, requestsPerHour: 3_000 };
  const first = await startEmulator({ ...options, now: backfillNow });
  try {
    await fs.rm(base, { recursive: true, force: true });
    console.log('  building a 30-day store through the emulator (about 2 million requests)...');
    await collectRun(['--since', '2026-10-26', '--data-dir', base], first.env, backfillNow);
  } finally {
    await first.stop();
  }
  const empty = path.join(OUT, 'collect-empty');
  await fs.rm(empty, { recursive: true, force: true });
  await fs.mkdir(path.join(empty, 'state'), { recursive: true });
  await fs.cp(path.join(base, 'state', 'collect'), path.join(empty, 'state', 'collect'), { recursive: true });
  const oneDay = path.join(OUT, 'collect-one-day');
  await fs.rm(oneDay, { recursive: true, force: true });
  await fs.cp(base, oneDay, { recursive: true });
  await keepOnlyDay(oneDay, TOUCHED_DAY);
  const emulator = await startEmulator({ ...options, now: hourlyNow });
  const full: Measurement[] = [];
  const day: Measurement[] = [];
  const bare: Measurement[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      for (const [from, into] of [
        [base, full],
        [oneDay, day],
        [empty, bare],
      ] as const) {
        const copy = path.join(OUT, 'collect-copy');
        await fs.rm(copy, { recursive: true, force: true });
        await fs.cp(from, copy, { recursive: true });
        into.push(await collectRun(['--data-dir', copy], emulator.env, hourlyNow));
      }
      console.log(
        `  hourly run ${run + 1}: 30-day store ${full[run]?.seconds.toFixed(2)} s, one-day store ${day[run]?.seconds.toFixed(2)} s, empty store ${bare[run]?.seconds.toFixed(2)} s`,
      );
    }
  } finally {
    await emulator.stop();
  }
  return { full, day, bare };
}

/** The UTC day the hourly run (at 13:10 with the default 3-hour recheck) collects into. */
const TOUCHED_DAY = { year: '2026', month: '11', day: '25' };

/** Removes every day but one from a store's curated, raw and import-record folders. */
async function keepOnlyDay(store: string, keep: typeof TOUCHED_DAY): Promise<void> {
  for (const tree of ['curated', 'raw', 'state']) {
    for (const year of await fs.readdir(path.join(store, tree))) {
      if (!year.startsWith('year=')) continue;
      const yearDir = path.join(store, tree, year);
      for (const month of await fs.readdir(yearDir)) {
        const monthDir = path.join(yearDir, month);
        for (const dayName of await fs.readdir(monthDir)) {
          const kept =
            year === `year=${keep.year}` && month === `month=${keep.month}` && dayName === `day=${keep.day}`;
          if (!kept) await fs.rm(path.join(monthDir, dayName), { recursive: true });
        }
      }
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'window-requests': { type: 'string' },
      runs: { type: 'string' },
      'hourly-runs': { type: 'string' },
    },
  });
  const requests = Number(values['window-requests'] ?? 2_200_000);
  const runs = Number(values.runs ?? 3);
  // An hourly run takes about a second, so its ratios need more runs than the window to settle.
  const hourlyRunCount = Number(values['hourly-runs'] ?? 7);
  requireTools([]);
  await fs.mkdir(OUT, { recursive: true });
  console.log(`collect: one day window of ${requests.toLocaleString('en-US')} requests, ${runs} runs`);
  const window = await bigWindow(requests, runs);
  console.log(
    `collect: one day window of ${(requests / 4).toLocaleString('en-US')} requests, to see whether memory grows with it`,
  );
  const quarter = await bigWindow(Math.round(requests / 4), runs);
  console.log(
    'collect: an hourly run into a 30-day store, a store of only the day it touches, and an empty one',
  );
  const hourly = await hourlyRuns(hourlyRunCount);
  const ratio = median(hourly.full.map((m, i) => m.seconds / (hourly.bare[i] as Measurement).seconds));
  const dayRatio = median(hourly.full.map((m, i) => m.seconds / (hourly.day[i] as Measurement).seconds));
  console.log('');
  console.log(
    table(
      ['figure (median)', 'value', 'target'],
      [
        ['one ~1 GB window: peak memory, MiB', median(window.map((m) => m.peakMiB)).toFixed(0), '< 200'],
        ['one ~1 GB window: wall seconds', median(window.map((m) => m.seconds)).toFixed(1), ''],
        ['one ~0.25 GB window: peak memory, MiB', median(quarter.map((m) => m.peakMiB)).toFixed(0), 'flat'],
        ['hourly run, 30-day store: wall seconds', median(hourly.full.map((m) => m.seconds)).toFixed(2), ''],
        ['hourly run, one-day store: wall seconds', median(hourly.day.map((m) => m.seconds)).toFixed(2), ''],
        ['hourly run, empty store: wall seconds', median(hourly.bare.map((m) => m.seconds)).toFixed(2), ''],
        ['ratio 30-day / one-day (pairwise)', dayRatio.toFixed(2), '<= ~1'],
        ['ratio 30-day / empty (pairwise)', ratio.toFixed(2), ''],
        ['hourly run, 30-day store: peak MiB', median(hourly.full.map((m) => m.peakMiB)).toFixed(0), ''],
      ],
    ),
  );
  await fs.writeFile(
    path.join(OUT, 'collect.json'),
    JSON.stringify(
      {
        window: { requests, runs: figures(window) },
        quarterWindow: {
          requests: Math.round(requests / 4),
          runs: figures(quarter),
        },
        hourly: {
          full: figures(hourly.full),
          oneDay: figures(hourly.day),
          empty: figures(hourly.bare),
          ratio,
          dayRatio,
        },
      },
      null,
      2,
    ),
  );
}

await main();
