import type { Dialect } from './Dialect.js';

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

  md5Hex(expr: string): string {
    return `md5(${expr})`;
  }

  // A table of the in-memory database rather than a TEMP one: the engine's second connection
  // (`querySide`) reads it too. The report drops it when done; the database dies with the process.
  temporaryTable(name: string, query: string): string {
    return `CREATE OR REPLACE TABLE ${name} AS ${query}`;
  }
}

/** The dialect of the embedded engine, the default everywhere. */
export const DUCKDB_DIALECT: Dialect = new DuckDBDialect();
