import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Measurement, measure } from './measure.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The GoAccess the benchmarks compare against: `$GOACCESS` if set, else the GoAccess 1.11 build
 * beside the repository (`../shared/tools/goaccess-1.11/goaccess`) when it is there, else the
 * `goaccess` on the PATH. The parity test keeps using the PATH's (Debian's 1.7).
 */
export function benchGoAccess(): { command: string; version: string; threads: number } {
  const beside = path.resolve(ROOT, '..', 'shared', 'tools', 'goaccess-1.11', 'goaccess');
  const command = process.env.GOACCESS ?? (existsSync(beside) ? beside : 'goaccess');
  // It says `GoAccess - 1.11.`; the tables name it `GoAccess 1.11`.
  const said = spawnSync(command, ['--version']).stdout?.toString().split('\n')[0]?.trim() ?? '';
  const parsed = /(\d+)\.(\d+)/.exec(said);
  const [major = 0, minor = 0] = (parsed ?? []).slice(1).map(Number);
  // `-j` (parsing threads) exists from 1.9 on; the benchmarks give it both cores.
  const threads = major > 1 || (major === 1 && minor >= 9) ? 2 : 1;
  return { command, version: parsed ? `GoAccess ${major}.${minor}` : said, threads };
}

/**
 * GoAccess's reading of Amplify's CSV (from NOTES.md): date, time, bytes, client IP, URL, status,
 * referrer, user agent, cache status, virtual host, time taken, TLS, HTTP version, content type.
 * The query column is not mapped to `%q` (a `-` would become `?-` on every URL). Shared by the
 * benchmarks and the parity test.
 */
export const GOACCESS_AMPLIFY_ARGS = [
  '--log-format=%d,%t,%^,%b,%h,%m,%^,%U,%s,%R,%u,%^,%^,%C,%^,%v,%^,%^,%T,%^,%K,%k,%^,%H,%^,%^,%^,%^,%^,%M,%^,%^,%^',
  '--date-format=%Y-%m-%d',
  '--time-format=%H:%M:%S',
  '--http-protocol=no',
  '--http-method=no',
  '--no-progress',
];

/**
 * The flags that make GoAccess count as amplify-logs does: status `000` (the viewer hung up) is a
 * request like any other (GoAccess otherwise rejects the line), and 4xx answers count towards
 * unique visitors (GoAccess otherwise leaves them out).
 */
export const GOACCESS_PARITY_ARGS = ['--no-strict-status', '--4xx-to-unique-count'];

/**
 * GoAccess producing its HTML report of `file` into `out`, measured as a whole process, with
 * `-j threads` when the build has parsing threads.
 */
export async function goaccessReport(
  file: string,
  out: string,
  goaccess: { command: string; threads: number } = { command: 'goaccess', threads: 1 },
): Promise<Measurement> {
  const threads = goaccess.threads > 1 ? ['-j', String(goaccess.threads)] : [];
  const run = await measure(goaccess.command, [file, ...GOACCESS_AMPLIFY_ARGS, ...threads, '-o', out]);
  if (run.code !== 0) throw new Error(`goaccess failed: ${run.stderr}`);
  return run;
}
