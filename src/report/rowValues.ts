import type { Cell, QueryResult } from '../engine/QueryEngine.js';

/** A result's rows as objects keyed by column name. */
export function rowObjects(result: QueryResult): Record<string, Cell>[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i] ?? null])));
}

/** A count or sum cell as a number: NULL (an empty sum) is 0, 64-bit integers beyond 2^53 are rounded. */
export function num(cell: Cell | undefined): number {
  if (cell === null || cell === undefined) return 0;
  const value = typeof cell === 'number' ? cell : Number(cell);
  return Number.isFinite(value) ? value : 0;
}

/** A nullable number cell (a status, a latency). */
export function numOrNull(cell: Cell | undefined): number | null {
  return cell === null || cell === undefined ? null : num(cell);
}

/** A text cell, or null. */
export function str(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  return typeof cell === 'string' ? cell : JSON.stringify(cell);
}
