import type { DuckDBConnection } from '@duckdb/node-api';
import { type DuckDBLimits, openDuckDB } from '../sql/duckdb.js';
import { CURATED_PREFIX, dayOfCuratedKey, REJECTED_PREFIX } from '../store/keys.js';
import type { Store, StoredObject } from '../store/Store.js';
import { firstLineOf, QueryError } from '../util/errors.js';
import { cellsOf } from './duckdbCells.js';
import type { QueryEngine, QueryParams, QueryResult } from './QueryEngine.js';
import { duckdbViewStatements, duckdbVisitViewStatements } from './views.js';

export interface DuckDBEngineOptions {
  readonly store: Store;
  /** What "today" is for the period views. Default: the system clock. */
  readonly now?: () => Date;
  readonly limits?: DuckDBLimits;
}

/**
 * The embedded engine: an in-memory DuckDB whose views read the store's curated day files and
 * rejected lines (local copies, for a remote store). Opening it lists the store once; the views see the days
 * that existed then.
 */
export class DuckDBEngine implements QueryEngine {
  readonly name = 'duckdb';

  private constructor(
    private readonly connection: DuckDBConnection,
    /** The curated day files the views read, as the store listed them when the engine opened. */
    readonly dayObjects: readonly StoredObject[],
  ) {}

  /** How many curated day files the views read: 0 for a store that holds no requests yet. */
  get dayFiles(): number {
    return this.dayObjects.length;
  }

  static async open(options: DuckDBEngineOptions): Promise<DuckDBEngine> {
    const { store } = options;
    const days = (await store.list(CURATED_PREFIX)).filter((o) => dayOfCuratedKey(o.key) !== undefined);
    const rejects = (await store.list(REJECTED_PREFIX)).filter((o) => o.key.endsWith('.jsonl.gz'));
    const files = await Promise.all(days.map((o) => store.localPath(o.key, o)));
    const rejected = await Promise.all(rejects.map((o) => store.localPath(o.key, o)));
    const connection = await openDuckDB(options.limits);
    for (const statement of duckdbViewStatements(files, options.now?.() ?? new Date(), rejected)) {
      await connection.run(statement);
    }
    return new DuckDBEngine(connection, days);
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
    try {
      const reader = await this.connection.runAndReadAll(sql, params);
      const columns = reader.columnNames().map((name, index) => ({
        name,
        type: reader.columnTypes()[index]?.toString() ?? 'VARCHAR',
      }));
      return { columns, rows: cellsOf(reader) };
    } catch (error) {
      throw new QueryError(`the query failed: ${firstLineOf(error)}`, undefined, { cause: error });
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
  }
}
