/**
 * Import benchmark, side by side with GoAccess on the same files.
 *
 *   npm run bench:import -- [--requests 2000000] [--runs 3] [--out DIR] [--skip-extras] [--bin FILE]
 *
 * (--bin: another build's `bin/amplify-logs.js`, to compare a change with the code before it.)
 *
 * 1. Generates (once, cached in DIR, default bench/out/) an Amplify CSV of N simulated requests,
 *    and two copies of it: the same rows sorted by time, and the same rows in random order.
 * 2. For each copy, alternates GoAccess (1.11 with `-j 2` when available, see lib/goaccess.ts)
 *    producing its HTML report from the file and `amplify-logs import` of the file into a fresh
 *    store (the built bin, `node bin/amplify-logs.js`), `runs` times each, under GNU time (wall
 *    time, CPU time, peak RSS), noting the load average before each run.
 * 3. Unless --skip-extras: times a grouped query over every row of the imported store (the whole
 *    CLI process), and imports files of N/4 and N/2 requests to show whether peak memory grows.
 * Prints the figures and writes them to DIR/import.json.
 */
import * as fs from 'node:fs/promises';
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
import { type RowOrder, reorderedFile } from './lib/rowOrder.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let BIN = path.join(ROOT, 'bin', 'amplify-logs.js');
const ORDERS: readonly RowOrder[] = ['sorted', 'shuffled'];

const GROUPED_QUERY =
  'SELECT uri, status, count(*) AS requests, sum(bytes) AS bytes, count(DISTINCT request_ip) AS ips FROM access_logs GROUP BY ALL ORDER BY requests DESC LIMIT 20';

async function importOnce(file: string, store: string): Promise<Measurement> {
  await fs.rm(store, { recursive: true, force: true });
  const run = await measure(process.execPath, [BIN, 'import', file, '--json', '--data-dir', store]);
  if (run.code !== 0) throw new Error(`import failed: ${run.stderr}`);
  return run;
}

interface OrderResult {
  readonly order: RowOrder;
  readonly ours: Measurement[];
  readonly theirs: Measurement[];
  readonly loads: number[];
  readonly ratio: number;
}

/** Alternating runs of GoAccess and the import on one file; the ratio is the median of the pairs'. */
async function sideBySide(
  order: RowOrder,
  file: string,
  out: string,
  runs: number,
  goaccess: ReturnType<typeof benchGoAccess>,
): Promise<OrderResult> {
  const ours: Measurement[] = [];
  const theirs: Measurement[] = [];
  const loads: number[] = [];
  for (let run = 0; run < runs; run++) {
    loads.push(loadAverage());
    theirs.push(await goaccessReport(file, path.join(out, 'goaccess.html'), goaccess));
    ours.push(await importOnce(file, path.join(out, 'store')));
    const [a, b] = [theirs[run] as Measurement, ours[run] as Measurement];
    console.log(
      `  ${order} run ${run + 1} (load ${loads[run]?.toFixed(2)}): goaccess ${a.seconds.toFixed(2)} s, import ${b.seconds.toFixed(2)} s (${b.cpuSeconds.toFixed(1)} CPU s, ${b.peakMiB.toFixed(0)} MiB), ratio ${(b.seconds / a.seconds).toFixed(3)}`,
    );
  }
  const ratio = median(ours.map((m, i) => m.seconds / (theirs[i] as Measurement).seconds));
  return { order, ours, theirs, loads, ratio };
}

