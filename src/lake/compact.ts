import { randomUUID } from 'node:crypto';
import type { AthenaClient } from '@aws-sdk/client-athena';
import {
  type AthenaConfig,
  athenaNames,
  COMPACT_SCRATCH_PREFIX,
  compactTablePrefix,
} from '../athena/athenaConfig.js';
import { addCosts, type QueryCost } from '../athena/cost.js';
import {
  type AthenaQueryOutcome,
  type AthenaQueryRequest,
  type RunQueryOptions,
  runQuery,
} from '../athena/runQuery.js';
import { addDays } from '../engine/periods.js';
import type { CountryLookup } from '../format/address/CountryLookup.js';
import { CURATED_COLUMNS } from '../format/schema.js';
import { storePrivacy } from '../ingest/storePrivacy.js';
import { ident, literal } from '../sql/sql.js';
import { curatedKey, type Day, partitionPath, RAW_PREFIX } from '../store/keys.js';
import { daySalt } from '../store/privacy.js';
import type { Store } from '../store/Store.js';
import { QueryError } from '../util/errors.js';
import { hiveTable, storeFolderUrl, trinoTable } from './athenaSql.js';
import { decodedRawSql } from './decodedRawSql.js';
import { type PrivacyMapping, writePrivacyMapping } from './privacyMapping.js';
import { addPartitionsSql } from './repair.js';

export interface CompactOptions {
  readonly config: AthenaConfig;
  /** The S3 store the config points at: its lock, its listing, and where the day file goes. */
  readonly store: Store;
  readonly client: AthenaClient;
  readonly run?: RunQueryOptions;
  readonly log?: (line: string) => void;
  /** The clock deciding which days' visitor salts are kept. Default: the system clock. */
  readonly now?: () => Date;
  /** The country lookup used when the store anonymises addresses. Default: DB-IP Lite, shipped. */
  readonly countries?: () => Promise<CountryLookup>;
}

/** What the compaction of one day did. */
export interface DayCompaction {
  readonly day: Day;
  /** Requests the curated day file held before. */
  readonly held: number;
  /** Raw lines dated this day that the local import would keep (duplicates included). */
  readonly rawRows: number;
  /** Lines of this day's raw windows the local import would reject or quarantine, by reason. */
  readonly rejected: readonly { readonly reason: string; readonly lines: number }[];
  /** Requests the day file holds now. */
  readonly rows: number;
  readonly added: number;
  /** True when the day file was replaced (only when it gained requests). */
  readonly replaced: boolean;
  readonly cost: QueryCost;
}

/**
 * Curates one UTC day on Athena, so a store too large for one machine (or a Lambda without
 * DuckDB) never reads raw data itself. The raw windows of the day and the days beside it (a
 * window's rows may carry the next or previous date) are decoded and typed as the local import
 * does (decodedRawSql.ts), merged with the requests the day file already holds, and each request
 * id kept once: the one already held, else the earliest, in the local commit's order
 * (src/ingest/commitDays.ts).
 *
 * How the day file is replaced, and why: Athena writes the merged day with a `CREATE TABLE AS`
 * bucketed on request_id into a single bucket, which makes exactly one Parquet file (UNLOAD and
 * INSERT INTO write as many files as they like, INSERT INTO into `month=3/` folders, not `03/`),
 * under `tmp/athena-compact/<day>/<run>/`. That file then replaces
 * `curated/year=/month=/day=/access_logs.parquet` in one S3 PUT, as the local commit does: readers
 * see the old day or the new one, never a part. The store's write lock is held throughout, so an
 * import or collect cannot change the day in between; a run that fails or is killed before the
 * PUT leaves the day as it was, and its scratch files are removed by the next run of that day.
 *
 * When the store anonymises addresses (src/store/privacy.ts), the new rows are anonymised as the
 * local import does, through a mapping table (privacyMapping.ts); the rows are chosen before, on
 * their addresses in clear, in the local commit's order, so both paths keep the same rows.
 */
