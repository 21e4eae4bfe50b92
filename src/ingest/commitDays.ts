import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CURATED_COLUMNS } from '../format/schema.js';
import { curatedRowsSql } from '../sql/curatedRead.js';
import { ident, literal, literalList } from '../sql/sql.js';
import { curatedKey, type Day } from '../store/keys.js';
import { daySalt } from '../store/privacy.js';
import type { Store } from '../store/Store.js';
import { failpoint } from '../util/failpoint.js';
import { FAST_IMPORT, type ImportProfile } from './importProfile.js';
import { privateRowsSql, type RowPrivacy, registerPrivacyFunctions } from './privateRows.js';
import type { StorePrivacy } from './storePrivacy.js';

/** What one commit did to one UTC day of the curated table. */
export interface DayCommit {
  readonly day: Day;
  /** Rows of this batch that fell on the day (duplicates included). */
  readonly rows: number;
  /** Requests the day did not hold before. */
  readonly added: number;
}

export interface CommitResult {
  readonly days: DayCommit[];
  readonly added: number;
  readonly duplicates: number;
}

const COLUMN_LIST = CURATED_COLUMNS.map((c) => ident(c.name)).join(', ');

/** Deterministic choice among rows sharing a request id (real ids are unique; redacted samples are not). */
const FIRST_OF_ID =
  'row_number() OVER (PARTITION BY request_id ORDER BY "timestamp", uri, status, bytes, location, request_ip, user_agent)';

/**
 * Moves staged rows into the curated table, one UTC day at a time (a day's file is written in
 * while the next day is planned, see `DayWrites`), keeping each request id once:
 * a day gains only the requests it did not hold, and is rewritten only when it gains some. A day
 * the store does not have yet, staged without duplicates, is moved in as it is, without a rewrite.
 * Each day is replaced atomically, so a crash leaves every day either before or after this batch;
 * running the same batch again then adds only what is missing. Call it under the store's lock.
 */
export async function commitDays(
  connection: DuckDBConnection,
  store: Store,
  stagingDir: string,
  workDir: string,
  profile: Pick<ImportProfile, 'mergedRowGroup' | 'idsPerPass' | 'dayWrites'> = FAST_IMPORT,
  privacy?: StorePrivacy,
): Promise<CommitResult> {
  const staged = await stagedDays(stagingDir);
  const days: DayCommit[] = [];
  const writes = new DayWrites(store, profile.dayWrites);
  if (privacy) registerPrivacyFunctions(connection, privacy.countries);
  try {
    for (const [day, files] of staged) {
      failpoint('commit-day');
      const anonymize = privacy && {
        ...privacy,
        salt: (await daySalt(store, day, privacy.now)).salt,
      };
      const planned = await planDay(connection, store, day, files, workDir, profile, anonymize);
      days.push(planned.commit);
      if (planned.file !== undefined) await writes.start(planned.key, planned.file);
    }
  } finally {
    await writes.drain();
  }
  writes.throwIfFailed();
  const rows = days.reduce((sum, d) => sum + d.rows, 0);
  const added = days.reduce((sum, d) => sum + d.added, 0);
  return { days, added, duplicates: rows - added };
}

/** What a day's commit will write: `file` (a staged or merged Parquet file) as `key`, or nothing. */
interface PlannedDay {
  readonly commit: DayCommit;
  readonly key: string;
  readonly file?: string;
}

/**
 * Decides what a day becomes: the staged file as it is (a day the store lacks, staged without
 * duplicates), a merged file written into `workDir` (the day's requests with the new ones), or
 * nothing (the day holds every staged request already). It reads the store but writes nothing into it.
 */