async function extras(requests: number, out: string, last: Measurement) {
  const queries: Measurement[] = [];
  for (let run = 0; run < 3; run++) {
    const query = await measure(process.execPath, [
      BIN,
      'query',
      GROUPED_QUERY,
      '--format',
      'json',
      '--data-dir',
      path.join(out, 'store'),
    ]);
    if (query.code !== 0) throw new Error(`query failed: ${query.stderr}`);
    queries.push(query);
  }
  const scaling: [number, Measurement][] = [];
  for (const n of [Math.floor(requests / 4), Math.floor(requests / 2)]) {
    scaling.push([n, await importOnce(await benchDataFile(out, n), path.join(out, 'store-scaling'))]);
  }
  await fs.rm(path.join(out, 'store-scaling'), { recursive: true, force: true });
  scaling.push([requests, last]);
  return { queries, scaling };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string' },
      runs: { type: 'string' },
      out: { type: 'string' },
      'skip-extras': { type: 'boolean' },
      bin: { type: 'string' },
    },
  });
  if (values.bin) BIN = path.resolve(values.bin);
  const requests = Number(values.requests ?? 2_000_000);
  const runs = Math.max(3, Number(values.runs ?? 3));
  const out = path.resolve(values.out ?? path.join(ROOT, 'bench', 'out'));
  const goaccess = benchGoAccess();
  requireTools([goaccess.command]);
  await fs.mkdir(out, { recursive: true });
  const base = await benchDataFile(out, requests);
  const files = new Map<RowOrder, string>();
  for (const order of ORDERS) files.set(order, await reorderedFile(base, order));
  const size = (await fs.stat(base)).size;
  console.log(
    `file: ${requests.toLocaleString('en-US')} requests, ${(size / 2 ** 20).toFixed(0)} MiB, sorted by time and shuffled; ${goaccess.version} (-j ${goaccess.threads}); ${runs} runs each, alternating`,
  );

  const results: OrderResult[] = [];
  for (const order of ORDERS) {
    results.push(await sideBySide(order, files.get(order) as string, out, runs, goaccess));
  }
  const last = results[results.length - 1]?.ours.at(-1) as Measurement;
  const summary = JSON.parse(last.stdout);
  const extra = values['skip-extras'] ? undefined : await extras(requests, out, last);
  await fs.rm(path.join(out, 'store'), { recursive: true, force: true });

  const seconds = (m: readonly Measurement[]) => median(m.map((x) => x.seconds)).toFixed(2);
  const cpu = (m: readonly Measurement[]) => median(m.map((x) => x.cpuSeconds)).toFixed(1);
  const peak = (m: readonly Measurement[]) => median(m.map((x) => x.peakMiB)).toFixed(0);
  const rows: string[][] = results.flatMap((r) => [
    [`${r.order}: wall seconds`, seconds(r.ours), seconds(r.theirs), ''],
    [`${r.order}: CPU seconds (user + system)`, cpu(r.ours), cpu(r.theirs), ''],
    [`${r.order}: ratio to GoAccess (pairwise)`, r.ratio.toFixed(3), '1', '<= 0.25 (aim 0.125)'],
    [`${r.order}: peak memory, MiB`, peak(r.ours), peak(r.theirs), '< 1024'],
  ]);
  if (extra) {
    rows.push(['grouped query over all rows, s (CLI process)', seconds(extra.queries), '', '< 1']);
    for (const [n, m] of extra.scaling) {
      rows.push([
        `import peak memory, ${n.toLocaleString('en-US')} requests, MiB`,
        m.peakMiB.toFixed(0),
        '',
        'flat',
      ]);
    }
  }
  console.log('');
  console.log(table(['figure (median)', 'amplify-logs', goaccess.version || 'GoAccess', 'target'], rows));
  const loads = results.flatMap((r) => r.loads);
  console.log(
    `\nload average before the runs: ${Math.min(...loads).toFixed(2)} to ${Math.max(...loads).toFixed(2)} (2 cores)`,
  );
  console.log(
    `imported ${summary.rowsImported} new requests, ${summary.duplicates} duplicates, ${summary.rejected} rejected`,
  );
  await fs.writeFile(
    path.join(out, 'import.json'),
    `${JSON.stringify(
      {
        requests,
        bytes: size,
        goaccess: { version: goaccess.version, threads: goaccess.threads },
        orders: results.map((r) => ({
          order: r.order,
          loads: r.loads,
          goaccess: figures(r.theirs),
          import: figures(r.ours),
          ratio: r.ratio,
        })),
        summary,
        ...(extra
          ? {
              query: { sql: GROUPED_QUERY, runs: figures(extra.queries) },
              scaling: extra.scaling.map(([n, m]) => ({
                requests: n,
                seconds: m.seconds,
                peakMiB: m.peakMiB,
              })),
            }
          : {}),
      },
      null,
      2,
    )}\n`,
  );
}

await main();
