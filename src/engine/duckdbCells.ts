import type { DuckDBResultReader } from '@duckdb/node-api';
import type { Cell } from './QueryEngine.js';

const INTEGER_TYPES = new Set(['BIGINT', 'HUGEINT', 'UBIGINT', 'UHUGEINT']);

/**
 * The rows of a DuckDB result as JSON-safe cells: 64-bit integers as numbers when they fit in a
 * double exactly (else as text), FLOAT as the shortest decimal that reads back to the same
 * 32-bit value (0.302, not 0.30199998617172241), DECIMAL as numbers, dates and times as text.
 */
export function cellsOf(reader: DuckDBResultReader): Cell[][] {
  const types = reader.columnTypes().map((t) => t.toString());
  return reader
    .getRowsJson()
    .map((row) => row.map((value, index) => toCell(value as Cell, types[index] ?? '')));
}

function toCell(value: Cell, type: string): Cell {
  if (value === null) return null;
  if (INTEGER_TYPES.has(type) && typeof value === 'string') {
    const number = Number(value);
    return Number.isSafeInteger(number) ? number : value;
  }
  if (type === 'FLOAT' && typeof value === 'number') return shortestFloat32(value);
  if (type.startsWith('DECIMAL') && typeof value === 'string') return Number(value);
  return value;
}

/** The shortest decimal that rounds to the same 32-bit float. */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value)) return value;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === Math.fround(value)) return candidate;
  }
  return value;
}