export async function compactDay(day: Day, options: CompactOptions): Promise<DayCompaction> {
  const { store, config } = options;
  const names = athenaNames(config);
  const scratch = `${COMPACT_SCRATCH_PREFIX}${day}/`;
  const table = `${compactTablePrefix(names.base)}${day.replaceAll('-', '')}`;
  const mapTable = `${table}_map`;
  const costs: QueryCost[] = [];
  const run = async (sql: string): Promise<AthenaQueryOutcome> => {
    const outcome = await runQuery(options.client, request(config, sql), options.run);
    costs.push(outcome.cost);
    return outcome;
  };
  const cleanUp = async () => {
    await run(`DROP TABLE IF EXISTS ${hiveTable(names.database, table)}`);
    await run(`DROP TABLE IF EXISTS ${hiveTable(names.database, mapTable)}`);
    for (const object of await store.list(scratch)) await store.delete(object.key);
  };
  const lock = await store.lock('write');
  try {
    await cleanUp();
    await registerRawDays(day, options, run);
    const inspected = await inspect(day, config, run);
    const base = { day, held: inspected.held, rawRows: inspected.rawRows, rejected: inspected.rejected };
    if (inspected.rawRows === 0) {
      return { ...base, rows: inspected.held, added: 0, replaced: false, cost: addCosts(costs) };
    }
    options.log?.(`merging ${inspected.rawRows} raw row(s) into ${day} (${inspected.held} held)`);
    const runFolder = `${scratch}${randomUUID()}/`;
    const location = storeFolderUrl(config.store, `${runFolder}day/`);
    const now = (options.now ?? (() => new Date()))();
    const privacy = await storePrivacy(store, now, options.countries);
    const mapping = privacy
      ? await writePrivacyMapping({
          store,
          privacy: { ...privacy, salt: (await daySalt(store, day, now)).salt },
          distinctSql: distinctVisitorsSql(day, config),
          run,
          scratchKey: `${runFolder}map/`,
          scratchUrl: storeFolderUrl(config.store, `${runFolder}map/`),
          database: names.database,
          tableName: mapTable,
          trinoTableName: trinoTable(names.database, mapTable),
        })
      : undefined;
    await run(mergeSql(day, config, table, location, mapping));
    const rows = Number(
      (await run(`SELECT count(*) FROM ${trinoTable(names.database, table)}`)).rows[0]?.[0] ?? 0,
    );
    if (rows < inspected.held || rows > inspected.held + inspected.rawRows) {
      throw new QueryError(
        `the merged ${day} holds ${rows} requests, from ${inspected.held} held and ${inspected.rawRows} raw`,
      );
    }
    const replaced = rows > inspected.held;
    if (replaced) await replaceDayFile(store, day, location, config);
    await cleanUp();
    return { ...base, rows, added: rows - inspected.held, replaced, cost: addCosts(costs) };
  } finally {
    await lock.release();
  }
}

function request(config: AthenaConfig, sql: string): AthenaQueryRequest {
  return {
    sql,
    database: config.database,
    workGroup: config.workGroup,
    outputLocation: config.outputLocation,
  };
}

/** The days whose raw windows may hold rows of `day`: the day before, the day, the day after. */
function neighbours(day: Day): Day[] {
  return [addDays(day, -1), day, addDays(day, 1)];
}

/** Registers the raw partitions of the neighbouring days that exist, so the merge sees them. */
async function registerRawDays(day: Day, options: CompactOptions, run: (sql: string) => Promise<unknown>) {
  const present: Day[] = [];
  for (const d of neighbours(day)) {
    if ((await options.store.list(`${RAW_PREFIX}${partitionPath(d)}/`)).length > 0) present.push(d);
  }
  if (present.length > 0) await run(addPartitionsSql(options.config, present));
}

/** The filter on the raw table's partitions of the neighbouring days. */
function rawPartitions(day: Day): string {
  return neighbours(day)
    .map((d) => {
      const [y, m, dd] = d.split('-').map(Number);
      return `(year = ${y} AND month = ${m} AND day = ${dd})`;
    })
    .join(' OR ');
}

function curatedPartition(day: Day): string {
  const [y, m, d] = day.split('-').map(Number);
  return `year = ${y} AND month = ${m} AND day = ${d}`;
}

/**
 * One query counting what the merge will work with: the day file's requests, the raw lines
 * dated `day` that will be kept, and the lines of the day's own windows that will not, by reason
 * (a line not kept counts for the day of its window, so each counts once over all days).
 */
async function inspect(day: Day, config: AthenaConfig, run: (sql: string) => Promise<AthenaQueryOutcome>) {
  const outcome = await run(inspectSql(day, config));
  let held = 0;
  let rawRows = 0;
  const rejected: { reason: string; lines: number }[] = [];
  for (const [source, reason, lines] of outcome.rows) {
    const n = Number(lines ?? 0);
    if (source === 'curated') held += n;
    else if (reason === null) rawRows += n;
    else rejected.push({ reason: reason ?? '', lines: n });
  }
  return { held, rawRows, rejected: rejected.sort((a, b) => b.lines - a.lines) };
}

