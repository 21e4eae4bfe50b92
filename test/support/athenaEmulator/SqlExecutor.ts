import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../../../src/sql/sql.js';
import { firstLineOf } from '../../../src/util/errors.js';
import { type AthenaColumn, athenaColumn, athenaText } from './athenaText.js';
import type { Catalog } from './Catalog.js';
import { materialize } from './materialize.js';
import {
  type ExternalTableSpec,
  parseStatement,
  type Statement,
  type StatementType,
  statementType,
} from './parseStatement.js';
import { addPartitions, repairPartitions } from './partitions.js';
import { openTrinoDuckDB } from './registerTrinoFunctions.js';
import type { S3Objects } from './S3Objects.js';
import { nameOf, significant, tokenize } from './sqlTokens.js';
import { substituteParameters, translateSql } from './translateSql.js';

/** What running one statement produced. */
export type ExecutionOutcome =
  | {
      readonly state: 'SUCCEEDED';
      readonly statementType: StatementType;
      readonly columns: readonly AthenaColumn[];
      readonly rows: readonly (readonly (string | null)[])[];
      readonly scannedBytes: number;
    }
  | {
      readonly state: 'FAILED';
      readonly statementType: StatementType;
      readonly reason: string;
      readonly category: 1 | 2 | 3;
      readonly errorType: number;
    };

/** A query's context: its database, parameters, id, and the emulator's clock. */
export interface ExecutionContext {
  readonly queryExecutionId: string;
  readonly database: string;
  readonly parameters: readonly string[];
  readonly now: Date;
}

/**
 * Runs Athena statements: DDL against the emulated catalog, queries (and CTAS) on a fresh embedded
 * DuckDB holding the catalog's tables (local copies of their S3 files) and views, the SQL
 * translated (translateSql.ts). Errors become FAILED outcomes worded like Athena's reasons.
 */
export class SqlExecutor {
  constructor(
    private readonly catalog: Catalog,
    private readonly s3: S3Objects,
    private readonly workDir: string,
  ) {}

  async execute(sql: string, context: ExecutionContext): Promise<ExecutionOutcome> {
    let statement: Statement;
    try {
      statement = parseStatement(sql);
    } catch (error) {
      return failed('DML', `SYNTAX_ERROR: ${firstLineOf(error)}`);
    }
    const type = statementType(statement);
    try {
      return await this.run(statement, context);
    } catch (error) {
      return failed(type, reasonOf(error));
    }
  }

  private async run(statement: Statement, context: ExecutionContext): Promise<ExecutionOutcome> {
    const db = context.database;
    switch (statement.kind) {
      case 'unsupported':
        throw new Error(`SYNTAX_ERROR: ${statement.reason}`);
      case 'createDatabase':
        this.catalog.createDatabase(statement.name, statement.ifNotExists);
        return ddl();
      case 'dropDatabase':
        this.catalog.dropDatabase(statement.name, statement.ifExists);
        return ddl();
      case 'createTable':
        checkTable(statement.table);
        this.catalog.createTable(statement.table, db);
        return ddl();
      case 'dropTable':
        this.catalog.dropTable(statement.name, db, statement.ifExists);
        return ddl();
      case 'dropView':
        this.catalog.dropView(statement.name, db, statement.ifExists);
        return ddl();
      case 'createView':
        await this.withDuckDB(context, (c, today) =>
          c.run(`SELECT * FROM (${translateSql(statement.select, today)}) LIMIT 0`),
        );
        this.catalog.putView(statement.name, db, statement.select, statement.orReplace);
        return ddl();
      case 'msck':
        return ddl(await repairPartitions(this.catalog.table(statement.name, db), this.s3));
      case 'addPartitions':
        addPartitions(this.catalog.table(statement.name, db), statement.partitions, statement.ifNotExists);
        return ddl();
      case 'showPartitions': {
        const table = this.catalog.table(statement.name, db);
        return utility('partition', [...table.partitions.keys()].sort());
      }
      case 'showTables': {
        const { tables, views } = this.catalog.entries();
        const database = statement.database ?? db;
        const names = [...tables, ...views].filter((t) => t.database === database).map((t) => t.name);
        return utility('tab_name', names.sort());
      }
      case 'ctas':
        return this.createTableAs(statement, context);
      case 'query':
        return this.query(statement.sql, context);
    }
  }

  private async query(sql: string, context: ExecutionContext): Promise<ExecutionOutcome> {
    const bound = substituteParameters(sql, context.parameters);
    return this.withDuckDB(context, async (connection, today, sizes) => {
      const reader = await connection.runAndReadAll(translateSql(bound, today));
      const columns = reader
        .columnNames()
        .map((name, i) => athenaColumn(name, reader.columnTypes()[i] as never));
      const rows = reader
        .getRowsJson()
        .map((row) => row.map((value, i) => athenaText(value, columns[i]?.type ?? 'varchar')));
      return {
        state: 'SUCCEEDED',
        statementType: 'DML',
        columns,
        rows,
        scannedBytes: scanned(bound, sizes, this.catalog),
      };
    });
  }

