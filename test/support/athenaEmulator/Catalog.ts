import type { ExternalTableSpec, QualifiedName } from './parseStatement.js';

/** A table as the emulated Glue catalog keeps it: its definition, where it lives, its partitions. */
export interface TableEntry extends Omit<ExternalTableSpec, 'name' | 'ifNotExists'> {
  readonly database: string;
  readonly name: string;
  /** Registered partitions (MSCK REPAIR TABLE, ALTER TABLE ADD PARTITION), by `k=v/k=v`. */
  readonly partitions: Map<string, { readonly values: readonly string[]; readonly location: string }>;
}

export interface ViewEntry {
  readonly database: string;
  readonly name: string;
  /** The view's query, in Athena's SQL as it was created. */
  readonly sql: string;
}

interface Database {
  readonly tables: Map<string, TableEntry>;
  readonly views: Map<string, ViewEntry>;
}

/**
 * The emulated Glue Data Catalog: databases, tables (with their registered partitions) and views.
 * Tables and views share one namespace per database, as in Athena. Methods throw Errors worded
 * as Athena's reasons; the executor turns them into FAILED queries.
 */
export class Catalog {
  private readonly databases = new Map<string, Database>([['default', emptyDatabase()]]);

  hasDatabase(name: string): boolean {
    return this.databases.has(name);
  }

  createDatabase(name: string, ifNotExists: boolean): void {
    if (this.databases.has(name)) {
      if (ifNotExists) return;
      throw new Error(
        `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. Database ${name} already exists`,
      );
    }
    this.databases.set(name, emptyDatabase());
  }

  dropDatabase(name: string, ifExists: boolean): void {
    const database = this.databases.get(name);
    if (!database) {
      if (ifExists) return;
      throw new Error(`FAILED: SemanticException [Error 10072]: Database does not exist: ${name}`);
    }
    if (database.tables.size + database.views.size > 0) {
      throw new Error(
        `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. Database ${name} is not empty`,
      );
    }
    this.databases.delete(name);
  }

  createTable(spec: ExternalTableSpec, context: string): void {
    const db = this.database(spec.name.database ?? context);
    const database = spec.name.database ?? context;
    if (db.tables.has(spec.name.name) || db.views.has(spec.name.name)) {
      if (spec.ifNotExists) return;
      throw new Error(
        `FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. AlreadyExistsException(message:Table ${spec.name.name} already exists)`,
      );
    }
    db.tables.set(spec.name.name, {
      database,
      name: spec.name.name,
      columns: spec.columns,
      partitionKeys: spec.partitionKeys,
      format: spec.format,
      delimiter: spec.delimiter,
      location: spec.location.endsWith('/') ? spec.location : `${spec.location}/`,
      properties: spec.properties,
      partitions: new Map(),
    });
  }

  dropTable(name: QualifiedName, context: string, ifExists: boolean): void {
    const db = this.database(name.database ?? context);
    if (!db.tables.delete(name.name) && !ifExists) {
      throw new Error(`FAILED: SemanticException [Error 10001]: Table not found ${name.name}`);
    }
  }

  table(name: QualifiedName, context: string): TableEntry {
    const table = this.database(name.database ?? context).tables.get(name.name);
    if (!table)
      throw new Error(
        `TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.${name.database ?? context}.${name.name}' does not exist`,
      );
    return table;
  }

  putView(name: QualifiedName, context: string, sql: string, orReplace: boolean): void {
    const database = name.database ?? context;
    const db = this.database(database);
    if (db.tables.has(name.name))
      throw new Error(`line 1:1: ${database}.${name.name} is a table, not a view`);
    if (db.views.has(name.name) && !orReplace)
      throw new Error(`line 1:1: View '${database}.${name.name}' already exists`);
    db.views.set(name.name, { database, name: name.name, sql });
  }

  dropView(name: QualifiedName, context: string, ifExists: boolean): void {
    const db = this.database(name.database ?? context);
    if (!db.views.delete(name.name) && !ifExists) {
      throw new Error(`line 1:1: View '${name.database ?? context}.${name.name}' does not exist`);
    }
  }

  /** Every database name, table and view (for materializing them in DuckDB). */
  entries(): { databases: string[]; tables: TableEntry[]; views: ViewEntry[] } {
    const all = [...this.databases.entries()];
    return {
      databases: all.map(([name]) => name),
      tables: all.flatMap(([, db]) => [...db.tables.values()]),
      views: all.flatMap(([, db]) => [...db.views.values()]),
    };
  }

  private database(name: string): Database {
    const database = this.databases.get(name);
    if (!database) throw new Error(`SCHEMA_NOT_FOUND: line 1:1: Schema '${name}' does not exist`);
    return database;
  }
}

function emptyDatabase(): Database {
  return { tables: new Map(), views: new Map() };
}