/** The query `inspect` runs: `source`, `reason`, `lines`. */
export function inspectSql(day: Day, config: AthenaConfig): string {
  const names = athenaNames(config);
  const raw = decodedRawSql(trinoTable(names.database, names.raw), rawPartitions(day));
  return `SELECT 'raw' AS source, reject_reason AS reason, count(*) AS lines
FROM (${raw}) decoded
WHERE (reject_reason IS NULL AND "date" = DATE ${literal(day)}) OR (reject_reason IS NOT NULL AND ${curatedPartition(day)})
GROUP BY reject_reason
UNION ALL
SELECT 'curated', NULL, count(*) FROM ${trinoTable(names.database, names.curated)} WHERE ${curatedPartition(day)}`;
}

/**
 * Which row of a request id is kept: the one the day file holds (source 0), else the earliest,
 * with the same tie-breaks as the local commit's FIRST_OF_ID (src/ingest/commitDays.ts).
 */
const FIRST_OF_ID =
  'row_number() OVER (PARTITION BY request_id ORDER BY source, "timestamp", uri, status, bytes, location, request_ip, user_agent)';

/** The distinct (client IP, user agent, forwarded-for) of the raw rows the merge may add to `day`. */
export function distinctVisitorsSql(day: Day, config: AthenaConfig): string {
  const names = athenaNames(config);
  const raw = decodedRawSql(trinoTable(names.database, names.raw), rawPartitions(day));
  return `SELECT DISTINCT request_ip, user_agent, xforwarded_for FROM (${raw}) decoded
WHERE reject_reason IS NULL AND "date" = DATE ${literal(day)}`;
}

/**
 * The CTAS writing the merged day as one Parquet file (one bucket) at `location`; with a
 * `mapping`, the raw rows it keeps take their anonymised columns from it.
 */
export function mergeSql(
  day: Day,
  config: AthenaConfig,
  table: string,
  location: string,
  mapping?: PrivacyMapping,
): string {
  const names = athenaNames(config);
  const columns = CURATED_COLUMNS.map((c) => ident(c.name)).join(', ');
  const mapped = new Set(mapping?.columns ?? []);
  const output = mapping
    ? CURATED_COLUMNS.map(({ name }) =>
        mapped.has(name)
          ? `CASE WHEN ranked.source = 1 THEN m.${ident(name)} ELSE ranked.${ident(name)} END AS ${ident(name)}`
          : `ranked.${ident(name)}`,
      ).join(', ')
    : columns;
  const join = mapping
    ? `
LEFT JOIN ${mapping.table} m ON ranked.source = 1 AND m.k = ${mapping.keySql('ranked')}`
    : '';
  const raw = decodedRawSql(trinoTable(names.database, names.raw), rawPartitions(day));
  return `CREATE TABLE ${trinoTable(names.database, table)}
WITH (format = 'PARQUET', write_compression = 'ZSTD', external_location = ${literal(location)},
      bucketed_by = ARRAY['request_id'], bucket_count = 1)
AS SELECT ${output}
FROM (
  SELECT *, ${FIRST_OF_ID} AS rank_of_id
  FROM (
    SELECT ${columns}, 0 AS source FROM ${trinoTable(names.database, names.curated)} WHERE ${curatedPartition(day)}
    UNION ALL
    SELECT ${columns}, 1 AS source FROM (${raw}) decoded WHERE reject_reason IS NULL AND "date" = DATE ${literal(day)}
  ) candidates
) ranked${join}
WHERE rank_of_id = 1`;
}

/** Puts the one file Athena wrote at `location` in place of the day file (one PUT). */
async function replaceDayFile(store: Store, day: Day, location: string, config: AthenaConfig): Promise<void> {
  const prefix = location.slice(storeFolderUrl(config.store, '').length);
  const files = (await store.list(prefix)).filter((o) => !/(^|\/)[_.][^/]*$/.test(o.key));
  const [file] = files;
  if (files.length !== 1 || !file) {
    throw new QueryError(
      `Athena wrote ${files.length} files for ${day} under ${location}, where one was expected`,
    );
  }
  await store.putFile(curatedKey(day), await store.localPath(file.key, file));
}
