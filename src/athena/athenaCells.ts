import { shortestFloat32 } from '../engine/duckdbCells.js';
import type { Cell, QueryResult } from '../engine/QueryEngine.js';

/** Athena's type names as the DuckDB engine spells them, so renderers treat both alike. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  varchar: 'VARCHAR',
  char: 'VARCHAR',
  string: 'VARCHAR',
  tinyint: 'TINYINT',
  smallint: 'SMALLINT',
  integer: 'INTEGER',
  int: 'INTEGER',
  bigint: 'BIGINT',
  real: 'FLOAT',
  float: 'FLOAT',
  double: 'DOUBLE',
  decimal: 'DECIMAL',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  time: 'TIME',
  json: 'JSON',
};

/** `varchar(12)` → `varchar`; `timestamp(3) with time zone` → `timestamp`. */
function baseType(type: string): string {
  return (/^[a-z ]+?(?=\(|$| with)/i.exec(type.trim())?.[0] ?? type).trim().toLowerCase();
}

/**
 * An Athena result as the QueryEngine port's JSON-safe cells, like src/engine/duckdbCells.ts does for
 * DuckDB: integers as numbers when they fit in a double exactly (else as text), REAL as the
 * shortest decimal that reads back to the same 32-bit value, DOUBLE and DECIMAL as numbers,
 * booleans as booleans, dates as `YYYY-MM-DD`, timestamps as `YYYY-MM-DD HH:MM:SS[.fff]` (as
 * DuckDB writes them: no `.000`). Arrays, maps and rows stay as Athena's text.
 */
export function athenaResult(
  columns: readonly { name: string; type: string }[],
  rows: readonly (readonly (string | null)[])[],
): QueryResult {
  const types = columns.map((c) => baseType(c.type));
  return {
    columns: columns.map((c, i) => ({
      name: c.name,
      type: TYPE_NAMES[types[i] ?? ''] ?? c.type.toUpperCase(),
    })),
    rows: rows.map((row) => row.map((text, i) => athenaCell(text, types[i] ?? 'varchar'))),
  };
}

export function athenaCell(text: string | null, type: string): Cell {
  if (text === null) return null;
  switch (type) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
    case 'bigint': {
      const number = Number(text);
      return Number.isSafeInteger(number) ? number : text;
    }
    case 'real':
    case 'float':
      return finite(text, (n) => shortestFloat32(n));
    case 'double':
    case 'decimal':
      return finite(text, (n) => n);
    case 'boolean':
      return text === 'true';
    case 'timestamp':
      return text.replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1');
    default:
      return text;
  }
}

/** A number, or Athena's text for NaN and the infinities (JSON has no such numbers). */
function finite(text: string, map: (n: number) => number): Cell {
  const number = Number(text);
  return Number.isFinite(number) ? map(number) : text;
}
