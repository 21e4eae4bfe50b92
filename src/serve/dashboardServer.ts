import { createHash, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { type Context, Hono } from 'hono';
import type { HotDaysState } from '../engine/hotDays.js';
import type { QueryEngine } from '../engine/QueryEngine.js';
import type { CountryLookup } from '../format/address/CountryLookup.js';
import { buildReport } from '../report/buildReport.js';
import { renderJson } from '../report/render/renderJson.js';
import { readSelection } from '../report/reportSelection.js';
import type { DaySummaries } from '../report/summaries/daySummaries.js';
import type { PrivacySettings } from '../store/privacy.js';
import { AppError, messageOf, UsageError } from '../util/errors.js';
import { dashboardMeta } from './dashboardMeta.js';

/**
 * The dashboard's engine: a query engine that may also list the store again in place (`refresh`)
 * and hold its most recent days in memory (`warm`, `hotDays`), as DuckDBEngine does.
 */
export interface DashboardEngine extends QueryEngine {
  /** Lists the store again; resolves to whether its day files changed. */
  refresh?(): Promise<boolean>;
  /** Copies one more day into memory; resolves to whether it did. */
  warm?(): Promise<boolean>;
  readonly hotDays?: HotDaysState | undefined;
}

/** What the dashboard needs: the store's engine, the clock, the country lookup, its guards. */
export interface DashboardOptions {
  /**
   * Opens a DuckDB engine on the store: at the first answer without `engine`, and again after
   * `refreshMs` when the engine cannot `refresh` itself.
   */
  openEngine(): Promise<DashboardEngine>;
  /** An engine opened already (to check the store at start). */
  readonly engine?: DashboardEngine;
  /** The store's day summaries for an engine, read only (src/report/summaries/); made again when its days change. */
  summaries?(engine: QueryEngine): Pick<DaySummaries, 'forRange'>;
  /** Where a failure to hold days in memory is told (the dashboard goes on reading the day files). */
  warn?(message: string): void;
  now(): Date;
  countries(): Promise<CountryLookup>;
  /** The store's privacy settings, which the report states (read for each report). */
  privacy(): Promise<PrivacySettings>;
  /** The `Host` header values it answers (lower case, with the port): its own names. */
  readonly hosts: ReadonlySet<string>;
  /** When set, every request must carry it (see `tokenOf`). */
  readonly token?: string | undefined;
  /** How long the store's listing is used before the store is listed again. Default 60 s. */
  readonly refreshMs?: number;
}

/** Where the page, its script and its styles are: beside this module, in `assets/`. */
const ASSETS = new URL('./assets/', import.meta.url);

/**
 * The page's files, by path: its own, and the module of how figures read, as built
 * (`dist/util/valueFormat.js`, which imports nothing), so the page formats as the reports do.
 */
const STATIC: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/assets/dashboard.js': { file: 'dashboard.js', type: 'text/javascript; charset=utf-8' },
  '/assets/dashboard.css': { file: 'dashboard.css', type: 'text/css; charset=utf-8' },
  '/assets/valueFormat.js': { file: '../../util/valueFormat.js', type: 'text/javascript; charset=utf-8' },
};

/**
 * No script, style, image or connection but the dashboard's own; no inline script or style
 * element, no frame, no form, no base: log text that slipped into the page could do nothing.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TOKEN_COOKIE = 'amplify_logs_token';

/** The query parameters `/api/report` reads: `report`'s options, by the same names. */
const REPORT_PARAMETERS = new Set([
  'range',
  'from',
  'to',
  'compare',
  'host',
  'filter',
  'exclude-bots',
  'top',
  'token',
]);

/**
 * The dashboard as a Hono app: `/` (the page), `/assets/*` (its script and styles, shipped in the
 * package), `/api/meta` (panel and total definitions), `/api/status` (the days held in memory) and
 * `/api/report` (what `report --format json` prints for the same parameters). It answers GET and HEAD only, to its own host names only
 * (a page on another name cannot reach it through DNS rebinding), with the token when one is set,
 * and sends every response with the Content-Security-Policy and no caching. It only reads the
 * store. Reports run one at a time on one engine.
 */
