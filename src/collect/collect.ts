import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { InputFile } from '../ingest/findInputs.js';
import { type ImportSummary, importInputs } from '../ingest/importFiles.js';
import { type ImportProfile, LEAN_IMPORT } from '../ingest/importProfile.js';
import { cleanAbandonedRuns, runDirName } from '../ingest/workDirs.js';
import { importRecordKey, rawWindowKey } from '../store/keys.js';
import type { Store } from '../store/Store.js';
import { AppError, UsageError } from '../util/errors.js';
import { type CollectorState, readState, writeState } from './collectorState.js';
import { type FetchOutcome, fetchWindow } from './fetchWindow.js';
import { AmplifyLogSource, type LogSource } from './LogSource.js';
import { planWindows } from './planWindows.js';
import { REAL_CLOCK, type RetryClock, type RetryPolicy } from './retry.js';
import { describeWindow, type Window } from './windows.js';

export interface CollectOptions {
  readonly store: Store;
  readonly appId: string;
  readonly domain: string;
  /** Default: Amplify's GenerateAccessLogs through the AWS SDK. */
  readonly source?: LogSource;
  readonly now?: () => Date;
  /** Backfill from this instant (whole hours); without it, collect from the watermark. */
  readonly since?: Date;
  /** Backfill up to this instant (exclusive); default: the last hour Amplify has delivered. */
  readonly until?: Date;
  /** Hours every run asks again for entries delivered late. Default 3. */
  readonly recheckHours?: number;
  /** Hours Amplify takes to deliver an hour's logs. Default 1. */
  readonly lagHours?: number;
  /** Windows downloaded before each import into the store. Default 24 (a day of hourly runs). */
  readonly batch?: number;
  readonly retry?: RetryPolicy;
  readonly clock?: RetryClock;
  /** Memory and threads while importing; default LEAN_IMPORT, so a collector stays small. */
  readonly profile?: ImportProfile;
  /** How long to wait for another collector of the same app and domain. Default 60 s. */
  readonly lockWaitMs?: number;
  readonly log?: (line: string) => void;
  /** Called after each window with how many are done. */
  readonly progress?: (done: number, total: number) => void;
}

export interface WindowResult {
  readonly start: string;
  readonly end: string;
  readonly status: 'collected' | 'failed';
  readonly bytes: number;
  readonly rawKeys: string[];
  readonly error?: string;
}

export interface CollectSummary {
  readonly windows: WindowResult[];
  readonly fetched: number;
  readonly rowsRead: number;
  readonly rowsImported: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly failures: number;
  /** End of the range collected so far, after this run. */
  readonly watermark: string | null;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 1_000, maxMs: 30_000 };
const APP_ID = /^d[a-z0-9]{5,40}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Collects an Amplify app's access logs into the store. Without `since`: every finished hour from
 * the stored watermark (asking again `recheckHours` back for late entries) up to `now - lagHours`,
 * so a missed or failed run leaves no gap; the first run takes the last finished hour. With
 * `since`: a backfill of that range, a UTC day a window. Each window's CSV is kept in `raw/` in the
 * recipe's layout and imported like any file: each request once, rows outside the window kept.
 * Windows that still fail after retries are reported and asked again first on the next run.
 * One collector runs at a time per app and domain (a store lock); imports are serialized as usual.
 */
export async function collect(options: CollectOptions): Promise<CollectSummary> {
  validateIds(options.appId, options.domain);
  const { store, appId, domain } = options;
  const now = options.now?.() ?? new Date();
  const lock = await store.lock(`collect-${appId}-${domain}`, { waitMs: options.lockWaitMs ?? 60_000 });
  try {
    const state = await readState(store, appId, domain);
    const plan = planWindows({
      now,
      ...(state.watermark ? { watermark: state.watermark } : {}),
      pending: state.pending,
      ...(options.since ? { since: options.since } : {}),
      ...(options.until ? { until: options.until } : {}),
      recheckHours: options.recheckHours ?? 3,
      lagHours: options.lagHours ?? 1,
      ...(state.sweptThrough ? { sweptThrough: state.sweptThrough } : {}),
    });
    const run = await runWindows(plan.windows, options);
    const failed = run.results.filter((r) => r.status === 'failed').map(toWindow);
    const backfillWithEnd = options.since !== undefined && options.until !== undefined;
    const watermark = backfillWithEnd ? state.watermark : later(state.watermark, plan.to);
    const sweptThrough = plan.sweptThrough ?? state.sweptThrough;
    const next: CollectorState = {
      ...(watermark ? { watermark } : {}),
      pending: failed,
      ...(sweptThrough ? { sweptThrough } : {}),
      lastRun: now,
    };
    await writeState(store, appId, domain, next);
    return summarize(run.results, run.imports, watermark);
  } finally {
    await lock.release();
  }
}

interface RunResult {
  results: WindowResult[];
  imports: ImportSummary[];
}

