/**
 * The few spellings that differ between the engines the report queries run on. Every named query
 * keeps to the SQL that DuckDB and Trino (Athena) share and asks its dialect for the rest; each
 * engine's dialect sits beside it: `DuckDBDialect` (src/engine/DuckDBDialect.ts) and
 * `AthenaDialect` (src/athena/AthenaDialect.ts).
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
  /** The MD5 of a text expression's UTF-8 bytes, as 32 lower-case hex digits. */
  md5Hex(expr: string): string;
  /**
   * A statement making a table `name` of a query's rows for the rest of the report (which drops
   * it), readable by every connection of the engine, where the engine has such tables (an embedded
   * one; Athena has none: undefined).
   */
  temporaryTable?(name: string, query: string): string;
}