  /** CTAS as this project uses it: Parquet at an empty `external_location`, one file a bucket. */
  private async createTableAs(
    statement: Extract<Statement, { kind: 'ctas' }>,
    context: ExecutionContext,
  ): Promise<ExecutionOutcome> {
    const location = String(statement.properties.external_location ?? '');
    const format = String(statement.properties.format ?? 'PARQUET').toUpperCase();
    if (!location.startsWith('s3://') || format !== 'PARQUET') {
      throw new Error('NOT_SUPPORTED: the emulator runs CTAS with format PARQUET and an external_location');
    }
    const folder = location.endsWith('/') ? location : `${location}/`;
    const database = statement.name.database ?? context.database;
    if ((await this.s3.list(folder)).length > 0) {
      throw new Error(
        `HIVE_PATH_ALREADY_EXISTS: Target directory for table '${database}.${statement.name.name}' already exists: ${folder}`,
      );
    }
    const bound = substituteParameters(statement.select, context.parameters);
    return this.withDuckDB(context, async (connection, today, sizes) => {
      const select = translateSql(bound, today);
      const described = await connection.runAndReadAll(`DESCRIBE ${select}`);
      const columns = described.getRowObjectsJS().map((row) => ({
        name: String(row.column_name),
        type: hiveType(String(row.column_type)),
      }));
      const bucketed = statement.properties.bucketed_by !== undefined;
      const file = path.join(this.workDir, `${context.queryExecutionId}.parquet`);
      await connection.run(`COPY (${select}) TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd)`);
      await this.s3.put(`${folder}${context.queryExecutionId}${bucketed ? '_bucket-00000' : '_00000'}`, file);
      await fs.rm(file, { force: true });
      this.catalog.createTable(
        {
          name: { database, name: statement.name.name },
          ifNotExists: false,
          columns,
          partitionKeys: [],
          format: 'parquet',
          delimiter: '\u0001',
          location: folder,
          properties: {},
        },
        database,
      );
      return {
        state: 'SUCCEEDED',
        statementType: 'DDL',
        columns: [],
        rows: [],
        scannedBytes: scanned(bound, sizes, this.catalog),
      };
    });
  }

  /** Runs `work` on a fresh DuckDB holding the catalog, in the context database. */
  private async withDuckDB<T>(
    context: ExecutionContext,
    work: (connection: DuckDBConnection, today: string, sizes: Map<string, number>) => Promise<T>,
  ): Promise<T> {
    const connection = await openTrinoDuckDB('512MB');
    try {
      const today = context.now.toISOString().slice(0, 10);
      const sizes = await materialize(connection, this.catalog, this.s3, today);
      if (!this.catalog.hasDatabase(context.database)) {
        throw new Error(`SCHEMA_NOT_FOUND: line 1:1: Schema '${context.database}' does not exist`);
      }
      await connection.run(`USE memory."${context.database}"`);
      return await work(connection, today, sizes);
    } finally {
      connection.closeSync();
    }
  }
}

function ddl(lines: readonly string[] = []): ExecutionOutcome {
  return {
    state: 'SUCCEEDED',
    statementType: 'DDL',
    columns: lines.length > 0 ? [{ name: 'result', type: 'varchar', precision: 2147483647, scale: 0 }] : [],
    rows: lines.map((line) => [line]),
    scannedBytes: 0,
  };
}

/** A SHOW statement's answer: one column, no header row (as DDL). */
function utility(column: string, values: readonly string[]): ExecutionOutcome {
  return {
    state: 'SUCCEEDED',
    statementType: 'UTILITY',
    columns: [{ name: column, type: 'varchar', precision: 2147483647, scale: 0 }],
    rows: values.map((value) => [value]),
    scannedBytes: 0,
  };
}

function failed(statementType: StatementType, reason: string): ExecutionOutcome {
  return { state: 'FAILED', statementType, reason, category: 2, errorType: 1000 };
}

/** The bytes of the tables a query names, directly or through views. */
function scanned(sql: string, sizes: ReadonlyMap<string, number>, catalog: Catalog): number {
  const { views } = catalog.entries();
  const names = new Set<string>();
  const visit = (text: string, depth: number) => {
    for (const token of significant(tokenize(text))) {
      const name = nameOf(token);
      if (names.has(name) || (token.kind !== 'word' && token.kind !== 'ident')) continue;
      names.add(name);
      const view = views.find((v) => v.name === name);
      if (view && depth < 10) visit(view.sql, depth + 1);
    }
  };
  visit(sql, 0);
  let total = 0;
  for (const [key, size] of sizes) if (names.has(key.slice(key.indexOf('.') + 1))) total += size;
  return total;
}

function checkTable(table: ExternalTableSpec): void {
  if (table.properties['projection.enabled'] !== 'true') return;
  for (const key of table.partitionKeys) {
    if (!table.properties[`projection.${key.name}.type`]) {
      throw new Error(`HIVE_METASTORE_ERROR: Table properties lack projection.${key.name}.type`);
    }
  }
}

const HIVE_OF: Readonly<Record<string, string>> = {
  VARCHAR: 'string',
  INTEGER: 'int',
  BIGINT: 'bigint',
  HUGEINT: 'bigint',
  SMALLINT: 'smallint',
  TINYINT: 'tinyint',
  FLOAT: 'float',
  DOUBLE: 'double',
  BOOLEAN: 'boolean',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
};

function hiveType(duckdb: string): string {
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(duckdb);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  return HIVE_OF[duckdb] ?? 'string';
}

/** An Athena-like reason for an error: known prefixes kept, DuckDB's error classes mapped. */
function reasonOf(error: unknown): string {
  const message = firstLineOf(error);
  if (/^[A-Z_]+: /.test(message)) return message;
  const kind = /^(\w[\w ]*?) Error: /.exec(message)?.[1];
  const code =
    kind === 'Catalog'
      ? 'TABLE_NOT_FOUND'
      : kind === 'Binder'
        ? 'COLUMN_NOT_FOUND'
        : kind === 'Parser'
          ? 'SYNTAX_ERROR'
          : 'INVALID_FUNCTION_ARGUMENT';
  return `${code}: ${message.replace(/^\w[\w ]*? Error: /, '')}`;
}