export function dashboardApp(options: DashboardOptions): { app: Hono; close(): Promise<void> } {
  const app = new Hono();
  const engines = engineKeeper(options);

  app.use('*', async (c, next) => {
    secure(c);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      c.header('Allow', 'GET, HEAD');
      return c.json({ error: 'the dashboard only reads: use GET' }, 405);
    }
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (!options.hosts.has(host)) {
      return c.json({ error: `this dashboard does not answer for the host ${JSON.stringify(host)}` }, 403);
    }
    if (options.token !== undefined) {
      const given = tokenOf(c);
      if (given === undefined || !sameSecret(given, options.token)) {
        return c.json({ error: 'a token is needed: open the URL the serve command printed' }, 401);
      }
      if (c.req.query('token') !== undefined) {
        c.header(
          'Set-Cookie',
          `${TOKEN_COOKIE}=${encodeURIComponent(given)}; Path=/; HttpOnly; SameSite=Strict`,
        );
      }
    }
    await next();
    secure(c);
  });

  for (const [route, asset] of Object.entries(STATIC)) {
    app.get(route, async (c) => {
      const body = await fs.readFile(new URL(asset.file, ASSETS));
      // A built module names its source map, which is not served: without the line, no browser asks.
      const sent = asset.file.endsWith('.js')
        ? body.toString('utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n')
        : body;
      return c.body(sent, 200, { 'Content-Type': asset.type });
    });
  }

  app.get('/api/meta', (c) => c.json(dashboardMeta()));
  // How far the engine has come holding the most recent days in memory (null: it holds none).
  app.get('/api/status', (c) => c.json({ hotDays: engines.hotDays() ?? null }));

  app.get('/api/report', async (c) => {
    const query = new URL(c.req.url).searchParams;
    const unknown = [...query.keys()].find((key) => !REPORT_PARAMETERS.has(key));
    if (unknown !== undefined) {
      return c.json(
        {
          error: `unknown parameter ${JSON.stringify(unknown)}`,
          hint: `Use ${[...REPORT_PARAMETERS].join(', ')}.`,
        },
        400,
      );
    }
    try {
      const repeated = [...new Set(query.keys())].find(
        (key) => key !== 'filter' && query.getAll(key).length > 1,
      );
      if (repeated !== undefined) throw new UsageError(`${repeated} is given more than once`);
      const selection = readSelection({
        range: query.get('range') ?? undefined,
        from: query.get('from') ?? undefined,
        to: query.get('to') ?? undefined,
        compare: flag(query, 'compare'),
        host: query.get('host') ?? undefined,
        excludeBots: flag(query, 'exclude-bots'),
        filters: query.getAll('filter'),
        top: query.get('top') ?? undefined,
      });
      const privacy = await options.privacy();
      const json = await engines.use(async (engine, summaries) => {
        const report = await buildReport(engine, {
          ...selection,
          now: options.now,
          countries: options.countries,
          privacy,
          ...(summaries ? { summaries } : {}),
        });
        return renderJson(report);
      });
      return c.body(json, 200, { 'Content-Type': 'application/json; charset=utf-8' });
    } catch (error) {
      if (error instanceof AppError && error.exitCode === 2) {
        return c.json({ error: error.message, ...(error.hint ? { hint: error.hint } : {}) }, 400);
      }
      throw error;
    }
  });

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    secure(c);
    return c.json({ error: error instanceof Error ? error.message : String(error) }, 500);
  });
  return { app, close: () => engines.close() };
}

