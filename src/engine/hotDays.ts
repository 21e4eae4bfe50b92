import type { DuckDBConnection } from '@duckdb/node-api';
import { PARTITION_COLUMNS } from '../format/schema.js';
import { ident } from '../sql/sql.js';
import { type Day, dayOfCuratedKey } from '../store/keys.js';
import { type StoredObject, sameVersion } from '../store/Store.js';
import { byCodeUnits } from '../util/text.js';
import { dayEqualsSql, dayParts } from './partitionFilter.js';
import { curatedFilesSql } from './views.js';

/** The attached in-memory database the copies live in, compressed as a database file would be. */
export const HOT_DATABASE = 'hot';

export interface HotDaysOptions {
  /** The most memory the copies may take, in bytes, as DuckDB counts its in-memory tables. */
  readonly memoryBytes: number;
  /** The columns copied; the engine's `access_logs` then has these columns only. */
  readonly columns: readonly string[];
}

/** How far the copying has come: for the dashboard's `/api/status` and its benchmark. */
export interface HotDaysState {
  /** Day files held in memory. */
  readonly days: number;
  /** Day files the engine reads. */
  readonly of: number;
  /** The memory the copies take, in bytes. */
  readonly bytes: number;
  /** Nothing is left to copy: every day is held, or the next would not fit. */
  readonly done: boolean;
}

/** A day file held in memory, as it was listed when copied. */
interface HotDay {
  readonly object: StoredObject;
  readonly day: Day;
}

/** The table every held day's rows are in. */
const TABLE = `${HOT_DATABASE}.main.days`;

/**
 * Copies of the most recent day files, in one table of a compressed in-memory DuckDB database, for
 * an engine that answers report after report over the same days (the dashboard). A filtered report
 * cannot use the day summaries and reads its days in each of its queries: from Parquet, every
 * value of every column it reads is decompressed and decoded each time; from this table, DuckDB
 * skips by its own statistics and decodes only what passes. In the 2M-request benchmark store a
 * day of 71,000 requests takes about 2 MB (the report's columns).
 *
 * One table, not one a day: DuckDB reads the parts of a `UNION ALL` one after another, each on one
 * thread when it is as small as a day, where one table's row groups (one a copied day) are read on
 * every core. Days are copied one at a time (`copyNext`), newest first; when the next would take
 * the table past `memoryBytes`, the oldest copies older than it make room, else it is not kept. A
 * day's rows are deleted as soon as a listing shows its file changed or gone (`keepCurrent`), so a
 * held day never differs from its file. Each change ends with a checkpoint, which compresses what
 * was added and hands back what was deleted. Every statement runs on the engine's own connection,
 * between its queries, never beside them.
 *
 * `held` names exactly the days whose rows are in the table: it changes in the same step as the
 * statement that changes the table. If any statement fails, the copies are given up (`broken`):
 * `baseSql` reads every day from its file from then on, whatever rows the table still has.
 */
export class HotDays {
  /** By day file key. */
  private readonly held = new Map<string, HotDay>();
  /** The next day did not fit: nothing more is copied until a listing changes. */
  private full = false;
  /** A statement failed: the table is no longer read, and nothing more is copied. */
  private broken = false;
  /** The table's memory after the last change, in bytes. */
  private bytes = 0;
  /** How many times `held` changed: the views must be made again after each change. */
  private changed = 0;

  private constructor(
    private readonly connection: DuckDBConnection,
    readonly options: HotDaysOptions,
  ) {}

  static async attach(connection: DuckDBConnection, options: HotDaysOptions): Promise<HotDays> {
    const missing = PARTITION_COLUMNS.find((c) => !options.columns.includes(c.name));
    if (missing) throw new Error(`hot days need the partition column ${missing.name}`);
    await connection.run(`ATTACH ':memory:' AS ${HOT_DATABASE} (COMPRESS)`);
    await connection.run(`CREATE TABLE ${TABLE} AS ${curatedFilesSql([], options.columns)}`);
    return new HotDays(connection, options);
  }

