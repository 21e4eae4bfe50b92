/**
 * The few spellings that differ between the engines the report queries run on. Every query
 * keeps to the SQL that DuckDB and Trino (Athena) share and asks the dialect for the rest, so
 * the same named queries can later run on Athena with an `AthenaDialect` (Trino's spellings:
 * `SELECT value FROM UNNEST(CAST(json_parse(...) AS ARRAY(VARCHAR))) AS t(value)`,
 * `array_join(array_agg(expr), chr(10))`, `date_trunc('hour', expr)`; no setup).
 */
export interface Dialect {
  readonly name: string;
  /** Statements run once before a report's queries (session settings that make them faster). */
  readonly setup: readonly string[];
  /**
   * A one-column relation (`value`) of the strings in a bound parameter holding a JSON array
   * of strings: how a list of values from logs reaches SQL without being put into its text.
   */
  stringSet(param: string): string;
  /** An aggregate joining the text `expr` of every row with line feeds (no order promised). */
  joinLines(expr: string): string;
  /** The start of the UTC hour of a timestamp expression. */
  hourStart(expr: string): string;
}

/** DuckDB's spellings. */
export class DuckDBDialect implements Dialect {
  readonly name = 'duckdb';
  /** A report reads every day file five times: keep each file's footer instead of parsing it again. */
  readonly setup = ['SET parquet_metadata_cache = true'];

  stringSet(param: string): string {
    return `SELECT unnest(CAST(json(${param}) AS VARCHAR[])) AS value`;
  }

  joinLines(expr: string): string {
    return `string_agg(${expr}, chr(10))`;
  }

  hourStart(expr: string): string {
    return `date_trunc('hour', ${expr})`;
  }
}

/** The dialect of the embedded engine, the default everywhere. */
export const DUCKDB_DIALECT: Dialect = new DuckDBDialect();
