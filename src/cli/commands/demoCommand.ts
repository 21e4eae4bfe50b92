import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { writeDemoFiles } from '../../demo/sim/demoFiles.js';
import { DuckDBEngine } from '../../engine/DuckDBEngine.js';
import { openCountryLookup } from '../../format/address/CountryLookup.js';
import { importFiles } from '../../ingest/importFiles.js';
import { DaySummaries } from '../../report/summaries/daySummaries.js';
import { LocalStore } from '../../store/LocalStore.js';
import { resolveStore } from '../../store/storeConfig.js';
import { AppError, messageOf, UsageError } from '../../util/errors.js';
import { formatCount } from '../../util/text.js';
import { storeFlags } from '../args.js';
import type { CliContext, Command, ParsedArgs } from '../context.js';
import { geoipDbFromArgs } from '../geoipArgs.js';
import { progressBar } from '../progressBar.js';
import { renderCollect } from '../render/collectSummary.js';
import { importJson, renderImportSummary } from '../render/importSummary.js';
import { renderResult } from '../render/renderResult.js';

const MARKER = 'state/demo.json';
const STORE_FOLDERS = ['raw', 'curated', 'rejected', 'state', 'summaries', 'tmp', 'downloads'];

export const demoCommand: Command = {
  name: 'demo',
  summary: 'simulate a realistic site, import its logs into a fresh local store, show what to try next',
  usage: '[--collect] [--days N] [--requests N] [--seed N] [--json]',
  options: {
    days: { type: 'string' },
    requests: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    collect: { type: 'boolean' },
  },
  help: [
    'Writes a folder of simulated Amplify and CloudFront log downloads (with every quirk real',
    'exports have) into DIR/downloads, where they stay, and imports it into the store DIR, which',
    'must be empty or an earlier demo store.',
    'With --collect it runs the collect pipeline instead, the real AWS SDK included, against a local',
    "emulator of Amplify's GenerateAccessLogs API serving the simulated site.",
    '',
    '  --collect      backfill the period through the Amplify emulator, then run the hourly collect',
    '  --days N       days of traffic, ending now (default 28)',
    '  --requests N   requests in all (default 60000)',
    '  --seed N       the simulation seed (default 1); the same seed gives the same logs',
    '  --json         print the import summary as JSON on stdout',
  ],
  async run(context, args) {
    const options = demoOptions(args);
    const config = resolveStore(storeFlags(args), context.env, context.cwd);
    if (config.kind !== 'local') throw new UsageError('demo writes a local store: use --data-dir DIR');
    const store = await freshDemoStore(config.root);
    const json = Boolean(args.values.json);
    const log = json ? () => {} : (line: string) => context.stderr.write(`${line}\n`);
    const shown = args.values.collect
      ? await demoCollect(store, options, context, log)
      : await demoImport(store, options, context, log);
    await store.putBytes(
      MARKER,
      `${JSON.stringify({ ...options, createdAt: context.now().toISOString() })}\n`,
    );
    const engine = await DuckDBEngine.open({ store, now: context.now });
    try {
      const summarised = await summarize(store, engine, context, args, log);
      if (json) {
        context.stdout.write(`${JSON.stringify(shown.json, null, 2)}\n`);
        return 0;
      }
      context.stdout.write(shown.text);
      context.stdout.write(
        `  ${summarised} day summaries made (what reports and the dashboard read; see summarize)\n`,
      );
      context.stdout.write(await glance(engine));
    } finally {
      await engine.close();
    }
    context.stdout.write(nextSteps(config.root, context.cwd));
    return 0;
  },
};

interface Shown {
  readonly text: string;
  readonly json: unknown;
}

/**
 * The default demo: a folder of simulated downloads, imported. The downloads stay in the store's
 * folder (`downloads/`), so the files the import summary names (their rejected lines, the raw
 * copies' sources) can be opened and imported again.
 */
async function demoImport(
  store: LocalStore,
  options: DemoOptions,
  context: CliContext,
  log: (line: string) => void,
): Promise<Shown> {
  const downloads = path.join(store.location, 'downloads');
  await fs.mkdir(downloads, { recursive: true });
  log(`simulating ${formatCount(options.requests)} requests over ${options.days} days into ${downloads}`);
  const set = await writeDemoFiles(downloads, { now: context.now(), ...options });
  const summary = await importFiles([downloads], { store, now: context.now });
  return {
    json: { ...importJson(summary, store.location), downloads, quirks: set.notes },
    text:
      renderImportSummary(summary, store.location) +
      `  the simulated downloads in ${downloads} hold ${set.notes.length} quirks of real exports (demo --json lists them)\n`,
  };
}

/**
 * The collect demo: the whole collect pipeline, the real AWS SDK included, against the project's
 * Amplify emulator on a local port: a backfill of the period, then the hourly run.
 */
