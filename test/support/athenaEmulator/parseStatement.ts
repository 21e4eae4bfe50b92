import { SqlCursor } from './SqlCursor.js';
import { significant, stringValue, type Token, textOf, tokenize } from './sqlTokens.js';

/** A table or view name; `database` undefined means the query's context database. */
export interface QualifiedName {
  readonly database: string | undefined;
  readonly name: string;
}

export interface ColumnSpec {
  readonly name: string;
  /** Hive type, lower case: `string`, `int`, `bigint`, `decimal(10,2)`, ... */
  readonly type: string;
}

export interface ExternalTableSpec {
  readonly name: QualifiedName;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnSpec[];
  readonly partitionKeys: readonly ColumnSpec[];
  readonly format: 'parquet' | 'text';
  readonly delimiter: string;
  readonly location: string;
  readonly properties: Readonly<Record<string, string>>;
}

export interface PartitionSpec {
  readonly values: Readonly<Record<string, string>>;
  readonly location: string | undefined;
}

/** The statements the emulator understands; anything else is `unsupported` (a FAILED query). */
export type Statement =
  | { readonly kind: 'createDatabase'; readonly name: string; readonly ifNotExists: boolean }
  | { readonly kind: 'dropDatabase'; readonly name: string; readonly ifExists: boolean }
  | { readonly kind: 'createTable'; readonly table: ExternalTableSpec }
  | {
      readonly kind: 'ctas';
      readonly name: QualifiedName;
      readonly properties: Readonly<Record<string, string | string[]>>;
      readonly select: string;
    }
  | { readonly kind: 'dropTable'; readonly name: QualifiedName; readonly ifExists: boolean }
  | {
      readonly kind: 'createView';
      readonly name: QualifiedName;
      readonly orReplace: boolean;
      readonly select: string;
    }
  | { readonly kind: 'dropView'; readonly name: QualifiedName; readonly ifExists: boolean }
  | { readonly kind: 'msck'; readonly name: QualifiedName }
  | {
      readonly kind: 'addPartitions';
      readonly name: QualifiedName;
      readonly ifNotExists: boolean;
      readonly partitions: readonly PartitionSpec[];
    }
  | { readonly kind: 'query'; readonly sql: string }
  | { readonly kind: 'showPartitions'; readonly name: QualifiedName }
  | { readonly kind: 'showTables'; readonly database: string | undefined }
  | { readonly kind: 'unsupported'; readonly reason: string };

export type StatementType = 'DDL' | 'DML' | 'UTILITY';

/** Athena's StatementType of a statement. */
export function statementType(statement: Statement): StatementType {
  if (statement.kind === 'showPartitions' || statement.kind === 'showTables') return 'UTILITY';
  return statement.kind === 'query' ? 'DML' : 'DDL';
}

/** Reads one statement (a trailing `;` allowed). Throws an Error with Athena-like wording on bad syntax. */
export function parseStatement(sql: string): Statement {
  const all = tokenize(sql.trim().replace(/;\s*$/, ''));
  const c = new SqlCursor(significant(all));
  const first = c.peekWord();
  if (first === 'select' || first === 'with' || first === 'values' || c.peek()?.text === '(') {
    return { kind: 'query', sql: textOf(all) };
  }
  if (c.accept('create')) return parseCreate(c, all);
  if (c.accept('drop')) return parseDrop(c);
  if (c.accept('msck')) {
    c.expect('repair');
    c.expect('table');
    return { kind: 'msck', name: c.qualifiedName() };
  }
  if (c.accept('alter')) return parseAlter(c);
  if (c.accept('show')) {
    if (c.accept('partitions')) return { kind: 'showPartitions', name: c.qualifiedName() };
    c.expect('tables');
    return { kind: 'showTables', database: c.accept('in') ? c.name() : undefined };
  }
  return { kind: 'unsupported', reason: `line 1:1: mismatched input '${c.peek()?.text ?? '<EOF>'}'` };
}

