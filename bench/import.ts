/**
 * Import benchmark, side by side with GoAccess on the same file.
 *
 *   npm run bench:import -- [--requests 2000000] [--runs 3]
 *
 * 1. Generates (once, cached in bench/out/) an Amplify CSV of N simulated requests.
 * 2. Alternates GoAccess producing its HTML report from the file and `amplify-logs import` of
 *    the file into a fresh store, `runs` times each, under GNU time (wall time, peak RSS).
 * 3. Times a grouped query over every row of the imported store (the whole CLI process).
 * 4. Imports files of N/4 and N/2 requests too, to show whether peak memory grows with size.
 * Prints the figures and writes them to bench/out/import.json.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchDataFile } from './lib/dataFile.js';
import { goaccessReport } from './lib/goaccess.js';
import { figures, type Measurement, measure, median, requireTools, table } from './lib/measure.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'out');
const BIN = path.join(ROOT, 'bin', 'amplify-logs.js');

const GROUPED_QUERY =
  'SELECT uri, status, count(*) AS requests, sum(bytes) AS bytes, count(DISTINCT request_ip) AS ips FROM access_logs GROUP BY ALL ORDER BY requests DESC LIMIT 20';

async function importOnce(file: string, store: string): Promise<Measurement> {
  await fs.rm(store, { recursive: true, force: true });
  const run = await measure(process.execPath, [BIN, 'import', file, '--json', '--data-dir', store]);
  if (run.code !== 0) throw new Error(`import failed: ${run.stderr}`);
  return run;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: 'string' }, runs: { type: 'string' } } });
  const requests = Number(values.requests ?? 2_000_000);
  const runs = Number(values.runs ?? 3);
  requireTools(['goaccess']);
  await fs.mkdir(OUT, { recursive: true });
  const file = await benchDataFile(OUT, requests);
  const size = (await fs.stat(file)).size;
  const goaccessVersion = spawnSync('goaccess', ['--version']).stdout.toString().split('\n')[0];
  console.log(
    `file: ${requests.toLocaleString('en-US')} requests, ${(size / 2 ** 20).toFixed(0)} MiB; ${goaccessVersion}; ${runs} runs each, alternating`,
  );

  const store = path.join(OUT, 'store');
  const ours: Measurement[] = [];
  const theirs: Measurement[] = [];
  for (let run = 0; run < runs; run++) {
    theirs.push(await goaccessReport(file, path.join(OUT, 'goaccess.html')));
    ours.push(await importOnce(file, store));
    console.log(
      `  run ${run + 1}: goaccess ${theirs[run]?.seconds.toFixed(2)} s, import ${ours[run]?.seconds.toFixed(2)} s`,
    );
  }
  const summary = JSON.parse(ours[ours.length - 1]?.stdout ?? '{}');

  const queries: Measurement[] = [];
  for (let run = 0; run < Math.max(3, runs); run++) {
    const query = await measure(process.execPath, [
      BIN,
      'query',
      GROUPED_QUERY,
      '--format',
      'json',
      '--data-dir',
      store,
    ]);
    if (query.code !== 0) throw new Error(`query failed: ${query.stderr}`);
    queries.push(query);
  }

  const scaling: [number, Measurement][] = [];
  for (const n of [Math.floor(requests / 4), Math.floor(requests / 2)]) {
    scaling.push([n, await importOnce(await benchDataFile(OUT, n), path.join(OUT, 'store-scaling'))]);
  }
  scaling.push([requests, ours[ours.length - 1] as Measurement]);

  const importSeconds = median(ours.map((m) => m.seconds));
  const goaccessSeconds = median(theirs.map((m) => m.seconds));
  const ratio = median(ours.map((m, i) => m.seconds / (theirs[i] as Measurement).seconds));
  console.log('');
  console.log(
    table(
      ['figure (median)', 'amplify-logs', 'GoAccess', 'target'],
      [
        ['wall seconds, whole file', importSeconds.toFixed(2), goaccessSeconds.toFixed(2), ''],
        ['ratio to GoAccess (pairwise)', ratio.toFixed(3), '1', '<= 0.25'],
        [
          'peak memory, MiB',
          median(ours.map((m) => m.peakMiB)).toFixed(0),
          median(theirs.map((m) => m.peakMiB)).toFixed(0),
          '< 1536',
        ],
        [
          'grouped query over all rows, s (CLI process)',
          median(queries.map((m) => m.seconds)).toFixed(2),
          '',
          '< 1',
        ],
        ...scaling.map(([n, m]) => [
          `import peak memory, ${n.toLocaleString('en-US')} requests, MiB`,
          m.peakMiB.toFixed(0),
          '',
          'flat',
        ]),
      ],
    ),
  );
  console.log(
    `\nimported ${summary.rowsImported} new requests, ${summary.duplicates} duplicates, ${summary.rejected} rejected`,
  );
  await fs.writeFile(
    path.join(OUT, 'import.json'),
    JSON.stringify(
      {
        requests,
        bytes: size,
        goaccess: {
          version: goaccessVersion,
          runs: figures(theirs),
        },
        import: { runs: figures(ours), summary },
        ratio,
        query: { sql: GROUPED_QUERY, runs: figures(queries) },
        scaling: scaling.map(([n, m]) => ({ requests: n, seconds: m.seconds, peakMiB: m.peakMiB })),
      },
      null,
      2,
    ),
  );
}

await main();
