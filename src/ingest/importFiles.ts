import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AnonymizeBits } from '../format/address/anonymizeAddress.js';
import type { CountryLookup } from '../format/address/CountryLookup.js';
import { detectLayout, type LogLayout } from '../format/layout.js';
import { closeDuckDB, openDuckDB } from '../sql/duckdb.js';
import { importRecordKey, RAW_EXTENSIONS, rawImportKey, rejectedKey } from '../store/keys.js';
import { expireSalts, readPrivacy } from '../store/privacy.js';
import type { Store } from '../store/Store.js';
import { AppError, InputError, messageOf } from '../util/errors.js';
import { failpoint } from '../util/failpoint.js';
import { commitDays, type DayCommit } from './commitDays.js';
import { findInputs, type InputFile } from './findInputs.js';
import { FAST_IMPORT, type ImportProfile } from './importProfile.js';
import { type PreparedFile, prepareFile, type RawCopy } from './prepareFile.js';
import type { RejectedLine } from './rejects.js';
import { writeRejected } from './rejects.js';
import { splitSections } from './splitSections.js';
import { type SectionInput, stageSection } from './stageSection.js';
import { storePrivacy } from './storePrivacy.js';
import { cleanAbandonedRuns, runDirName } from './workDirs.js';

export interface ImportOptions {
  readonly store: Store;
  /** The clock; rows dated after tomorrow (UTC) are quarantined. Default: the system clock. */
  readonly now?: () => Date;
  /** Progress lines (for stderr). Default: none. */
  readonly log?: (line: string) => void;
  /** Memory, threads and buffers; default FAST_IMPORT (LEAN_IMPORT keeps a collector small). */
  readonly profile?: ImportProfile;
  /** The country lookup used when the store anonymises addresses. Default: DB-IP Lite, shipped. */
  readonly countries?: () => Promise<CountryLookup>;
}

export type FileStatus = 'imported' | 'empty' | 'skipped' | 'failed';

/** What happened to one input file. */
export interface FileOutcome {
  readonly source: string;
  readonly status: FileStatus;
  /** Log lines read, duplicates included. */
  readonly rows: number;
  readonly rejected: number;
  /** Header and `#` lines, including headers repeated inside the file. */
  readonly headerLines: number;
  readonly rawKey?: string;
  /** SHA-256 of the file's (decompressed) content. */
  readonly sha256?: string;
  readonly rejectedKey?: string;
  /** Why a file failed or was skipped, or what was wrong with it (a cut gzip stream). */
  readonly note?: string;
}

export interface ImportSummary {
  readonly files: FileOutcome[];
  readonly rowsRead: number;
  /** Requests the store did not hold before this import. */
  readonly rowsImported: number;
  /** Rows read that the store already held, or that repeated a request of this import. */
  readonly duplicates: number;
  readonly rejected: number;
  /** The days this import touched. */
  readonly days: DayCommit[];
  readonly failed: number;
}

/**
 * Imports access-log files (Amplify CSV or CloudFront standard logs, plain or gzip) into the
 * store: each file's exact bytes go to `raw/` (a gzip file as it came, a plain one brotli-compressed), its lines to the curated table (one
 * Parquet file a UTC day, each request once), its unreadable lines to `rejected/` with reasons.
 * One bad file never stops the others; its outcome says what went wrong. Importing the same or
 * overlapping files again adds nothing, and an import killed at any point can simply be rerun.
 */
export async function importFiles(paths: readonly string[], options: ImportOptions): Promise<ImportSummary> {
  const inputs = await findInputs(paths);
  return importInputs(inputs, options);
}

export async function importInputs(
  inputs: readonly InputFile[],
  options: ImportOptions,
): Promise<ImportSummary> {
  const { store } = options;
  const log = options.log ?? (() => {});
  const latestDay = dayAfter(options.now?.() ?? new Date());
  await store.probe();
  await cleanAbandonedRuns(store.workDir);
  const runDir = path.join(store.workDir, runDirName());
  const stagingDir = path.join(runDir, 'staging');
  await fs.mkdir(stagingDir, { recursive: true }).catch((error) => {
    throw new AppError('STORE', `cannot write to the store ${store.location}: ${messageOf(error)}`);
  });
  const { anonymizeIp } = await readPrivacy(store);
  const profile = options.profile ?? FAST_IMPORT;
  const open = async () => {
    const opened = await openDuckDB({
      tempDirectory: path.join(runDir, 'spill'),
      memoryLimit: profile.memoryLimit,
      ...(profile.threads ? { threads: profile.threads } : {}),
    });
    await opened.run(`SET partitioned_write_flush_threshold = ${profile.flushRows}`);
    if (profile.lean) {
      await opened.run("SET allocator_flush_threshold = '8MB'");
      await opened.run("SET allocator_bulk_deallocation_flush_threshold = '8MB'");
      await opened.run('SET enable_external_file_cache = false');
    }
    return opened;
  };
  let connection = await open();
  try {
    const outcomes: FileOutcome[] = [];
    for (const [index, input] of inputs.entries()) {
      log(`reading ${input.path}`);
      const reader = {
        connection,
        store,
        runDir,
        latestDay,
        profile,
        anonymizeIp,
        stagingDir: path.join(stagingDir, String(index)),
      };
      try {
        outcomes.push(await readOne(input, reader));
      } catch (error) {
        await fs.rm(reader.stagingDir, { recursive: true, force: true });
        outcomes.push(failedOutcome(input, error));
        if (isFatal(error)) connection = await open();
      }
    }
    if (profile.lean) {
      closeDuckDB(connection);
      connection = await open();
    }
    const committed = await commitUnderLock(connection, stagingDir, runDir, profile, log, options);
    failpoint('before-record');
    await recordImports(store, outcomes);
    return summarize(outcomes, committed.days, committed.added, committed.duplicates);
  } finally {
    closeDuckDB(connection);
    await fs.rm(runDir, { recursive: true, force: true });
  }
}

