/**
 * Where a report's time goes: `report --range all` built in this process on a store, with the wall
 * and CPU seconds of opening the engine, of each named query the report runs (in the order it runs
 * them), and of the rest (enrichment in JS, assembling the model). CPU is the process's (every
 * thread); the report overlaps a little JS with its later queries, which lands in those queries.
 *
 *   node --import tsx bench/profileReport.ts STORE [--threads N] [--memory 2GB] [--summaries]
 *     [--from YYYY-MM-DD --to YYYY-MM-DD] [--filter EXPR]...
 *
 * With `--summaries`, the report reads the store's day summaries (built first where missing, and
 * then timed within the first query). `--from`/`--to` report those days instead of all;
 * `--filter` (repeatable, as in `report`) filters it.
 */
import { parseArgs } from 'node:util';
import { DuckDBEngine } from '../src/engine/DuckDBEngine.js';
import type { QueryEngine } from '../src/engine/QueryEngine.js';
import { buildReport } from '../src/report/buildReport.js';
import { parseFilter } from '../src/report/filters.js';
import { DaySummaries } from '../src/report/summaries/daySummaries.js';
import { LocalStore } from '../src/store/LocalStore.js';
import { table } from './lib/measure.js';

interface Step {
  readonly name: string;
  readonly cpu: number;
  readonly wall: number;
}

function clock() {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  return (name: string): Step => {
    const used = process.cpuUsage(cpu);
    return { name, cpu: (used.user + used.system) / 1e6, wall: (performance.now() - wall) / 1000 };
  };
}

/** Which report query a SQL text is, by a fragment only that query holds (see src/report/queries/). */
const KNOWN: readonly [RegExp, string][] = [
  [/^SET /, 'setup'],
  [/first_day/, 'store days'],
  [/COPY \(/, 'summary part'],
  [/entry_page/, 'visits (visits panels)'],
  [/WITH errors/, 'problems (errors panels)'],
  [/AS pageviews/, 'pageviews (pages, referrers)'],
  [/\$uri_0/, 'page requests (top pages)'],
  [/WITH rollup AS/, 'visitors (visitors panels)'],
  [/CASE "set"/, 'traffic (status, hosts, protocols, agents)'],
];

/** A short name for a report query, its place in the run, and (SHOW_SQL=1) the start of its text. */
function nameOf(sql: string, index: number): string {
  const known = KNOWN.find(([pattern]) => pattern.test(sql))?.[1] ?? 'query';
  const text = process.env.SHOW_SQL ? ` ${sql.replace(/\s+/g, ' ').slice(0, 200)}` : '';
  return `${String(index + 1).padStart(2)}. ${known}${text}`;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      threads: { type: 'string' },
      memory: { type: 'string' },
      summaries: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      filter: { type: 'string', multiple: true },
    },
  });
  const root = positionals[0];
  if (!root) throw new Error('usage: profileReport.ts STORE [--threads N] [--memory 2GB]');
  const steps: Step[] = [];
  const total = clock();
  let stop = clock();
  const store = new LocalStore(root);
  const engine = await DuckDBEngine.open({
    store,
    limits: {
      ...(values.threads ? { threads: Number(values.threads) } : {}),
      ...(values.memory ? { memoryLimit: values.memory } : {}),
    },
  });
  steps.push(stop('open the engine (views over the day files)'));
  let index = 0;
  const timed: QueryEngine = {
    name: engine.name,
    close: () => engine.close(),
    query: async (sql, params) => {
      const done = clock();
      const result = await engine.query(sql, params);
      steps.push(done(nameOf(sql, index++)));
      return result;
    },
  };
  stop = clock();
  const summaries = values.summaries ? new DaySummaries(store, engine, { build: true }) : undefined;
  const range =
    values.from && values.to
      ? ({ kind: 'days', from: values.from, to: values.to } as const)
      : ({ kind: 'all' } as const);
  const filters = (values.filter ?? []).map(parseFilter);
  await buildReport(timed, { range, filters, ...(summaries ? { summaries } : {}) });
  const build = stop('build the report');
  await engine.close();
  const queries = steps.slice(1);
  const inQueries = queries.reduce((sum, s) => sum + s.cpu, 0);
  steps.push({ name: 'outside the queries (JS enrichment, model)', cpu: build.cpu - inQueries, wall: 0 });
  steps.push(total('whole report in this process'));
  console.log(
    table(
      ['step', 'CPU s', 'wall s'],
      steps.map((s) => [s.name, s.cpu.toFixed(2), s.wall ? s.wall.toFixed(2) : '']),
    ),
  );
}

await main();
