import { CURATED_COLUMNS } from '../format/schema.js';
import { ident } from './sql.js';

/**
 * The rows of curated day files (`readParquet`, a `read_parquet(...)` call) with every column of
 * the schema: a column added after a file was written (`visitor_key`, `country`) reads as NULL,
 * as Athena reads a Parquet file that lacks a table's column. Filters and projections still reach
 * the files (DuckDB pushes them into both sides of the union).
 */
export function curatedRowsSql(readParquet: string): string {
  const typed = CURATED_COLUMNS.map((c) => `CAST(NULL AS ${c.type}) AS ${ident(c.name)}`).join(', ');
  return `(SELECT * FROM ${readParquet} UNION ALL BY NAME SELECT ${typed} WHERE false)`;
}
