/**
 * The key layout of a store, in one place:
 *
 *   raw/year=YYYY/month=MM/day=DD/access_logs-HH-HH.csv.gz   a collected window (the recipe's layout)
 *   raw/imports/<sha256>.<csv|tsv>.<gz|br>                   an imported file, by content (brotli when it came plain)
 *   curated/year=YYYY/month=MM/day=DD/access_logs.parquet    the table: one file a UTC day
 *   rejected/<same path as the raw object>.jsonl.gz           lines of that raw object that could not be read
 *   state/...                                                 locks, watermarks, import records
 *   state/bot-agents/bot_agents.parquet                       the bot user agents Athena's visits views leave out
 *   tmp/...                                                   scratch space, safe to delete
 */

const KEY = /^[A-Za-z0-9._=-]+(\/[A-Za-z0-9._=-]+)*$/;

/** Throws on a key that could escape the store or is not one this tool writes. */
export function assertKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((part) => part === '.' || part === '..')) {
    throw new Error(`invalid store key: ${JSON.stringify(key)}`);
  }
}

/** A UTC calendar day as `YYYY-MM-DD`. */
export type Day = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayParts(day: Day): [string, string, string] {
  const match = DAY.exec(day);
  if (!match) throw new Error(`invalid day: ${day}`);
  return [match[1] as string, match[2] as string, match[3] as string];
}

/** `year=YYYY/month=MM/day=DD` for a day (zero-padded, as the recipe and Athena projection expect). */
export function partitionPath(day: Day): string {
  const [year, month, dd] = dayParts(day);
  return `year=${year}/month=${month}/day=${dd}`;
}

export const CURATED_PREFIX = 'curated/';
export const RAW_PREFIX = 'raw/';
export const REJECTED_PREFIX = 'rejected/';

/** The folder of the bot user agents file: the location of Athena's `<table>_bot_agents` table. */
export const BOT_AGENTS_PREFIX = 'state/bot-agents/';

/** The one file of that folder. */
export const BOT_AGENTS_KEY = `${BOT_AGENTS_PREFIX}bot_agents.parquet`;

/**
 * Day summaries: derived per-day partial results of the report's queries (src/report/summaries/),
 * `summaries/day=YYYY-MM-DD/<part>.parquet` beside a `manifest.json` naming the day file they were
 * made from. Never a source of truth: rebuilt from curated/ whenever that file changes.
 */
export const SUMMARIES_PREFIX = 'summaries/';

/**
 * The store lock held while day summaries are written, and by the privacy rewrite and prune
 * (inside their write lock): no summary is written from a day they rewrite or delete.
 */
export const SUMMARIES_LOCK = 'summaries';

/** The folder of one day's summary. */
export function summaryPrefix(day: Day): string {
  return `${SUMMARIES_PREFIX}day=${day}/`;
}

const SUMMARY_KEY = /^summaries\/day=(\d{4}-\d{2}-\d{2})\//;

/** The day a key under `SUMMARIES_PREFIX` belongs to, or undefined for any other key. */
export function dayOfSummaryKey(key: string): Day | undefined {
  return SUMMARY_KEY.exec(key)?.[1];
}

export function curatedKey(day: Day): string {
  return `${CURATED_PREFIX}${partitionPath(day)}/access_logs.parquet`;
}

const CURATED_KEY = /^curated\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\/access_logs\.parquet$/;

/** The day a curated key holds, or undefined for any other key. */
export function dayOfCuratedKey(key: string): Day | undefined {
  const match = CURATED_KEY.exec(key);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/**
 * The raw key of a collected window, in the original recipe's layout:
 * `raw/year=YYYY/month=MM/day=DD/access_logs-HH-HH.csv.gz` (start hour, end hour, `24` for the end
 * of the day). `version` tells apart a later download of the same window with other content
 * (late entries): `access_logs-HH-HH.<version>.csv.gz`.
 */
export function rawWindowKey(start: Date, end: Date, version?: string): string {
  const day = start.toISOString().slice(0, 10);
  const endHour = end.toISOString().slice(0, 10) === day ? end.toISOString().slice(11, 13) : '24';
  const name = `access_logs-${start.toISOString().slice(11, 13)}-${endHour}`;
  return `${RAW_PREFIX}${partitionPath(day)}/${name}${version ? `.${version}` : ''}.csv.gz`;
}

/** The compressions a raw object may carry, by file extension: gzip, or brotli for plain imports. */
export const RAW_EXTENSIONS = ['gz', 'br'] as const;

/**
 * The raw key of an imported file, named by the SHA-256 of its (decompressed) content, with the
 * extension of its compression (`gz`, the file as it came, or `br`, a plain file compressed).
 */
export function rawImportKey(sha256: string, kind: 'csv' | 'tsv', extension: 'gz' | 'br' = 'gz'): string {
  return `${RAW_PREFIX}imports/${sha256}.${kind}.${extension}`;
}

/** Where the rejected lines of a raw object are kept. */
export function rejectedKey(rawKey: string): string {
  if (!rawKey.startsWith(RAW_PREFIX)) throw new Error(`not a raw key: ${rawKey}`);
  return `${REJECTED_PREFIX}${rawKey.slice(RAW_PREFIX.length).replace(/\.(csv|tsv)\.(gz|br)$/, '')}.jsonl.gz`;
}

/** The record of a finished import of a raw object. */
export function importRecordKey(rawKey: string): string {
  return `state/${rawKey.slice(RAW_PREFIX.length).replace(/\.(gz|br)$/, '')}.json`;
}
