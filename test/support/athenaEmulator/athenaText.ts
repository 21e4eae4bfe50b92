import type { DuckDBType } from '@duckdb/node-api';
import { shortestFloat32 } from '../../../src/engine/duckdbCells.js';

/** An Athena result column: its type name as `GetQueryResults` reports it, precision and scale. */
export interface AthenaColumn {
  readonly name: string;
  readonly type: string;
  readonly precision: number;
  readonly scale: number;
}

const TYPES: Readonly<Record<string, [string, number]>> = {
  VARCHAR: ['varchar', 2147483647],
  BOOLEAN: ['boolean', 0],
  TINYINT: ['tinyint', 3],
  SMALLINT: ['smallint', 5],
  INTEGER: ['integer', 10],
  BIGINT: ['bigint', 19],
  HUGEINT: ['bigint', 19],
  UTINYINT: ['smallint', 5],
  USMALLINT: ['integer', 10],
  UINTEGER: ['bigint', 19],
  UBIGINT: ['bigint', 19],
  FLOAT: ['float', 17],
  DOUBLE: ['double', 17],
  DATE: ['date', 0],
  TIME: ['time', 0],
  TIMESTAMP: ['timestamp', 3],
  'TIMESTAMP WITH TIME ZONE': ['timestamp with time zone', 3],
  INTERVAL: ['interval day to second', 0],
  JSON: ['json', 0],
};

/** How Athena names a DuckDB result type (DuckDB's sums are HUGEINT where Trino's are bigint). */
export function athenaColumn(name: string, type: DuckDBType): AthenaColumn {
  const text = type.toString();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(text);
  if (decimal) return { name, type: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2]) };
  if (text.endsWith('[]')) return { name, type: 'array', precision: 0, scale: 0 };
  const [athena, precision] = TYPES[text] ?? ['varchar', 2147483647];
  return { name, type: athena, precision, scale: 0 };
}

/**
 * A DuckDB value (as `getRowsJson` gives it) in the text Athena's `GetQueryResults` uses:
 * doubles and reals as Java prints them (`1.0`, `1.0E7`), timestamps with milliseconds,
 * arrays as `[a, b]`; NULL stays null (an empty Datum).
 */
export function athenaText(value: unknown, type: string): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'double' || type === 'float') {
    const number = Number(value);
    return javaDouble(type === 'float' ? shortestFloat32(number) : number);
  }
  if (type === 'timestamp') return timestampText(String(value));
  if (Array.isArray(value)) return `[${value.map((v) => athenaText(v, 'varchar') ?? 'null').join(', ')}]`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Java's `Double.toString`: plain from 10^-3 to 10^7 (always a fraction digit), else `d.dddE±n`. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** `2026-11-20 10:00:00.5` → `2026-11-20 10:00:00.500`. */
function timestampText(text: string): string {
  const [whole = text, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(3, '0').slice(0, 3)}`;
}