  /**
   * The rows of `access_logs` for the day files `objects` (local copies at `files`, in the same
   * order): the held days from memory, the others from their files, with `options.columns`.
   */
  baseSql(objects: readonly StoredObject[], files: readonly string[]): string {
    if (this.broken) return curatedFilesSql(files, this.options.columns);
    const cold = files.filter((_, i) => {
      const object = objects[i];
      const held = object && this.held.get(object.key);
      return !(held && sameVersion(held.object, object));
    });
    const fromFiles = curatedFilesSql(cold, this.options.columns);
    if (this.held.size === 0) return fromFiles;
    return `SELECT ${this.options.columns.map(ident).join(', ')} FROM ${TABLE}\nUNION ALL ${fromFiles}`;
  }

  /**
   * Deletes the rows of days whose files `objects` lists changed or does not list, and lets the
   * copying go on (a new day may have come). For a listing that differs from the last one.
   */
  async keepCurrent(objects: readonly StoredObject[]): Promise<void> {
    if (this.broken) return;
    const listed = new Map(objects.map((object) => [object.key, object]));
    const stale = [...this.held].filter(([key, held]) => {
      const now = listed.get(key);
      return !(now && sameVersion(held.object, now));
    });
    await this.guarded(async () => {
      for (const [key, held] of stale) await this.remove(key, held.day);
      if (stale.length > 0) await this.checkpoint();
    });
    this.full = false;
  }

  /**
   * Copies the most recent day of `objects` (local copies at `files`) not held yet, if it fits,
   * making room by deleting older copies. Resolves to whether a day was copied: false when every
   * day is held, the next does not fit, or the copies were given up. Either way `version` tells
   * whether `baseSql` changed.
   */
  async copyNext(objects: readonly StoredObject[], files: readonly string[]): Promise<boolean> {
    if (this.full || this.broken) return false;
    const next = objects
      .map((object, i) => ({ object, file: files[i] as string, day: dayOfCuratedKey(object.key) }))
      .filter(
        (candidate): candidate is { object: StoredObject; file: string; day: Day } =>
          candidate.day !== undefined && !this.held.has(candidate.object.key),
      )
      .sort((a, b) => byCodeUnits(b.day, a.day))[0];
    if (next === undefined) return false;
    return this.guarded(async () => {
      await this.connection.run(`INSERT INTO ${TABLE} ${curatedFilesSql([next.file], this.options.columns)}`);
      this.held.set(next.object.key, { object: next.object, day: next.day });
      this.changed++;
      await this.checkpoint();
      while (this.bytes > this.options.memoryBytes) {
        const oldest = [...this.held].sort(([, a], [, b]) => byCodeUnits(a.day, b.day))[0];
        if (oldest === undefined) break;
        const [key, { day }] = oldest;
        await this.remove(key, day);
        await this.checkpoint();
        if (key === next.object.key) {
          this.full = true;
          return false;
        }
      }
      return true;
    });
  }

  /** A number that differs after each change to which days are read from memory (`baseSql`). */
  get version(): number {
    return this.changed;
  }

  state(objects: readonly StoredObject[]): HotDaysState {
    const days = this.broken ? 0 : objects.filter((object) => this.held.has(object.key)).length;
    return {
      days,
      of: objects.length,
      bytes: this.broken ? 0 : this.bytes,
      done: this.broken || this.full || days === objects.length,
    };
  }

  /** Deletes a held day's rows, then forgets it. */
  private async remove(key: string, day: Day): Promise<void> {
    await this.connection.run(`DELETE FROM ${TABLE} WHERE ${dayEqualsSql(dayParts(day))}`);
    this.held.delete(key);
    this.changed++;
  }

  /** Runs `work`; if it fails, gives the copies up (see the class) before passing the error on. */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.broken = true;
      this.changed++;
      await this.connection.run(`DELETE FROM ${TABLE}`).catch(() => {});
      throw error;
    }
  }

  /** Compresses what was added, hands back what was deleted, and counts the table's memory. */
  private async checkpoint(): Promise<void> {
    await this.connection.run(`CHECKPOINT ${HOT_DATABASE}`);
    // DuckDB's count of its in-memory tables: this table's, as no report's table of filtered rows
    // (DuckDBDialect.temporaryTable) is alive between the engine's answers, where this runs.
    const reader = await this.connection.runAndReadAll(
      `SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'`,
    );
    this.bytes = Number(reader.getRows()[0]?.[0] ?? 0);
  }
}