function parseCreate(c: SqlCursor, all: readonly Token[]): Statement {
  const orReplace = c.accept('or');
  if (orReplace) c.expect('replace');
  if (c.accept('database') || c.accept('schema')) {
    const ifNotExists = c.acceptAll('if', 'not', 'exists');
    return { kind: 'createDatabase', name: c.name(), ifNotExists };
  }
  if (c.accept('view')) {
    const name = c.qualifiedName();
    c.expect('as');
    return { kind: 'createView', name, orReplace, select: rest(all, c) };
  }
  const external = c.accept('external');
  c.expect('table');
  const ifNotExists = c.acceptAll('if', 'not', 'exists');
  const name = c.qualifiedName();
  if (!external && c.accept('with')) {
    const properties = c.withProperties();
    c.expect('as');
    return { kind: 'ctas', name, properties, select: rest(all, c) };
  }
  if (!external)
    return { kind: 'unsupported', reason: 'only CREATE EXTERNAL TABLE and CREATE TABLE ... WITH (...) AS' };
  return { kind: 'createTable', table: externalTable(c, name, ifNotExists) };
}

function externalTable(c: SqlCursor, name: QualifiedName, ifNotExists: boolean): ExternalTableSpec {
  const columns = c.columnList();
  let partitionKeys: ColumnSpec[] = [];
  let format: 'parquet' | 'text' = 'text';
  let delimiter = '\u0001';
  let location = '';
  let properties: Record<string, string> = {};
  while (!c.done()) {
    if (c.acceptAll('partitioned', 'by')) partitionKeys = c.columnList();
    else if (c.acceptAll('row', 'format', 'delimited')) {
      while (c.peekWord() === 'fields' || c.peekWord() === 'escaped' || c.peekWord() === 'lines') {
        if (c.acceptAll('fields', 'terminated', 'by')) delimiter = c.string();
        else {
          c.next();
          c.acceptAll('terminated');
          c.expect('by');
          c.string();
        }
      }
    } else if (c.acceptAll('stored', 'as')) {
      const stored = c.peekWord();
      if (stored === 'parquet' || stored === 'textfile') {
        c.next();
        format = stored === 'parquet' ? 'parquet' : 'text';
      } else {
        c.expect('inputformat');
        format = /parquet/i.test(c.string()) ? 'parquet' : 'text';
        c.expect('outputformat');
        c.string();
      }
    } else if (c.accept('location')) location = c.string();
    else if (c.accept('tblproperties')) properties = c.properties();
    else if (c.accept('comment')) c.string();
    else throw c.error();
  }
  if (!location) throw new Error('line 1:1: CREATE EXTERNAL TABLE needs a LOCATION');
  return { name, ifNotExists, columns, partitionKeys, format, delimiter, location, properties };
}

function parseDrop(c: SqlCursor): Statement {
  if (c.accept('database') || c.accept('schema')) {
    const ifExists = c.acceptAll('if', 'exists');
    return { kind: 'dropDatabase', name: c.name(), ifExists };
  }
  const view = c.accept('view');
  if (!view) c.expect('table');
  const ifExists = c.acceptAll('if', 'exists');
  const name = c.qualifiedName();
  return view ? { kind: 'dropView', name, ifExists } : { kind: 'dropTable', name, ifExists };
}

function parseAlter(c: SqlCursor): Statement {
  c.expect('table');
  const name = c.qualifiedName();
  c.expect('add');
  const ifNotExists = c.acceptAll('if', 'not', 'exists');
  const partitions: PartitionSpec[] = [];
  while (c.accept('partition')) {
    const values: Record<string, string> = {};
    c.expectText('(');
    do {
      const key = c.name();
      c.expectText('=');
      const value = c.next();
      values[key] = value?.kind === 'string' ? stringValue(value) : (value?.text ?? '');
    } while (c.acceptText(','));
    c.expectText(')');
    partitions.push({ values, location: c.accept('location') ? c.string() : undefined });
  }
  if (partitions.length === 0 || !c.done()) throw c.error();
  return { kind: 'addPartitions', name, ifNotExists, partitions };
}

/** The SQL after the cursor (the query of a view or CTAS), comments kept out. */
function rest(all: readonly Token[], c: SqlCursor): string {
  const at = c.peek();
  const index = at ? all.indexOf(at) : all.length;
  return textOf(all.slice(index)).trim();
}