async function demoCollect(
  store: LocalStore,
  options: DemoOptions,
  context: CliContext,
  log: (line: string) => void,
): Promise<Shown> {
  const [{ startAmplifyEmulator, DEFAULT_APP }, { collect }, { AmplifyLogSource }, { AmplifyClient }] =
    await Promise.all([
      import('../../demo/emulator/AmplifyEmulator.js'),
      import('../../collect/collect.js'),
      import('../../collect/LogSource.js'),
      import('@aws-sdk/client-amplify'),
    ]);
  const requestsPerHour = Math.max(1, Math.round(options.requests / (options.days * 24)));
  const emulator = await startAmplifyEmulator({ seed: options.seed, requestsPerHour, now: context.now });
  const client = new AmplifyClient({ ...emulator.clientConfig() });
  const domain = DEFAULT_APP.domains[0] as string;
  const source = new AmplifyLogSource(DEFAULT_APP.appId, domain, client);
  try {
    log(
      `an Amplify emulator serves a simulated site (app ${DEFAULT_APP.appId}, ${domain}) at ${emulator.endpoint}`,
    );
    const now = context.now();
    const since = new Date(now.getTime() - options.days * 86_400_000);
    const bar = progressBar(context.stderr, 'windows');
    const common = { store, appId: DEFAULT_APP.appId, domain, source, now: context.now, log };
    const backfill = await collect({ ...common, since, progress: (done, total) => bar.update(done, total) });
    bar.end();
    const hourly = await collect(common);
    return {
      json: { backfill, hourly },
      text: `${renderCollect(backfill, store.location)}Then the hourly run:\n${renderCollect(hourly, store.location)}`,
    };
  } finally {
    client.destroy();
    await emulator.stop();
  }
}

interface DemoOptions {
  days: number;
  requests: number;
  seed: number;
}

function demoOptions(args: ParsedArgs): DemoOptions {
  return {
    days: positiveInt(args.values.days, 'days', 28, 3650),
    requests: positiveInt(args.values.requests, 'requests', 60_000, 50_000_000),
    seed: positiveInt(args.values.seed, 'seed', 1, 2 ** 31),
  };
}

function positiveInt(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max) {
    throw new UsageError(`--${name} ${String(value)}: give a whole number from 1 to ${formatCount(max)}`);
  }
  return number;
}

/**
 * A store ready for the demo: a new folder, or one an earlier demo wrote (emptied first). A folder
 * holding anything else is left alone: the demo never deletes data it did not write.
 */
async function freshDemoStore(root: string): Promise<LocalStore> {
  const store = new LocalStore(root);
  const entries = await fs.readdir(root).catch(() => [] as string[]);
  if (entries.length > 0) {
    const ours = (await store.exists(MARKER)) && entries.every((entry) => STORE_FOLDERS.includes(entry));
    if (!ours) {
      throw new AppError(
        'STORE',
        `${root} already holds data that the demo did not write, so the demo will not touch it`,
        'Run the demo into another folder: amplify-logs demo --data-dir ./amplify-logs-demo',
      );
    }
    for (const folder of STORE_FOLDERS)
      await fs.rm(path.join(root, folder), { recursive: true, force: true });
  }
  return store;
}

/** Makes the day summaries of every day, as `summarize` would: the dashboard reads them at once. */
async function summarize(
  store: LocalStore,
  engine: DuckDBEngine,
  context: CliContext,
  args: ParsedArgs,
  log: (line: string) => void,
): Promise<number> {
  const countries = await openCountryLookup(geoipDbFromArgs(args, context));
  try {
    return (await new DaySummaries(store, engine, { build: true }).summarizeRange(countries)).built.length;
  } catch (error) {
    // The demo's data is in place: a report makes them later.
    log(`the day summaries were not made (${messageOf(error)})`);
    return 0;
  }
}

/** A first look at the demo data: requests a day over the last week. */
async function glance(engine: DuckDBEngine): Promise<string> {
  const result = await engine.query(
    `SELECT date, count(*) AS requests, count(DISTINCT request_ip) AS client_ips,
            round(sum(bytes) / 1048576, 1) AS mib
     FROM access_logs_week GROUP BY date ORDER BY date`,
  );
  return `\nThe last week (access_logs_week):\n${renderResult(result, 'table')}`;
}

function nextSteps(root: string, cwd: string): string {
  const relative = path.relative(cwd, root) || '.';
  const dataDir = relative === 'amplify-logs-data' ? '' : ` --data-dir ${relative}`;
  return [
    '',
    'Try next:',
    `  npx amplify-logs query${dataDir} "select uri, count(*) as requests from access_logs_week group by uri order by requests desc limit 10"`,
    `  npx amplify-logs query${dataDir} --format json "select status, count(*) as requests from access_logs group by status order by status"`,
    `  npx amplify-logs query${dataDir} "select reason, count(*) as lines from rejected_lines group by reason"`,
    `  npx amplify-logs report${dataDir} --range week --compare`,
    `  npx amplify-logs query${dataDir} "select channel, count(*) as visits from visits_week group by channel order by visits desc"`,
    `  npx amplify-logs report${dataDir} --range week --compare --filter channel=search`,
    `  npx amplify-logs report${dataDir} --range month --out report.html`,
    `  npx amplify-logs serve${dataDir} --open                  # the live dashboard; Ctrl-C stops it`,
    '  npx amplify-logs import path/to/your/downloaded/logs/',
    '',
  ].join('\n');
}
