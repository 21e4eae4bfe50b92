import { type AthenaConfig, athenaNames } from '../athena/athenaConfig.js';
import { EARLIEST_DAY } from '../format/quarantineRules.js';
import { DERIVED_COLUMNS, LOG_COLUMNS, PARTITION_COLUMNS } from '../format/schema.js';
import { BOT_AGENTS_PREFIX, CURATED_PREFIX, RAW_PREFIX } from '../store/keys.js';
import { hiveIdent, hiveLiteral, hiveTable, storeFolderUrl } from './athenaSql.js';
import { viewStatements } from './athenaViews.js';

/** One statement of the setup, with what it makes (for progress and error messages). */
export interface AthenaStatement {
  readonly what: string;
  readonly sql: string;
}

/** Last year the curated table's partition projection covers; the first is CloudFront's first. */
export const LAST_PROJECTED_YEAR = 2099;

const columnList = (columns: readonly { name: string; athena: string }[]) =>
  columns.map((c) => `  ${hiveIdent(c.name)} ${c.athena}`).join(',\n');

const PARTITIONED_BY = `PARTITIONED BY (${PARTITION_COLUMNS.map((c) => `${hiveIdent(c.name)} ${c.athena}`).join(', ')})`;

/**
 * Partition projection of the curated table at `curatedUrl` (ending in `/`): year, month and day
 * as integers (two digits for month and day, as in the store's keys), from CloudFront's first
 * year to `LAST_PROJECTED_YEAR`. The table properties both `athena setup` and the CDK app's Glue
 * table carry.
 */
export function curatedProjection(curatedUrl: string): Record<string, string> {
  const template = `${curatedUrl}${PARTITION_COLUMNS.map((c) => `${c.name}=\${${c.name}}`).join('/')}/`;
  return {
    'projection.enabled': 'true',
    'projection.year.type': 'integer',
    'projection.year.range': `${EARLIEST_DAY.slice(0, 4)},${LAST_PROJECTED_YEAR}`,
    'projection.month.type': 'integer',
    'projection.month.range': '1,12',
    'projection.month.digits': '2',
    'projection.day.type': 'integer',
    'projection.day.range': '1,31',
    'projection.day.digits': '2',
    'storage.location.template': template,
  };
}

/**
 * The curated table: the store's Parquet day files, `curated/year=YYYY/month=MM/day=DD/`, with
 * partition projection on year, month and day, so no partition ever needs registering and a
 * query naming days (the period views do) reads only those folders. Columns and types are the
 * schema's (src/format/schema.ts), the recipe's table plus `timestamp`.
 */
export function curatedTableDdl(config: AthenaConfig): string {
  const names = athenaNames(config);
  const location = storeFolderUrl(config.store, CURATED_PREFIX);
  const properties = Object.entries(curatedProjection(location));
  return `CREATE EXTERNAL TABLE IF NOT EXISTS ${hiveTable(names.database, names.curated)} (
${columnList([...LOG_COLUMNS, ...DERIVED_COLUMNS])}
)
${PARTITIONED_BY}
STORED AS PARQUET
LOCATION ${hiveLiteral(location)}
TBLPROPERTIES (
${properties.map(([key, value]) => `  ${hiveLiteral(key)} = ${hiveLiteral(value)}`).join(',\n')}
)`;
}

/**
 * The raw table, compatible with the original recipe: the collected Amplify CSV windows
 * (`raw/year=YYYY/month=MM/day=DD/access_logs-HH-HH.csv.gz`, read as gzip by their extension),
 * comma-delimited, one header line a file, every column a string, partitioned by the window's
 * UTC day (register days with `athena repair`). Files imported from disk (`raw/imports/`) are not
 * in a partition and not read. Values are exactly as Amplify wrote them: `-` or `-0` for empty,
 * backslash escapes (`\(`, `\=`) and percent-encoding. Read them cleaned through the
 * `<table>_raw_decoded` view, which decodes and types them as the curated table holds them.
 */
export function rawTableDdl(config: AthenaConfig): string {
  const names = athenaNames(config);
  const columns = LOG_COLUMNS.map((c) => ({ name: c.name, athena: 'string' }));
  return `CREATE EXTERNAL TABLE IF NOT EXISTS ${hiveTable(names.database, names.raw)} (
${columnList(columns)}
)
${PARTITIONED_BY}
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
STORED AS TEXTFILE
LOCATION ${hiveLiteral(storeFolderUrl(config.store, RAW_PREFIX))}
TBLPROPERTIES (${hiveLiteral('skip.header.line.count')} = ${hiveLiteral('1')})`;
}

/**
 * The table of bot user agents, one column `user_agent`: the Parquet file `refreshBotAgents`
 * (src/lake/botAgents.ts) writes under `state/bot-agents/`, which the visits views leave out.
 */
export function botAgentsTableDdl(config: AthenaConfig): string {
  const names = athenaNames(config);
  return `CREATE EXTERNAL TABLE IF NOT EXISTS ${hiveTable(names.database, names.botAgents)} (
  ${hiveIdent('user_agent')} string
)
STORED AS PARQUET
LOCATION ${hiveLiteral(storeFolderUrl(config.store, BOT_AGENTS_PREFIX))}`;
}

/**
 * Every statement `athena setup` runs, in order: the database, the three tables (curated, raw, bot agents), the
 * views. Tables
 * are created if missing (the raw table keeps its registered partitions); with `replace`, they are
 * dropped first (external tables: the data stays), to apply a changed definition. Views are always
 * replaced.
 */
export function setupStatements(
  config: AthenaConfig,
  options: { replace?: boolean } = {},
): AthenaStatement[] {
  const names = athenaNames(config);
  const drops: AthenaStatement[] = options.replace
    ? [names.curated, names.raw, names.botAgents].map((table) => ({
        what: `drop table ${names.database}.${table}`,
        sql: `DROP TABLE IF EXISTS ${hiveTable(names.database, table)}`,
      }))
    : [];
  return [
    { what: `database ${names.database}`, sql: `CREATE DATABASE IF NOT EXISTS ${hiveIdent(names.database)}` },
    ...drops,
    { what: `table ${names.database}.${names.curated}`, sql: curatedTableDdl(config) },
    { what: `table ${names.database}.${names.raw}`, sql: rawTableDdl(config) },
    { what: `table ${names.database}.${names.botAgents}`, sql: botAgentsTableDdl(config) },
    ...viewStatements(config),
  ];
}

/** The statements as one SQL script, each ending with `;`. */
export function renderStatements(statements: readonly AthenaStatement[]): string {
  return statements.map((s) => `-- ${s.what}\n${s.sql};\n`).join('\n');
}
