/**
 * Dashboard benchmark: `amplify-logs serve` over the 2,000,000-request store of bench/report.ts.
 *
 *   node --import tsx bench/serve.ts [--runs 5]
 *
 * First makes the store's day summaries as the README says to (`amplify-logs summarize`, timed; a
 * no-op when they are current). Starts the package's bin (`serve --port 0`), and beside it a second
 * one that holds no days in memory (`--cache-mb 0`), then times, from this process, whole HTTP
 * answers of `GET /api/report`: the first one (the engine opens on the store); then waits until the
 * first server holds its days in memory (`/api/status`), timed; asks each question below once
 * untimed (warm: the second server opens its engine, each query's plan is made); then, alternating, `runs`
 * times each: the last 8 days with one filter (`filter=page=/`, which no summary answers) from each
 * server, the same 8 days without (the page's first view), and every day. Then the first load of
 * the page in Chromium, until the totals show numbers, and the first server's peak memory.
 * Targets (issue 14): a week with one filter under 300 ms, all days under 1 s, numbers on the page
 * under 1 s. Prints the medians and writes them to bench/out/serve.json.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { benchDataFile } from './lib/dataFile.js';
import { median, table } from './lib/measure.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'out');
const BIN = path.join(ROOT, 'bin', 'amplify-logs.js');
const REQUESTS = 2_000_000;

/** bench/out/store-report-sorted (the report benchmark's store of the sorted rows), imported once from the 2M file. */
async function benchStore(): Promise<string> {
  const store = path.join(OUT, 'store-report-sorted');
  const ready = await fs.stat(path.join(store, 'curated')).then(
    () => true,
    () => false,
  );
  if (!ready) {
    const file = await benchDataFile(OUT, REQUESTS);
    console.log(`importing ${path.basename(file)} into ${store}`);
    const run = spawnSync(process.execPath, [BIN, 'import', file, '--json', '--data-dir', store], {
      stdio: 'inherit',
    });
    if (run.status !== 0) throw new Error('import failed');
  }
  return store;
}

function startServe(store: string, ...flags: string[]): Promise<{ child: ChildProcess; url: URL }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', store, ...flags]);
    let out = '';
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const url = /the dashboard is at (\S+)\n/.exec(out)?.[1];
      if (url) resolve({ child, url: new URL(url) });
    });
  });
}

async function timed(url: URL): Promise<{ ms: number; body: { range: { from: string; to: string } } }> {
  const start = performance.now();
  const response = await fetch(url);
  const body = (await response.json()) as { range: { from: string; to: string } };
  const ms = performance.now() - start;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

interface HotDays {
  readonly days: number;
  readonly of: number;
  readonly bytes: number;
  readonly done: boolean;
}

/** Polls `/api/status` until the server holds every day it will hold in memory. */
async function warmed(url: URL): Promise<{ ms: number; hot: HotDays }> {
  const start = performance.now();
  for (;;) {
    const { hotDays } = (await (await fetch(new URL('/api/status', url))).json()) as {
      hotDays: HotDays | null;
    };
    if (hotDays === null) throw new Error('the server holds no days in memory');
    if (hotDays.done) return { ms: performance.now() - start, hot: hotDays };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A process's peak resident memory (Linux), in MiB. */
async function peakMiB(pid: number | undefined): Promise<number | undefined> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}

function dayBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const runs = Number(values.runs);
  const store = await benchStore();
  const started = performance.now();
  const summarize = spawnSync(process.execPath, [BIN, 'summarize', '--data-dir', store], {
    encoding: 'utf8',
  });
  if (summarize.status !== 0) throw new Error(`summarize failed: ${summarize.stderr}`);
  const summarizeMs = performance.now() - started;
  console.log(`${summarize.stdout.trim()} in ${(summarizeMs / 1000).toFixed(2)} s`);
  const { child, url } = await startServe(store);
  const cold = await startServe(store, '--cache-mb', '0');
  try {
    const all = new URL('/api/report?range=all', url);
    const first = await timed(all);
    const last = first.body.range.to;
    const warm = await warmed(url);
    const filtered = `/api/report?from=${dayBefore(last, 7)}&to=${last}&filter=${encodeURIComponent('page=/')}`;
    const week = new URL(filtered, url);
    const coldWeek = new URL(filtered, cold.url);
    const plainWeek = new URL(`/api/report?from=${dayBefore(last, 7)}&to=${last}`, url);
    // Warm: each question asked once untimed (the second server's engine opens; each query's plan is made).
    for (const question of [week, coldWeek, plainWeek]) await timed(question);
    const times = {
      week: [] as number[],
      coldWeek: [] as number[],
      plainWeek: [] as number[],
      all: [] as number[],
    };
    for (let i = 0; i < runs; i++) {
      times.week.push((await timed(week)).ms);
      times.coldWeek.push((await timed(coldWeek)).ms);
      times.plainWeek.push((await timed(plainWeek)).ms);
      times.all.push((await timed(all)).ms);
    }
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    const loads: number[] = [];
    try {
      for (let i = 0; i < runs; i++) {
        const page = await browser.newPage();
        const start = performance.now();
        await page.goto(new URL(`/?from=${dayBefore(last, 7)}&to=${last}`, url).href);
        await page.waitForSelector('[data-total="requests"] .value');
        loads.push(performance.now() - start);
        await page.close();
      }
    } finally {
      await browser.close();
    }
    const peak = await peakMiB(child.pid);
    const coldPeak = await peakMiB(cold.child.pid);
    const row = (what: string, ms: number[], target: number) => [
      what,
      `${median(ms).toFixed(0)} ms`,
      `${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)} ms`,
      `< ${target} ms`,
      median(ms) < target ? 'yes' : 'NO',
    ];
    console.log(`\n${REQUESTS.toLocaleString('en-US')} requests, ${runs} warm runs each, alternating\n`);
    console.log(
      table(
        ['GET', 'median', 'range', 'target', 'met'],
        [
          ['/api/report?range=all (first, engine opening)', `${first.ms.toFixed(0)} ms`, '', '', ''],
          row('/api/report, 8 days, filter page=/', times.week, 300),
          row('  the same, --cache-mb 0 (every day file read)', times.coldWeek, 300),
          row('/api/report, the same 8 days, no filter', times.plainWeek, 300),
          row('/api/report?range=all', times.all, 1000),
          row('page load until the totals show', loads, 1000),
        ],
      ),
    );
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    console.log(
      `\nDays held in memory: ${warm.hot.days} of ${warm.hot.of} in ${mb(warm.hot.bytes)} MiB, copied ${(warm.ms / 1000).toFixed(1)} s after the first answer; peak memory ${peak?.toFixed(0) ?? '?'} MiB (with --cache-mb 0: ${coldPeak?.toFixed(0) ?? '?'} MiB)`,
    );
    await fs.mkdir(OUT, { recursive: true });
    await fs.writeFile(
      path.join(OUT, 'serve.json'),
      `${JSON.stringify({ requests: REQUESTS, runs, summarizeMs, firstMs: first.ms, warmMs: warm.ms, hotDays: warm.hot, peakMiB: peak, coldPeakMiB: coldPeak, ...times, pageLoad: loads }, null, 2)}\n`,
    );
  } finally {
    child.kill('SIGINT');
    cold.child.kill('SIGINT');
  }
}

await main();
