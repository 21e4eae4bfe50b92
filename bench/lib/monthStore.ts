import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { writeAmplifyCsvFile } from '../../src/demo/sim/demoFiles.js';

export interface MonthStoreOptions {
  /** The store folder to build (kept between runs). */
  readonly store: string;
  /** Requests in all, spread evenly over the days. */
  readonly requests: number;
  /** First day, `YYYY-MM-DD` (UTC). */
  readonly start: string;
  readonly days: number;
  /** The built CLI (`bin/amplify-logs.js`). */
  readonly bin: string;
  readonly log: (line: string) => void;
}

const DAY = 86_400_000;

/**
 * Builds, once, a store of `requests` simulated requests over `days` days: one day at a time, a
 * day's Amplify CSV is simulated (seed = day number), imported with the CLI and deleted, so the
 * disk never holds more than one day of text. A marker file per finished day makes a killed build
 * resume where it stopped; re-importing a half-imported day adds nothing (the import dedupes).
 */
export async function ensureMonthStore(options: MonthStoreOptions): Promise<void> {
  const marks = path.join(options.store, 'state', 'bench-days');
  await fs.mkdir(marks, { recursive: true });
  const perDay = Math.floor(options.requests / options.days);
  for (let i = 0; i < options.days; i++) {
    const start = new Date(Date.parse(`${options.start}T00:00:00Z`) + i * DAY);
    const day = start.toISOString().slice(0, 10);
    const mark = path.join(marks, day);
    if (await exists(mark)) continue;
    const requests = i === options.days - 1 ? options.requests - perDay * (options.days - 1) : perDay;
    const started = Date.now();
    const csv = path.join(path.dirname(options.store), `month-${day}.csv`);
    await writeAmplifyCsvFile(csv, { seed: i + 1, start, end: new Date(start.getTime() + DAY), requests });
    const generated = Date.now();
    await importFile(options.bin, csv, options.store);
    await fs.rm(csv, { force: true });
    await fs.writeFile(mark, `${requests}\n`);
    options.log(
      `  day ${i + 1}/${options.days} (${day}): ${requests.toLocaleString('en-US')} requests simulated in ${seconds(generated - started)} s, imported in ${seconds(Date.now() - generated)} s`,
    );
  }
}

function importFile(bin: string, file: string, store: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'import', file, '--json', '--data-dir', store], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`import of ${file} failed (${code}): ${stderr.slice(-500)}`)),
    );
  });
}

function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