interface Reader {
  readonly connection: DuckDBConnection;
  readonly store: Store;
  readonly runDir: string;
  readonly stagingDir: string;
  readonly latestDay: string;
  readonly profile: ImportProfile;
  readonly anonymizeIp: AnonymizeBits;
}

/** Reads one input file; its work files are removed whatever happens. */
async function readOne(input: InputFile, reader: Reader): Promise<FileOutcome> {
  // Collected windows stay gzip (Athena reads them); imported files only this tool reads back.
  const codec = input.rawKeyFor ? 'gzip' : 'brotli';
  const started = await prepareFile(input.path, reader.runDir, reader.profile.readChunkBytes, codec);
  // The raw copy is complete before the staging ends: the store flushes it meanwhile, so that
  // moving it in afterwards does not wait for the disk with the cores idle.
  const prepared = { ...started, raw: started.raw.then(flushedAhead(reader.store)) };
  // Both are awaited later (or not at all, for a file skipped as no log); a failure of the
  // background pass before then (its disk full, a read error) must fail this file when
  // awaited, not count as unhandled and end the process.
  prepared.raw.catch(() => {});
  prepared.clean.catch(() => {});
  try {
    return await readPrepared(input, prepared, reader);
  } finally {
    const raw = await prepared.raw.catch(() => undefined);
    if (raw?.isWorkFile) await fs.rm(raw.file, { force: true });
    if (prepared.textIsWorkFile) await fs.rm(prepared.textFile, { force: true });
  }
}

function flushedAhead(store: Store): (raw: RawCopy) => Promise<RawCopy> {
  return async (raw) => {
    if (raw.isWorkFile) await store.flushAhead?.(raw.file);
    return raw;
  };
}

async function readPrepared(input: InputFile, prepared: PreparedFile, reader: Reader): Promise<FileOutcome> {
  let layout: LogLayout | undefined;
  try {
    layout = detectLayout(prepared.head, input.path);
  } catch (error) {
    if (!(error instanceof InputError) || input.named) throw error;
    return {
      source: input.path,
      status: 'skipped',
      rows: 0,
      rejected: 0,
      headerLines: 0,
      note: error.message,
    };
  }
  const read = layout
    ? await readSections(prepared, layout, reader)
    : { rows: 0, rejects: [], headerLines: 0 };
  if (prepared.damage) read.rejects.push({ line: 0, reason: prepared.damage, text: '' });
  const raw = await prepared.raw;
  const kind = layout?.kind === 'cloudfront-tsv' ? 'tsv' : 'csv';
  const held = input.rawKeyFor ? undefined : await heldImportKey(reader.store, raw.sha256, kind);
  const rawKey = input.rawKeyFor
    ? await input.rawKeyFor(raw.sha256)
    : (held ?? rawImportKey(raw.sha256, kind, raw.extension));
  failpoint('before-raw');
  if (held === undefined && !(await reader.store.exists(rawKey)))
    await reader.store.putFile(rawKey, raw.file, { move: raw.isWorkFile });
  failpoint('after-raw');
  const rejectedAt = rejectedKey(rawKey);
  await writeRejected(reader.store, rejectedAt, input.path, rawKey, read.rejects, reader.anonymizeIp);
  return {
    source: input.path,
    sha256: raw.sha256,
    status: layout ? 'imported' : 'empty',
    rows: read.rows,
    rejected: read.rejects.length,
    headerLines: read.headerLines,
    rawKey,
    ...(read.rejects.length > 0 ? { rejectedKey: rejectedAt } : {}),
    ...(prepared.damage ? { note: prepared.damage } : {}),
  };
}

/** The key of a copy of this content the store already holds, whichever its compression. */
async function heldImportKey(store: Store, sha256: string, kind: 'csv' | 'tsv'): Promise<string | undefined> {
  for (const extension of RAW_EXTENSIONS) {
    const key = rawImportKey(sha256, kind, extension);
    if (await store.exists(key)) return key;
  }
  return undefined;
}

