import type { Dialect } from '../engine/Dialect.js';

/**
 * Athena's (Trino's) spellings of what the report queries ask their dialect for; everything else
 * in the named queries is SQL both engines share.
 */
export class AthenaDialect implements Dialect {
  readonly name = 'athena';
  /** Athena has no session to set up: each statement stands alone. */
  readonly setup: readonly string[] = [];

  /** The strings of a bound JSON array: `json_parse`, cast to an array, unnested. */
  stringSet(param: string): string {
    return `SELECT value FROM UNNEST(CAST(json_parse(${param}) AS ARRAY(VARCHAR))) AS bound_values(value)`;
  }

  /**
   * `array_agg` skipping NULLs, joined: NULL when every value is NULL (as DuckDB's `string_agg`,
   * where `array_join` of NULLs alone would give '').
   */
  joinLines(expr: string): string {
    return `array_join(array_agg(${expr}) FILTER (WHERE ${expr} IS NOT NULL), chr(10))`;
  }

  /**
   * The hour's start as text, `YYYY-MM-DD HH:MM:SS`: the queries only ever read the bucket as
   * text (and compare it, which this format keeps in time order), and Trino writes a timestamp's
   * text with milliseconds (`13:00:00.000`) where DuckDB writes none.
   */
  hourStart(expr: string): string {
    return `date_format(date_trunc('hour', ${expr}), '%Y-%m-%d %H:%i:%s')`;
  }

  /** Trino hashes bytes and writes hex in upper case. */
  md5Hex(expr: string): string {
    return `lower(to_hex(md5(to_utf8(${expr}))))`;
  }
}

export const ATHENA_DIALECT: Dialect = new AthenaDialect();
