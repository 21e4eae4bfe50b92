import { type Measurement, measure } from './measure.js';

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

/** GoAccess producing its HTML report of `file` into `out`, measured as a whole process. */
export async function goaccessReport(file: string, out: string): Promise<Measurement> {
  const run = await measure('goaccess', [file, ...GOACCESS_AMPLIFY_ARGS, '-o', out]);
  if (run.code !== 0) throw new Error(`goaccess failed: ${run.stderr}`);
  return run;
}