async function runWindows(windows: readonly Window[], options: CollectOptions): Promise<RunResult> {
  await cleanAbandonedRuns(options.store.workDir);
  const workDir = path.join(options.store.workDir, runDirName());
  await fs.mkdir(workDir, { recursive: true });
  try {
    return await fetchAndImport(windows, options, workDir);
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

async function fetchAndImport(
  windows: readonly Window[],
  options: CollectOptions,
  workDir: string,
): Promise<RunResult> {
  const log = options.log ?? (() => {});
  const context = {
    source: options.source ?? new AmplifyLogSource(options.appId, options.domain),
    workDir,
    retry: options.retry ?? DEFAULT_RETRY,
    clock: options.clock ?? REAL_CLOCK,
    log,
  };
  const results: WindowResult[] = [];
  const imports: ImportSummary[] = [];
  const batch = options.batch ?? 24;
  for (let first = 0; first < windows.length; first += batch) {
    const fetched: FetchOutcome[] = [];
    for (const window of windows.slice(first, first + batch)) {
      const outcome = await fetchWindow(window, context);
      fetched.push(outcome);
      options.progress?.(first + fetched.length, windows.length);
      if (outcome.error) log(`failed: ${outcome.error}`);
      if (outcome.fatal) {
        await importFetched(fetched, options, results, imports);
        throw new AppError('COLLECT', outcome.error ?? 'the collector stopped', hintFor(outcome.error ?? ''));
      }
    }
    await importFetched(fetched, options, results, imports);
  }
  return { results, imports };
}

/** Imports the downloaded parts of some windows, each raw copy under its window's recipe key. */
async function importFetched(
  fetched: readonly FetchOutcome[],
  options: CollectOptions,
  results: WindowResult[],
  imports: ImportSummary[],
): Promise<void> {
  const inputs: InputFile[] = fetched.flatMap((outcome) =>
    outcome.parts.map((part) => ({
      path: part.file,
      named: true,
      rawKeyFor: (sha256: string) => windowRawKey(options.store, part.window, sha256),
    })),
  );
  const summary =
    inputs.length > 0
      ? await importInputs(inputs, {
          store: options.store,
          profile: options.profile ?? LEAN_IMPORT,
          ...(options.now ? { now: options.now } : {}),
        })
      : undefined;
  if (summary) imports.push(summary);
  for (const outcome of fetched) {
    const files = outcome.parts.map((p) => summary?.files.find((f) => f.source === p.file));
    const importError = files.find((f) => f?.status === 'failed')?.note;
    const error =
      outcome.error ?? (importError ? `${describeWindow(outcome.window)}: ${importError}` : undefined);
    results.push({
      start: outcome.window.start.toISOString(),
      end: outcome.window.end.toISOString(),
      status: error ? 'failed' : 'collected',
      bytes: outcome.parts.reduce((sum, p) => sum + p.bytes, 0),
      rawKeys: files.flatMap((f) => (f?.rawKey ? [f.rawKey] : [])),
      ...(error ? { error } : {}),
    });
  }
  await Promise.all(fetched.flatMap((o) => o.parts.map((p) => fs.rm(p.file, { force: true }))));
}

/**
 * The recipe's key for a window; when that key already holds other content (a later download of
 * the window, with late entries), a key with the content's hash, so raw objects are never replaced.
 */
async function windowRawKey(store: Store, window: Window, sha256: string): Promise<string> {
  const base = rawWindowKey(window.start, window.end);
  if (!(await store.exists(base))) return base;
  const record = await store.getBytes(importRecordKey(base));
  const held = record ? (JSON.parse(record.toString('utf8')) as { sha256?: string }).sha256 : undefined;
  return held === sha256 ? base : rawWindowKey(window.start, window.end, sha256.slice(0, 16));
}

function summarize(
  results: WindowResult[],
  imports: readonly ImportSummary[],
  watermark: Date | undefined,
): CollectSummary {
  const sum = (pick: (s: ImportSummary) => number) => imports.reduce((total, s) => total + pick(s), 0);
  return {
    windows: results,
    fetched: results.filter((r) => r.status === 'collected').length,
    rowsRead: sum((s) => s.rowsRead),
    rowsImported: sum((s) => s.rowsImported),
    duplicates: sum((s) => s.duplicates),
    rejected: sum((s) => s.rejected),
    failures: results.filter((r) => r.status === 'failed').length,
    watermark: watermark ? watermark.toISOString() : null,
  };
}

function toWindow(result: WindowResult): Window {
  return { start: new Date(result.start), end: new Date(result.end) };
}

function later(a: Date | undefined, b: Date): Date {
  return a && a > b ? a : b;
}

function validateIds(appId: string, domain: string): void {
  if (!APP_ID.test(appId)) {
    throw new UsageError(`--app-id ${JSON.stringify(appId)} is not an Amplify app id (like d1a2b3c4d5e6f7)`);
  }
  if (!DOMAIN.test(domain)) {
    throw new UsageError(
      `--domain ${JSON.stringify(domain)} is not a domain name (like example.com or d1a2b3c4d5e6f7.amplifyapp.com)`,
    );
  }
}

function hintFor(error: string): string {
  if (/NotFound|not found/i.test(error))
    return 'Check --app-id and --domain (AMPLIFY_APP_ID, AMPLIFY_DOMAIN): the domain must be one the app serves.';
  if (/Unauthorized|AccessDenied|credentials/i.test(error))
    return 'Check the AWS credentials: they need amplify:GenerateAccessLogs on the app.';
  return 'Fix the cause and run collect again: nothing is lost, failed windows are asked again.';
}