/** A yes-or-no parameter: absent or `0`, `false`, `no` is off; `1`, `true`, `yes` or empty is on; else a usage error. */
function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || ['0', 'false', 'no'].includes(value)) return false;
  if (['1', 'true', 'yes', ''].includes(value)) return true;
  throw new UsageError(`${name}=${JSON.stringify(value)}: write ${name}=1 or ${name}=0`);
}

function secure(c: Context): void {
  c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cache-Control', 'no-store');
}

/** The token a request carries: `Authorization: Bearer T`, `?token=T`, or the cookie set from it. */
function tokenOf(c: Context): string | undefined {
  const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer !== undefined) return bearer;
  const query = c.req.query('token');
  if (query !== undefined) return query;
  const cookie = (c.req.header('cookie') ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${TOKEN_COOKIE}=`));
  return cookie === undefined ? undefined : decodeURIComponent(cookie.slice(TOKEN_COOKIE.length + 1));
}

/** Compares two secrets in time that does not depend on where they differ (nor on their lengths). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * One engine at a time, with its day summaries: each use waits for the one before (a DuckDB
 * connection runs one query at a time). After `refreshMs` the store is listed again: in place when
 * the engine can (its days held in memory stay, but for changed files), else by a new engine. Between
 * answers the engine copies its most recent days into memory, one day a step, so an answer waits
 * for one day's copy at most.
 */
function engineKeeper(options: DashboardOptions) {
  // The engine's day summaries live as long as its listing (their bot verdicts are kept between answers).
  const kept = (engine: DashboardEngine) => ({
    engine,
    listed: Date.now(),
    summaries: options.summaries?.(engine),
  });
  let current: ReturnType<typeof kept> | undefined = options.engine ? kept(options.engine) : undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let warming = false;
  /** Copying days into memory failed once: it is not tried again (the day files are read). */
  let warmFailed = false;
  let closed = false;
  const refreshMs = options.refreshMs ?? 60_000;

  /** Runs `step` once everything queued before it is done. */
  function enqueue<T>(step: () => Promise<T>): Promise<T> {
    const run = queue.then(step);
    queue = run.catch(() => {});
    return run;
  }

  async function currentEngine(): Promise<ReturnType<typeof kept>> {
    if (current !== undefined && Date.now() - current.listed > refreshMs) {
      const { engine } = current;
      if (engine.refresh) {
        const changed = await engine.refresh();
        if (changed) current = kept(engine);
        else current.listed = Date.now();
      } else {
        current = undefined;
        await engine.close();
      }
    }
    current ??= kept(await options.openEngine());
    return current;
  }

  /** Queues the copy of the engine's next day into memory, and after it the next, until none is left. */
  function warmSoon(): void {
    const engine = current?.engine;
    if (warming || closed || warmFailed || engine?.warm === undefined) return;
    warming = true;
    // Only on the engine it was asked for: one closed meanwhile is not touched.
    enqueue(async () =>
      current?.engine === engine && !closed ? ((await engine.warm?.()) ?? false) : false,
    ).then(
      (more) => {
        warming = false;
        if (more) warmSoon();
      },
      (error: unknown) => {
        warming = false;
        warmFailed = true;
        options.warn?.(
          `the dashboard reads the day files: holding days in memory failed: ${messageOf(error)}`,
        );
      },
    );
  }

  warmSoon();
  return {
    use<T>(
      work: (engine: QueryEngine, summaries?: Pick<DaySummaries, 'forRange'>) => Promise<T>,
    ): Promise<T> {
      const run = enqueue(async () => {
        if (closed) throw new Error('the dashboard is closed');
        const { engine, summaries } = await currentEngine();
        return work(engine, summaries);
      });
      run.then(
        () => warmSoon(),
        () => {},
      );
      return run;
    },
    /** How many days the engine holds in memory; undefined before it opens or when it holds none. */
    hotDays(): HotDaysState | undefined {
      return current?.engine.hotDays;
    },
    async close() {
      closed = true;
      await queue;
      await current?.engine.close();
      current = undefined;
    },
  };
}
