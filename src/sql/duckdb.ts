import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** Resource limits of an embedded DuckDB. */
export interface DuckDBLimits {
  /** DuckDB `memory_limit`; beyond it DuckDB spills to `tempDirectory`. Default `1GB`. */
  memoryLimit?: string;
  /** Worker threads. Default: DuckDB's own (one per core). */
  threads?: number;
  /** Where DuckDB spills; default DuckDB's own (`.tmp` beside a file database, none in memory). */
  tempDirectory?: string;
}

/**
 * Opens an in-memory DuckDB that never downloads anything: extension auto-install and auto-load
 * are off, so a query that would need a missing extension fails at once instead of reaching for
 * the network. Insertion order is not preserved (lets DuckDB stream and spill); TimeZone is UTC.
 */
export async function openDuckDB(limits: DuckDBLimits = {}): Promise<DuckDBConnection> {
  const options: Record<string, string> = {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    preserve_insertion_order: 'false',
    memory_limit: limits.memoryLimit ?? '1GB',
  };
  if (limits.threads !== undefined) options.threads = String(limits.threads);
  if (limits.tempDirectory !== undefined) options.temp_directory = limits.tempDirectory;
  const instance = await DuckDBInstance.create(':memory:', options);
  const connection = await connectUtc(instance);
  instances.set(connection, instance);
  return connection;
}

const instances = new WeakMap<DuckDBConnection, DuckDBInstance>();

/** A new connection to `instance`, its TimeZone UTC (a session setting each connection sets). */
async function connectUtc(instance: DuckDBInstance): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return connection;
}

/**
 * Another connection to the database of a connection from `openDuckDB`: it sees the same tables
 * (not the first one's temporary ones) and runs its queries beside the first one's.
 */
export async function connectAgain(connection: DuckDBConnection): Promise<DuckDBConnection> {
  const instance = instances.get(connection);
  if (instance === undefined) throw new Error('not a connection from openDuckDB');
  return connectUtc(instance);
}

/**
 * Closes a connection from `openDuckDB` and its database, which hands the database's memory back
 * (closing only the connection keeps it).
 */
export function closeDuckDB(connection: DuckDBConnection): void {
  connection.closeSync();
  instances.get(connection)?.closeSync();
  instances.delete(connection);
}
