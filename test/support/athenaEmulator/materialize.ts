import * as fs from 'node:fs/promises';
import * as zlib from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal, literalList } from '../../../src/sql/sql.js';
import type { Catalog, TableEntry } from './Catalog.js';
import type { S3Objects } from './S3Objects.js';
import { type TableFile, tableFiles } from './tableFiles.js';
import { translateSql } from './translateSql.js';

const HIVE_TYPES: Readonly<Record<string, string>> = {
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  char: 'VARCHAR',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  tinyint: 'TINYINT',
  float: 'FLOAT',
  real: 'FLOAT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/** The DuckDB type of a Hive column type. */
export function duckdbType(hive: string): string {
  const decimal = /^decimal\((\d+),(\d+)\)$/.exec(hive);
  if (decimal) return `DECIMAL(${decimal[1]}, ${decimal[2]})`;
  const type = HIVE_TYPES[hive.replace(/\(.*\)$/, '')];
  if (!type) throw new Error(`the emulator does not support the column type ${hive}`);
  return type;
}

/**
 * Creates, in a fresh DuckDB, what the catalog holds: a schema per database, a relation per table
 * over local copies of its S3 files (Parquet read by column name; text parsed as Hive's
 * LazySimpleSerDe does), a view per view (translated). Returns the bytes of each table's files
 * (by `db.table`), the data a query on it scans.
 */
export async function materialize(
  connection: DuckDBConnection,
  catalog: Catalog,
  s3: S3Objects,
  today: string,
): Promise<Map<string, number>> {
  const { databases, tables, views } = catalog.entries();
  for (const database of databases) await connection.run(`CREATE SCHEMA IF NOT EXISTS ${ident(database)}`);
  const sizes = new Map<string, number>();
  for (const table of tables) {
    const files = await tableFiles(table, s3);
    sizes.set(
      `${table.database}.${table.name}`,
      files.reduce((sum, f) => sum + f.object.size, 0),
    );
    if (table.format === 'parquet') await parquetRelation(connection, table, files, s3);
    else await textRelation(connection, table, files, s3);
  }
  await createViews(
    connection,
    views.map((v) => `CREATE VIEW ${ident(v.database)}.${ident(v.name)} AS ${translateSql(v.sql, today)}`),
  );
  return sizes;
}

/** Creates views in an order that works: a view naming another waits for it. */
async function createViews(connection: DuckDBConnection, statements: readonly string[]): Promise<void> {
  let pending = [...statements];
  while (pending.length > 0) {
    const failed: { sql: string; error: unknown }[] = [];
    for (const sql of pending) {
      await connection.run(sql).catch((error: unknown) => failed.push({ sql, error }));
    }
    if (failed.length === pending.length) throw failed[0]?.error;
    pending = failed.map((f) => f.sql);
  }
}

async function parquetRelation(
  connection: DuckDBConnection,
  table: TableEntry,
  files: readonly TableFile[],
  s3: S3Objects,
): Promise<void> {
  const name = `${ident(table.database)}.${ident(table.name)}`;
  const byPartition = new Map<string, { values: readonly string[]; paths: string[] }>();
  for (const file of files) {
    const key = file.values.join('/');
    const group = byPartition.get(key) ?? { values: file.values, paths: [] };
    group.paths.push(await s3.localCopy(file.object));
    byPartition.set(key, group);
  }
  const columns = table.columns.map(
    (c) => `CAST(${ident(c.name)} AS ${duckdbType(c.type)}) AS ${ident(c.name)}`,
  );
  const selects = [...byPartition.values()].map(({ values, paths }) => {
    const keys = table.partitionKeys.map(
      (k, i) => `CAST(${literal(values[i] ?? '')} AS ${duckdbType(k.type)}) AS ${ident(k.name)}`,
    );
    // Athena reads a column the file lacks (one added to the table later) as NULL.
    const missing = table.columns
      .map((c) => `CAST(NULL AS ${duckdbType(c.type)}) AS ${ident(c.name)}`)
      .join(', ');
    return `SELECT ${[...columns, ...keys].join(', ')} FROM (SELECT * FROM read_parquet(${literalList(paths)}) UNION ALL BY NAME SELECT ${missing} WHERE false) file`;
  });
  const empty = `SELECT ${[...table.columns, ...table.partitionKeys]
    .map((c) => `CAST(NULL AS ${duckdbType(c.type)}) AS ${ident(c.name)}`)
    .join(', ')} WHERE false`;
  await connection.run(`CREATE VIEW ${name} AS ${selects.length > 0 ? selects.join(' UNION ALL ') : empty}`);
}

/**
 * A text table as Hive's LazySimpleSerDe reads it: lines end at `\n`, `\r` or `\r\n`; the first
 * `skip.header.line.count` lines of each file are skipped; fields split at the delimiter, no
 * quoting, a missing field is NULL and extra fields are ignored, `\N` is NULL; `.gz` files are
 * gunzipped by their name; bytes that are not UTF-8 become U+FFFD. Typed columns are cast, NULL
 * where a value does not read.
 */
async function textRelation(
  connection: DuckDBConnection,
  table: TableEntry,
  files: readonly TableFile[],
  s3: S3Objects,
): Promise<void> {
  const hidden = `__text_${table.name}`;
  const all = [...table.columns, ...table.partitionKeys];
  await connection.run(
    `CREATE TABLE ${ident(table.database)}.${ident(hidden)} (${all.map((c) => `${ident(c.name)} VARCHAR`).join(', ')})`,
  );
  const appender = await connection.createAppender(hidden, table.database);
  const skip = Number(table.properties['skip.header.line.count'] ?? 0);
  for (const file of files) {
    const bytes = await fs.readFile(await s3.localCopy(file.object));
    const text = new TextDecoder('utf-8').decode(
      file.object.key.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes,
    );
    const lines = text.split(/\r\n|\r|\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    for (const line of lines.slice(skip)) {
      const fields = line.split(table.delimiter);
      for (const [i] of table.columns.entries()) {
        const value = fields[i];
        if (value === undefined || value === '\\N') appender.appendNull();
        else appender.appendVarchar(value);
      }
      for (const value of file.values) appender.appendVarchar(value);
      appender.endRow();
    }
  }
  appender.closeSync();
  const columns = all.map((c) => {
    const type = duckdbType(c.type);
    return type === 'VARCHAR' ? ident(c.name) : `TRY_CAST(${ident(c.name)} AS ${type}) AS ${ident(c.name)}`;
  });
  await connection.run(
    `CREATE VIEW ${ident(table.database)}.${ident(table.name)} AS SELECT ${columns.join(', ')} FROM ${ident(table.database)}.${ident(hidden)}`,
  );
}
