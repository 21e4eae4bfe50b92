/** A JSON-safe cell: numbers within 2^53 as numbers, larger integers as text, dates as `YYYY-MM-DD`. */
export type Cell = string | number | boolean | null | Cell[] | { [key: string]: Cell };

export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly Cell[])[];
}

/** Values bound to `$name` parameters of a query. Text from logs always travels this way. */
export type QueryParams = Record<string, string | number | boolean | null>;

/**
 * The query engine port: the same views (`access_logs`, `access_logs_today`, `_yesterday`,
 * `_week`, `_month`) over the same curated table, whichever engine runs them. Adapters:
 * `DuckDBEngine` (embedded, the default) and `AthenaEngine` (scale-out).
 */
export interface QueryEngine {
  readonly name: string;
  query(sql: string, params?: QueryParams): Promise<QueryResult>;
  /**
   * Runs a query beside `query`'s (a second DuckDB connection, which sees the same tables and
   * views), for a report that has two to run at once. Absent: one query at a time.
   */
  querySide?(sql: string, params?: QueryParams): Promise<QueryResult>;
  close(): Promise<void>;
}