async function planDay(
  connection: DuckDBConnection,
  store: Store,
  day: Day,
  files: string[],
  workDir: string,
  { mergedRowGroup, idsPerPass }: Pick<ImportProfile, 'mergedRowGroup' | 'idsPerPass'>,
  privacy?: RowPrivacy,
): Promise<PlannedDay> {
  const key = curatedKey(day);
  const stagedSql = `read_parquet(${literalList(files)}, hive_partitioning = false)`;
  const counts = await countRowsAndIds(connection, stagedSql, idsPerPass);
  const existing = (await store.exists(key)) ? await store.localPath(key) : undefined;
  if (existing === undefined && files.length === 1 && counts.n === counts.u && !privacy) {
    return { commit: { day, rows: counts.n, added: counts.n }, key, file: files[0] as string };
  }
  const existingSql =
    existing && curatedRowsSql(`read_parquet(${literal(existing)}, hive_partitioning = false)`);
  const fresh = existingSql
    ? `SELECT s.* FROM ${stagedSql} s ANTI JOIN (SELECT request_id FROM ${existingSql}) e ON s.request_id = e.request_id`
    : `SELECT * FROM ${stagedSql}`;
  const held = existingSql
    ? (await scalarRow(connection, `SELECT count(*) AS n, 0 AS u FROM ${existingSql}`)).n
    : 0;
  if (
    existingSql &&
    (await scalarRow(connection, `SELECT count(*) AS n, 0 AS u FROM (${fresh} LIMIT 1)`)).n === 0
  ) {
    return { commit: { day, rows: counts.n, added: 0 }, key };
  }
  const ranked = `SELECT ${COLUMN_LIST} FROM (SELECT *, ${FIRST_OF_ID} AS _rank FROM (${fresh})) WHERE _rank = 1`;
  const firsts = privacy ? privateRowsSql(`(${ranked}) ranked`, privacy) : ranked;
  const merged = existingSql ? `SELECT ${COLUMN_LIST} FROM ${existingSql} UNION ALL ${firsts}` : firsts;
  const target = path.join(workDir, `${day}.parquet`);
  const written = await connection.run(
    `COPY (${merged}) TO ${literal(target)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${mergedRowGroup})`,
  );
  return { commit: { day, rows: counts.n, added: Number(written.rowsChanged) - held }, key, file: target };
}

/**
 * A day's file is written into the store (flushed and renamed in, or uploaded) while the next day
 * is planned, and up to `limit` such writes run at once: their waits on the disk or the network
 * overlap the DuckDB work and each other instead of adding up.
 */
class DayWrites {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly store: Store,
    private readonly limit: number,
  ) {}

  /** Starts writing `file` as `key`, and returns once fewer than `limit` writes run. Throws once a write has failed. */
  async start(key: string, file: string): Promise<void> {
    this.throwIfFailed();
    failpoint('replace-day');
    const write: Promise<void> = this.store
      .putFile(key, file, { move: true })
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(write));
    this.running.add(write);
    if (this.running.size >= this.limit) await Promise.race(this.running);
    this.throwIfFailed();
  }

  /** Waits for every write started (a failed one included: see `throwIfFailed`). */
  async drain(): Promise<void> {
    await Promise.all(this.running);
  }

  /** Throws the first write's failure, if one failed. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

/**
 * Counts the rows and the distinct request ids of staged files, in bounded memory: distinct 64-bit
 * hashes of the ids (equal ids hash alike, so "as many hashes as rows" proves there is no
 * duplicate; a rare collision only sends the day down the exact merge), counted in as many passes
 * over hash ranges as it takes to keep each pass's hash table small.
 */
async function countRowsAndIds(
  connection: DuckDBConnection,
  stagedSql: string,
  idsPerPass: number,
): Promise<{ n: number; u: number }> {
  const { n } = await scalarRow(connection, `SELECT count(*) AS n, 0 AS u FROM ${stagedSql}`);
  const passes = Math.max(1, Math.ceil(n / idsPerPass));
  let u = 0;
  for (let pass = 0; pass < passes; pass++) {
    const where = passes === 1 ? '' : ` WHERE hash(request_id) % ${passes} = ${pass}`;
    u += (
      await scalarRow(
        connection,
        `SELECT 0 AS n, count(DISTINCT hash(request_id)) AS u FROM ${stagedSql}${where}`,
      )
    ).u;
  }
  return { n, u };
}

async function scalarRow(connection: DuckDBConnection, sql: string): Promise<{ n: number; u: number }> {
  const row = (await connection.runAndReadAll(sql)).getRowObjectsJS()[0] ?? {};
  return { n: Number(row.n ?? 0), u: Number(row.u ?? 0) };
}

/** The staged Parquet files of each day, from every `_day=YYYY-MM-DD/*.parquet` folder below `stagingDir`. */
async function stagedDays(stagingDir: string): Promise<Map<Day, string[]>> {
  const days = new Map<Day, string[]>();
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdirOrEmpty(dir)) {
      const full = path.join(dir, entry);
      const day = /^_day=(\d{4}-\d{2}-\d{2})$/.exec(entry)?.[1];
      if (day === undefined) {
        if ((await fs.stat(full)).isDirectory()) await visit(full);
        continue;
      }
      const files = (await readdirOrEmpty(full))
        .filter((f) => f.endsWith('.parquet'))
        .map((f) => path.join(full, f));
      days.set(day, [...(days.get(day) ?? []), ...files]);
    }
  };
  await visit(stagingDir);
  return new Map([...days.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
