import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBResultReader } from '@duckdb/node-api';
import { closeDuckDB, connectAgain, type DuckDBLimits, openDuckDB } from '../sql/duckdb.js';
import { CURATED_PREFIX, dayOfCuratedKey, REJECTED_PREFIX } from '../store/keys.js';
import { type Store, type StoredObject, sameVersion } from '../store/Store.js';
import { firstLineOf, QueryError } from '../util/errors.js';
import { cellsOf } from './duckdbCells.js';
import { HotDays, type HotDaysOptions, type HotDaysState } from './hotDays.js';
import { utcDay } from './periods.js';
import type { QueryEngine, QueryParams, QueryResult } from './QueryEngine.js';
import { duckdbViewStatements, duckdbVisitViewStatements } from './views.js';

/**
 * A statement that only reads: a query that may be prepared once and run again. (Text with a `;`
 * may hold several statements, which run as they always did, the last one's rows returned.)
 */
const READS = /^\s*(SELECT|WITH)\b/i;

/** DuckDB's memory limit for queries, as `openDuckDB` sets it by default (1 GB). */
const QUERY_MIB = 1024;

/** How many prepared statements an engine keeps. */
const PREPARED = 64;

export interface DuckDBEngineOptions {
  readonly store: Store;
  /** What "today" is for the period views. Default: the system clock. */
  readonly now?: () => Date;
  readonly limits?: DuckDBLimits;
  /**
   * Hold the most recent days in memory (src/engine/hotDays.ts), copied by `warm`; `access_logs`
   * then has only the columns copied. Default: every query reads the day files.
   */
  readonly hot?: HotDaysOptions;
}

/** What the engine reads, as one listing of the store found it. */
interface Listing {
  /** The curated day files. */
  readonly days: readonly StoredObject[];
  /** Their local paths (local copies, for a remote store), in the same order. */
  readonly files: readonly string[];
  /** The rejected-line files' local paths. */
  readonly rejected: readonly string[];
}

/**
 * The embedded engine: an in-memory DuckDB whose views read the store's curated day files and
 * rejected lines (local copies, for a remote store). Opening it lists the store once; the views see the days
 * that existed then, until `refresh` lists the store again.
 */
export class DuckDBEngine implements QueryEngine {
  readonly name = 'duckdb';

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly options: DuckDBEngineOptions,
    private listing: Listing,
    private readonly hot: HotDays | undefined,
  ) {
    this.main = new Runner(connection);
  }

  /** Runs the engine's queries on its connection. */
  private readonly main: Runner;
  /** The second connection (`querySide`), made when first asked for. */
  private side: Promise<Runner> | undefined;
  /** The UTC day the period views were made for (`defineViews`). */
  private viewsDay: string | undefined;

  /** The curated day files the views read, as the store listed them last. */
  get dayObjects(): readonly StoredObject[] {
    return this.listing.days;
  }

  /** How many curated day files the views read: 0 for a store that holds no requests yet. */
  get dayFiles(): number {
    return this.listing.days.length;
  }

  static async open(options: DuckDBEngineOptions): Promise<DuckDBEngine> {
    const listing = await listStore(options.store);
    // The copies count against DuckDB's memory limit: the queries keep what they had beside them.
    const limits =
      options.hot && options.limits?.memoryLimit === undefined
        ? { ...options.limits, memoryLimit: `${QUERY_MIB + Math.ceil(options.hot.memoryBytes / 2 ** 20)}MiB` }
        : options.limits;
    const connection = await openDuckDB(limits);
    try {
      const hot = options.hot ? await HotDays.attach(connection, options.hot) : undefined;
      const engine = new DuckDBEngine(connection, options, listing, hot);
      await engine.defineViews();
      return engine;
    } catch (error) {
      closeDuckDB(connection);
      throw error;
    }
  }

  /**
   * Lists the store again and points the views at what it holds now (and at today, for the
   * period views), dropping the held copies of days whose files changed. Resolves to whether the
   * day files or rejected lines differ from the listing before. The visits views keep their bot list.
   */
  async refresh(): Promise<boolean> {
    const listing = await listStore(this.options.store);
    const changed = !sameListing(this.listing, listing);
    this.listing = listing;
    try {
      if (changed) await this.hot?.keepCurrent(listing.days);
    } finally {
      // Made again only when something they read changed (also when the copies were given up:
      // then every day from its file): new views make DuckDB plan every kept statement again.
      if (changed || this.viewsDay !== utcDay(this.now())) await this.defineViews();
    }
    return changed;
  }

  /**
   * Copies one more day into memory, the most recent not held yet, when the engine holds days in
   * memory and it fits (src/engine/hotDays.ts). Resolves to whether it did: call it again until
   * it resolves false. The views then read that day from memory.
   */
  async warm(): Promise<boolean> {
    if (this.hot === undefined) return false;
    const before = this.hot.version;
    try {
      return await this.hot.copyNext(this.listing.days, this.listing.files);
    } finally {
      // A day copied, older copies deleted to make room, or the copies given up after a failure.
      if (this.hot.version !== before) await this.defineViews();
    }
  }

  /** How many days are held in memory, and in how much; undefined when the engine holds none. */
  get hotDays(): HotDaysState | undefined {
    return this.hot?.state(this.listing.days);
  }

  /**
   * Creates the visits views (`visits`, `visits_today`, ...), leaving out `botAgents`: the user
   * agents of the store classified as bots (src/report/storeBots.ts finds them).
   */
  async defineVisits(botAgents: readonly string[]): Promise<void> {
    const [table, ...views] = duckdbVisitViewStatements();
    await this.connection.run(table as string, { bot_agents: JSON.stringify(botAgents) });
    for (const view of views) await this.connection.run(view);
  }

  async query(sql: string, params?: QueryParams): Promise<QueryResult> {
    return this.main.query(sql, params);
  }

  async querySide(sql: string, params?: QueryParams): Promise<QueryResult> {
    this.side ??= connectAgain(this.connection).then((connection) => new Runner(connection));
    return (await this.side).query(sql, params);
  }

  /** Closes the engine and its database, which hands back its memory (the copies' too). */
  async close(): Promise<void> {
    const side = await this.side?.catch(() => undefined);
    side?.close();
    this.main.close(false);
    closeDuckDB(this.connection);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async defineViews(): Promise<void> {
    const { days, files, rejected } = this.listing;
    const now = this.now();
    const base = this.hot?.baseSql(days, files);
    for (const statement of duckdbViewStatements(files, now, rejected, base)) {
      await this.connection.run(statement);
    }
    this.viewsDay = utcDay(now);
  }
}