interface SectionsRead {
  rows: number;
  rejects: RejectedLine[];
  headerLines: number;
}

/**
 * Stages a file's rows. A clean file goes straight to the fast reader; a file with bad bytes,
 * carriage returns, or a header inside it that changes the fields is first split into clean
 * sections by the careful reader. A plain file's check (one pass that also hashes and compresses
 * it) runs while the fast reader already reads it: clean files, the rule, are read once, and a
 * file found unclean has its staging dropped.
 */
async function readSections(
  prepared: PreparedFile,
  layout: LogLayout,
  reader: Reader,
): Promise<SectionsRead> {
  const staging = stageAll([{ file: prepared.textFile, layout, firstLine: 1 }], reader).then(
    (staged) => ({ staged }),
    (error: unknown) => ({ error }),
  );
  const clean = await prepared.clean.catch(async (error: unknown) => {
    await staging;
    throw error;
  });
  const fast = await staging;
  if ('error' in fast && (clean || isFatal(fast.error))) throw fast.error;
  if (clean && 'staged' in fast) {
    const { rows, rejects, headerLines, layoutChanges } = fast.staged;
    if (!layoutChanges) return { rows, rejects, headerLines };
  }
  await fs.rm(reader.stagingDir, { recursive: true, force: true });
  const split = await splitSections(prepared.textFile, layout, reader.runDir);
  const staged = await stageAll(split.sections, reader);
  await Promise.all(split.sections.map((s) => fs.rm(s.file, { force: true })));
  return {
    rows: staged.rows,
    rejects: [...split.rejects, ...staged.rejects],
    headerLines: split.headerLines + staged.headerLines,
  };
}

async function stageAll(sections: readonly SectionInput[], reader: Reader) {
  let rows = 0;
  let headerLines = 0;
  let layoutChanges = false;
  const rejects: RejectedLine[] = [];
  for (const [index, section] of sections.entries()) {
    const dir = path.join(reader.stagingDir, String(index));
    const staged = await stageSection(reader.connection, section, dir, reader.latestDay, reader.profile);
    rows += staged.rows;
    headerLines += staged.headerLines;
    layoutChanges ||= staged.layoutChanges;
    rejects.push(...staged.rejects);
  }
  if (sections.length === 1) headerLines += sections[0]?.layout.headerLines ?? 0;
  return { rows, headerLines, layoutChanges, rejects };
}

/**
 * Commits the staged days under the store's write lock, anonymised when the store's settings (read
 * under the lock, so a concurrent `privacy set` is seen) ask for it; then deletes the salts of
 * days that can no longer receive rows.
 */
async function commitUnderLock(
  connection: DuckDBConnection,
  stagingDir: string,
  runDir: string,
  profile: ImportProfile,
  log: (line: string) => void,
  options: ImportOptions,
) {
  const { store } = options;
  const lock = await store.lock('write');
  try {
    const now = options.now?.() ?? new Date();
    const privacy = await storePrivacy(store, now, options.countries);
    log('merging into the curated table');
    const committed = await commitDays(connection, store, stagingDir, runDir, profile, privacy);
    await expireSalts(store, now);
    return committed;
  } finally {
    await lock.release();
  }
}

/** Notes each imported raw object in `state/imports/`, for audits and rebuilds. */
async function recordImports(store: Store, outcomes: readonly FileOutcome[]): Promise<void> {
  const importedAt = new Date().toISOString();
  for (const outcome of outcomes) {
    if (!outcome.rawKey) continue;
    const { source, rows, rejected, headerLines, rawKey, sha256 } = outcome;
    const record = { source: path.basename(source), rawKey, sha256, rows, rejected, headerLines, importedAt };
    await store.putBytes(importRecordKey(rawKey), `${JSON.stringify(record, null, 2)}\n`);
  }
}

function summarize(
  outcomes: FileOutcome[],
  days: DayCommit[],
  added: number,
  duplicates: number,
): ImportSummary {
  return {
    files: outcomes,
    rowsRead: outcomes.reduce((sum, o) => sum + o.rows, 0),
    rowsImported: added,
    duplicates,
    rejected: outcomes.reduce((sum, o) => sum + o.rejected, 0),
    days,
    failed: outcomes.filter((o) => o.status === 'failed').length,
  };
}

function failedOutcome(input: InputFile, error: unknown): FileOutcome {
  const note = error instanceof AppError ? error.message : `internal error: ${messageOf(error)}`;
  return { source: input.path, status: 'failed', rows: 0, rejected: 0, headerLines: 0, note };
}

/** DuckDB invalidates a database after an internal error; the connection must be replaced. */
function isFatal(error: unknown): boolean {
  return /FATAL|INTERNAL|invalidated/.test(messageOf(error));
}

/** The day after `now` (UTC), as `YYYY-MM-DD`: the last day a log line may carry. */
function dayAfter(now: Date): string {
  return new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
}
