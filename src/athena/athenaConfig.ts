import { UsageError } from '../util/errors.js';

/** Where the store's objects are in S3: the bucket and the key prefix (empty or ending in `/`). */
export interface S3Location {
  readonly bucket: string;
  readonly prefix: string;
}

/** Everything the Athena side needs, resolved once (see `resolveAthenaConfig`). */
export interface AthenaConfig {
  /** The Glue database holding the tables and views. */
  readonly database: string;
  /** The base name: the view over everything; the tables and the other views are named after it. */
  readonly table: string;
  /** The workgroup queries run in; undefined for the account's default (`primary`). */
  readonly workGroup?: string | undefined;
  /** Where Athena writes query results; undefined to use the workgroup's result location. */
  readonly outputLocation?: string | undefined;
  /** The store the tables read (the same objects as `--store s3://bucket/prefix`). */
  readonly store: S3Location;
}

/** Flags of the `athena` commands, as parsed (undefined when not given). */
export interface AthenaFlags {
  readonly database?: string | undefined;
  readonly table?: string | undefined;
  readonly workgroup?: string | undefined;
  readonly 'output-location'?: string | undefined;
}

export const DEFAULT_DATABASE = 'amplify_logs';
export const DEFAULT_TABLE = 'access_logs';

/**
 * The Athena config, in one place. Precedence: flag, then the original recipe's environment
 * variables (`ATHENA_DATABASE`, `ATHENA_TABLE_NAME`, `S3_OUTPUT_LOCATION`; `ATHENA_WORKGROUP`
 * for the workgroup), then the defaults `amplify_logs` and `access_logs`. Names are lower-cased
 * (Glue keeps them so) and must be letters, digits and underscores, so they never need escaping.
 */
export function resolveAthenaConfig(
  flags: AthenaFlags,
  env: NodeJS.ProcessEnv,
  store: S3Location,
): AthenaConfig {
  const database = athenaName(flags.database ?? env.ATHENA_DATABASE ?? DEFAULT_DATABASE, 'database');
  const table = athenaName(flags.table ?? env.ATHENA_TABLE_NAME ?? DEFAULT_TABLE, 'table');
  const workGroup = nonEmpty(flags.workgroup ?? env.ATHENA_WORKGROUP);
  const outputLocation = nonEmpty(flags['output-location'] ?? env.S3_OUTPUT_LOCATION);
  if (
    outputLocation !== undefined &&
    !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(outputLocation)
  ) {
    throw new UsageError(
      `the query result location ${outputLocation} is not an s3:// URL`,
      'Set S3_OUTPUT_LOCATION (or --output-location) to s3://bucket/prefix/, or leave it unset to use the workgroup.',
    );
  }
  return { database, table, workGroup, outputLocation, store };
}

/** Longest base name: room is left for the suffixes of the tables and views named after it. */
const MAX_NAME = 100;

function athenaName(value: string, what: 'database' | 'table'): string {
  const name = value.trim().toLowerCase();
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name.length > MAX_NAME) {
    const source = what === 'database' ? '--database / ATHENA_DATABASE' : '--table / ATHENA_TABLE_NAME';
    throw new UsageError(
      `the Athena ${what} name ${JSON.stringify(value)} (${source}) is not usable`,
      `Use letters, digits and underscores, starting with a letter, at most ${MAX_NAME} characters.`,
    );
  }
  return name;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The names of everything `athena setup` creates, derived from the config's base name. */
export interface AthenaNames {
  readonly database: string;
  /** The Parquet table over `curated/` (partition projection). */
  readonly curated: string;
  /** The text table over the collected windows in `raw/year=/month=/day=/`. */
  readonly raw: string;
  /** The view reading the raw table decoded and typed, with a reject reason per line. */
  readonly rawDecoded: string;
  /** The view over everything: the DuckDB engine's `access_logs`. */
  readonly base: string;
  readonly today: string;
  readonly yesterday: string;
  readonly week: string;
  readonly month: string;
  /** The Parquet table of bot user agents (`state/bot-agents/`) that the visits views leave out. */
  readonly botAgents: string;
  /** The view of every visit: the DuckDB engine's `visits`. */
  readonly visits: string;
  readonly visitsToday: string;
  readonly visitsYesterday: string;
  readonly visitsWeek: string;
  readonly visitsMonth: string;
}

export function athenaNames(config: Pick<AthenaConfig, 'database' | 'table'>): AthenaNames {
  const base = config.table;
  return {
    database: config.database,
    curated: `${base}_curated`,
    raw: `${base}_raw`,
    rawDecoded: `${base}_raw_decoded`,
    base,
    today: `${base}_today`,
    yesterday: `${base}_yesterday`,
    week: `${base}_week`,
    month: `${base}_month`,
    botAgents: `${base}_bot_agents`,
    visits: `${base}_visits`,
    visitsToday: `${base}_visits_today`,
    visitsYesterday: `${base}_visits_yesterday`,
    visitsWeek: `${base}_visits_week`,
    visitsMonth: `${base}_visits_month`,
  };
}

/** `s3://bucket/prefix/` + `path`. */
export function s3Url(store: S3Location, path = ''): string {
  return `s3://${store.bucket}/${store.prefix}${path}`;
}

/** Where a compaction writes a day before it replaces the day file (IAM grants this folder). */
export const COMPACT_SCRATCH_PREFIX = 'tmp/athena-compact/';

/** The start of the names of the tables a compaction creates and drops: `<base>_compact_<yyyymmdd>`. */
export function compactTablePrefix(base: string): string {
  return `${base}_compact_`;
}
