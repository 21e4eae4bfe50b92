import type { AthenaClient } from '@aws-sdk/client-athena';
import { type AthenaConfig, athenaNames } from '../athena/athenaConfig.js';
import { addCosts, type QueryCost } from '../athena/cost.js';
import { type RunQueryOptions, runQuery } from '../athena/runQuery.js';
import { type Day, partitionPath, RAW_PREFIX } from '../store/keys.js';
import type { Store } from '../store/Store.js';
import { hiveLiteral, hiveTable, storeFolderUrl } from './athenaSql.js';

/** Partitions one `ALTER TABLE ... ADD` registers at most (Athena's statements stay short). */
const PARTITIONS_PER_STATEMENT = 100;

const RAW_DAY = /^raw\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\//;

export interface RepairOptions {
  readonly config: AthenaConfig;
  /** The store the config's S3 location holds (to list the raw days). */
  readonly store: Store;
  readonly client: AthenaClient;
  readonly run?: RunQueryOptions;
  /** Run `MSCK REPAIR TABLE` instead of registering the listed days. */
  readonly msck?: boolean;
  /** Only the days from this one on. */
  readonly since?: Day;
  readonly log?: (line: string) => void;
}

export interface RepairResult {
  /** The days registered (or, with MSCK, those Athena reported adding). */
  readonly days: readonly Day[];
  readonly statements: number;
  /** What `MSCK REPAIR TABLE` answered, line by line. */
  readonly messages: readonly string[];
  readonly cost: QueryCost;
}

/**
 * Registers the raw table's partitions: by default `ALTER TABLE ... ADD IF NOT EXISTS PARTITION`
 * for every day folder the store's `raw/` holds (exact, and as fast on day 1000 as on day 1);
 * with `msck`, `MSCK REPAIR TABLE`, which makes Athena list the whole table location. Partition
 * values are written zero-padded (`month='03'`), as MSCK writes them, so the two never register
 * one folder twice. Each statement is followed to its end; a failure rejects with Athena's
 * state-change reason (AthenaQueryError).
 */
export async function repairRaw(options: RepairOptions): Promise<RepairResult> {
  const { config, client } = options;
  const names = athenaNames(config);
  const request = {
    database: config.database,
    workGroup: config.workGroup,
    outputLocation: config.outputLocation,
  };
  if (options.msck) {
    const outcome = await runQuery(
      client,
      { ...request, sql: `MSCK REPAIR TABLE ${hiveTable(names.database, names.raw)}` },
      options.run,
    );
    const messages = outcome.rows.map((row) => row.join('\t'));
    const days = messages.flatMap((m) => [...m.matchAll(/year=(\d{4})\/month=(\d{1,2})\/day=(\d{1,2})/g)]);
    const unique = [
      ...new Set(days.map((d) => `${d[1]}-${d[2]?.padStart(2, '0')}-${d[3]?.padStart(2, '0')}`)),
    ];
    return { days: unique.sort(), statements: 1, messages, cost: outcome.cost };
  }
  const days = (await rawDays(options.store)).filter((day) => !options.since || day >= options.since);
  const costs: QueryCost[] = [];
  for (let i = 0; i < days.length; i += PARTITIONS_PER_STATEMENT) {
    const batch = days.slice(i, i + PARTITIONS_PER_STATEMENT);
    options.log?.(`registering ${batch.length} day(s) from ${batch[0]} to ${batch[batch.length - 1]}`);
    const outcome = await runQuery(client, { ...request, sql: addPartitionsSql(config, batch) }, options.run);
    costs.push(outcome.cost);
  }
  return { days, statements: costs.length, messages: [], cost: addCosts(costs) };
}

/** The UTC days that have a folder of collected windows in the store's `raw/`. */
export async function rawDays(store: Store): Promise<Day[]> {
  const days = new Set<Day>();
  for (const object of await store.list(RAW_PREFIX)) {
    const match = RAW_DAY.exec(object.key);
    if (match) days.add(`${match[1]}-${match[2]}-${match[3]}`);
  }
  return [...days].sort();
}

/** `ALTER TABLE <raw> ADD IF NOT EXISTS PARTITION (...) LOCATION '...' ...` for `days`. */
export function addPartitionsSql(config: AthenaConfig, days: readonly Day[]): string {
  const names = athenaNames(config);
  const partitions = days.map((day) => {
    const [year, month, dd] = day.split('-');
    const location = storeFolderUrl(config.store, `${RAW_PREFIX}${partitionPath(day)}/`);
    return `  PARTITION (year = ${hiveLiteral(year ?? '')}, month = ${hiveLiteral(month ?? '')}, day = ${hiveLiteral(dd ?? '')}) LOCATION ${hiveLiteral(location)}`;
  });
  return `ALTER TABLE ${hiveTable(names.database, names.raw)} ADD IF NOT EXISTS\n${partitions.join('\n')}`;
}
