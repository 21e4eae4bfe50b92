import { spawn } from 'node:child_process';
import * as os from 'node:os';
import type { DuckDBEngine } from '../../engine/DuckDBEngine.js';
import { type CountryLookup, openCountryLookup } from '../../format/address/CountryLookup.js';
import { REPORT_COLUMNS } from '../../report/queries/scope.js';
import { DaySummaries } from '../../report/summaries/daySummaries.js';
import { readPrivacy } from '../../store/privacy.js';
import type { Store } from '../../store/Store.js';
import { UsageError } from '../../util/errors.js';
import type { CliContext, Command, ParsedArgs } from '../context.js';
import { geoipDbFromArgs } from '../geoipArgs.js';
import { duckdbOnStore, storeFromArgs } from '../storeFromArgs.js';

/** Loopback addresses: binding one keeps the dashboard on this machine. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Memory for the most recent days by default: the 2M-request benchmark store's 28 days take 44-47 MiB
 * (src/engine/hotDays.ts), so this holds about ten times that traffic.
 */
const DEFAULT_CACHE_MB = 512;

/** The shortest token accepted: long enough not to be guessed over a network. */
const MIN_TOKEN = 16;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'a live dashboard of the store in the browser: periods, comparison, filters by click',
  usage: '[--port N] [--host H] [--token T] [--open] [--cache-mb N]',
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    open: { type: 'boolean' },
    'geoip-db': { type: 'string' },
    'cache-mb': { type: 'string' },
  },
  help: [
    'Serves a dashboard of the store (local or S3, on DuckDB) until stopped with Ctrl-C: the totals',
    'with their change, traffic over time and every report panel, for a period and filters kept in',
    'the URL. A click on a row (a page, a referrer, a country, a channel, ...) adds its filter; the',
    'filters show as chips that remove them. The numbers come from GET /api/report, which answers',
    'what report --format json prints for the same parameters (range, from, to, compare, host,',
    'filter, exclude-bots, top). It only reads the store; new days appear within a minute.',
    '',
    '  --port N       the port (default 8484; 0 picks a free one)',
    '  --host H       the address to bind (default 127.0.0.1). Any other address needs a token',
    '  --token T      a secret of at least 16 characters every request must carry (env',
    '                 AMPLIFY_LOGS_TOKEN); the printed URL holds it once, then a cookie does',
    '  --open         open the dashboard in the default browser',
    '  --geoip-db F   a MaxMind .mmdb country database (env AMPLIFY_LOGS_GEOIP_DB)',
    `  --cache-mb N   memory for the most recent days, copied in the background and read instead`,
    `                 of their files (default ${DEFAULT_CACHE_MB}; 0 reads the files every time)`,
    '',
    'It answers GET only, to its own host names only (no DNS rebinding), with a',
    'Content-Security-Policy that allows its own script and nothing else.',
  ],
  async run(context, args) {
    if (args.positionals.length > 0) {
      throw new UsageError(`serve takes no arguments: ${JSON.stringify(args.positionals[0])}`);
    }
    const { port, host, token, cacheMb } = serveOptions(args, context);
    // The report's columns only: the copies hold what the dashboard reads, a quarter of a day file.
    const hot = cacheMb > 0 ? { memoryBytes: cacheMb * 1024 * 1024, columns: REPORT_COLUMNS } : undefined;
    // One thread a query, two queries at once (a report's visits beside its other queries): for
    // answers this small, sharing a query between threads costs DuckDB more than it gains.
    const tuning = { ...(hot ? { hot } : {}), limits: { threads: 1 } };
    const geoipDb = geoipDbFromArgs(args, context);
    const [{ dashboardApp }, { serve }] = await Promise.all([
      import('../../serve/dashboardServer.js'),
      import('@hono/node-server'),
    ]);
    const store = await storeFromArgs(context, args);
    // Fails here, not on the first page, when the store cannot be read; then serves the first pages.
    const engine = await duckdbOnStore(context, args, store, tuning);
    // Loaded once: the DB-IP tables take a tenth of a second to read.
    const lookup = openCountryLookup(geoipDb);
    lookup.catch(() => {}); // a bad --geoip-db fails each report, with its message
    await hintSummaries(context, store, engine, lookup);
    const hosts = new Set<string>();
    const dashboard = dashboardApp({
      engine,
      openEngine: () => duckdbOnStore(context, args, store, tuning),
      warn: (message) => context.stderr.write(`amplify-logs: ${message}\n`),
      summaries: (opened) => new DaySummaries(store, opened, { build: false }),
      now: context.now,
      countries: () => lookup,
      privacy: () => readPrivacy(store),
      hosts,
      token,
    });
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const started = serve({ fetch: dashboard.app.fetch, port, hostname: host }, () => resolve(started));
      started.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new UsageError(
                `port ${port} on ${host} is in use`,
                'Give another with --port N (0 picks a free one).',
              )
            : error,
        ),
      );
    });
    const address = server.address();
    const bound = typeof address === 'object' && address !== null ? address.port : port;
    for (const name of ownNames(host)) hosts.add(`${name}:${bound}`.toLowerCase());
    const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? os.hostname() : host;
    const url = `http://${shown}:${bound}/${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;
    context.stdout.write(`amplify-logs: the dashboard is at ${url}\n(Ctrl-C stops it)\n`);
    if (args.values.open) openBrowser(url);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await dashboard.close();
    context.stderr.write('amplify-logs: the dashboard stopped\n');
    return 0;
  },
};

/** Says on stderr how many days have no current day summary, which the dashboard reads from their files. */
async function hintSummaries(
  context: CliContext,
  store: Store,
  engine: DuckDBEngine,
  lookup: Promise<CountryLookup>,
): Promise<void> {
  const countries = await lookup.catch(() => undefined);
  if (countries === undefined || engine.dayFiles === 0) return;
  const summarized = await new DaySummaries(store, engine, { build: false }).forRange(
    '0000-01-01',
    '9999-12-31',
    countries,
  );
  const missing = engine.dayFiles - (summarized?.days.length ?? 0);
  if (missing > 0) {
    context.stderr.write(
      `amplify-logs: ${missing} of ${engine.dayFiles} day(s) have no current summary, so the dashboard reads their day files; amplify-logs summarize makes them\n`,
    );
  }
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The port, the address, and the token (required off loopback), or a `UsageError` saying why. */
function serveOptions(args: ParsedArgs, context: CliContext) {
  const portText = stringValue(args.values.port) ?? '8484';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port ${portText}: give a port number from 0 to 65535`);
  }
  const host = stringValue(args.values.host) ?? '127.0.0.1';
  if (host === '') throw new UsageError('--host is empty: give an address such as 127.0.0.1');
  const token = stringValue(args.values.token) ?? (context.env.AMPLIFY_LOGS_TOKEN || undefined);
  if (token !== undefined && token.length < MIN_TOKEN) {
    throw new UsageError(`the token is too short: give at least ${MIN_TOKEN} characters`);
  }
  if (!LOOPBACK.has(host) && token === undefined) {
    throw new UsageError(
      `--host ${host} would show the store's traffic beyond this machine without a token`,
      'Give --token T (or AMPLIFY_LOGS_TOKEN) with a secret of at least 16 characters, or leave --host out.',
    );
  }
  const cacheText = stringValue(args.values['cache-mb']) ?? String(DEFAULT_CACHE_MB);
  const cacheMb = Number(cacheText);
  if (!/^\d+$/.test(cacheText) || !Number.isSafeInteger(cacheMb)) {
    throw new UsageError(`--cache-mb ${cacheText}: give a whole number of megabytes (0 for none)`);
  }
  return { port, host, token, cacheMb };
}

/**
 * The names a request may give in its Host header: the bound address, and for a loopback address
 * the loopback names; for a wildcard address, this machine's name and every address it has.
 */
function ownNames(host: string): string[] {
  const bracket = (address: string) => (address.includes(':') ? `[${address}]` : address);
  if (LOOPBACK.has(host)) return ['127.0.0.1', 'localhost', '[::1]'];
  if (host !== '0.0.0.0' && host !== '::') return [bracket(host)];
  const addresses = Object.values(os.networkInterfaces()).flatMap((list) =>
    (list ?? []).map((entry) => bracket(entry.address)),
  );
  return [os.hostname(), 'localhost', ...addresses];
}

/** Opens `url` in the default browser; a failure only says so. */
function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => process.stderr.write(`amplify-logs: could not open a browser; go to ${url}\n`));
    child.unref();
  } catch {
    process.stderr.write(`amplify-logs: could not open a browser; go to ${url}\n`);
  }
}