/** The store's curated day files and rejected-line files, with local paths to read them at. */
async function listStore(store: Store): Promise<Listing> {
  const days = (await store.list(CURATED_PREFIX)).filter((o) => dayOfCuratedKey(o.key) !== undefined);
  const rejects = (await store.list(REJECTED_PREFIX)).filter((o) => o.key.endsWith('.jsonl.gz'));
  const files = await Promise.all(days.map((o) => store.localPath(o.key, o)));
  const rejected = await Promise.all(rejects.map((o) => store.localPath(o.key, o)));
  return { days, files, rejected };
}

function sameListing(a: Listing, b: Listing): boolean {
  return (
    a.days.length === b.days.length &&
    a.days.every((day, i) => {
      const other = b.days[i];
      return other !== undefined && sameVersion(day, other);
    }) &&
    a.rejected.length === b.rejected.length &&
    a.rejected.every((file, i) => file === b.rejected[i])
  );
}

/** Runs queries on one connection, a read from a prepared statement kept for its text. */
class Runner {
  /** Prepared statements by their text, least recently used first. */
  private readonly prepared = new Map<string, DuckDBPreparedStatement>();

  constructor(private readonly connection: DuckDBConnection) {}

  async query(sql: string, params?: QueryParams): Promise<QueryResult> {
    try {
      const reader =
        READS.test(sql) && !sql.includes(';')
          ? await this.runPrepared(sql, params)
          : await this.connection.runAndReadAll(sql, params);
      const columns = reader.columnNames().map((name, index) => ({
        name,
        type: reader.columnTypes()[index]?.toString() ?? 'VARCHAR',
      }));
      return { columns, rows: cellsOf(reader) };
    } catch (error) {
      throw new QueryError(`the query failed: ${firstLineOf(error)}`, undefined, { cause: error });
    }
  }

  /** Destroys the kept statements, and closes the connection unless told not to (the database's own). */
  close(connection = true): void {
    for (const statement of this.prepared.values()) statement.destroySync();
    this.prepared.clear();
    if (connection) this.connection.closeSync();
  }

  /**
   * Runs a query through a prepared statement kept for its text (the `PREPARED` most recently
   * used): a report's queries come back with other values of the same parameters, and DuckDB then
   * skips parsing and planning them again, a tenth of a small query's time. DuckDB binds a kept
   * statement again by itself when a table or view it reads has changed since.
   */
  private async runPrepared(sql: string, params?: QueryParams): Promise<DuckDBResultReader> {
    let statement = this.prepared.get(sql);
    if (statement === undefined) {
      statement = await this.connection.prepare(sql);
      if (this.prepared.size >= PREPARED) {
        const [oldest, evicted] = this.prepared.entries().next().value as [string, DuckDBPreparedStatement];
        this.prepared.delete(oldest);
        evicted.destroySync();
      }
    } else {
      this.prepared.delete(sql); // re-inserted below: the most recently used come last
    }
    this.prepared.set(sql, statement);
    statement.clearBindings();
    if (params !== undefined) statement.bind(params);
    return statement.runAndReadAll();
  }
}
