import type { Dialect } from '../engine/Dialect.js';
import type { QueryEngine } from '../engine/QueryEngine.js';
import { DaySummaries } from '../report/summaries/daySummaries.js';
import { UsageError } from '../util/errors.js';
import type { CliContext, ParsedArgs } from './context.js';
import { duckdbOnStore, storeFromArgs } from './storeFromArgs.js';

export const REPORT_ENGINES = ['duckdb', 'athena'] as const;

/** An engine a report runs on, the dialect of its SQL, and what to say once it is done. */
export interface ReportEngine {
  readonly engine: QueryEngine;
  /** Undefined for DuckDB's (the report's default). */
  readonly dialect: Dialect | undefined;
  /** Writes what the engine cost, if anything, to stderr. */
  done(): void;
  /** The store's day summaries, built where missing (DuckDB only). */
  readonly summaries?: DaySummaries;
}

/**
 * The engine `--engine` names: the embedded DuckDB on the store (default), or Athena over the S3
 * store, with the views `athena setup` made (names from ATHENA_DATABASE and ATHENA_TABLE_NAME,
 * results to S3_OUTPUT_LOCATION or the workgroup's); the AWS SDK loads only for Athena.
 */
export async function openReportEngine(args: ParsedArgs, context: CliContext): Promise<ReportEngine> {
  const name = args.values.engine ?? 'duckdb';
  if (name === 'duckdb') {
    const store = await storeFromArgs(context, args);
    const engine = await duckdbOnStore(context, args, store);
    const warn = (line: string) => context.stderr.write(`amplify-logs: ${line}\n`);
    const summaries = new DaySummaries(store, engine, { build: true, warn });
    return { engine, dialect: undefined, done() {}, summaries };
  }
  if (name !== 'athena') {
    throw new UsageError(`--engine ${String(name)}: use one of ${REPORT_ENGINES.join(', ')}`);
  }
  const { athenaConfigFromArgs, writeCost } = await import('./athenaArgs.js');
  const { AthenaEngine } = await import('../athena/AthenaEngine.js');
  const { ATHENA_DIALECT } = await import('../athena/AthenaDialect.js');
  const engine = new AthenaEngine({ config: athenaConfigFromArgs(context, args) });
  return { engine, dialect: ATHENA_DIALECT, done: () => writeCost(context, engine.spent) };
}
