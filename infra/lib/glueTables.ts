import type { aws_glue as glue } from 'aws-cdk-lib';
import { athenaNames } from '../../src/athena/athenaConfig.js';
import { DERIVED_COLUMNS, LOG_COLUMNS, PARTITION_COLUMNS } from '../../src/format/schema.js';
import { curatedProjection } from '../../src/lake/ddl.js';
import { BOT_AGENTS_PREFIX, CURATED_PREFIX, RAW_PREFIX } from '../../src/store/keys.js';

/**
 * The Glue definitions of the three tables, from the library's schema and names, so the tables
 * the stack creates are those `amplify-logs athena setup` creates (src/lake/ddl.ts): the same
 * names, columns, types, locations and partition projection (a test compares them).
 */
export interface GlueTableSpec {
  /** `s3://bucket/` + the store prefix (a CDK token may stand for the bucket). */
  readonly storeUrl: string;
  readonly table: string;
  readonly database: string;
}

/** Names of the tables and views the library derives from the base table name. */
export function tableNames(database: string, table: string) {
  return athenaNames({ database, table });
}

const PARQUET = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: {
    serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    parameters: { 'serialization.format': '1' },
  },
};

const DELIMITED_TEXT = {
  inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  serdeInfo: {
    serializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
    parameters: { 'field.delim': ',', 'serialization.format': ',' },
  },
};

const partitionKeys = PARTITION_COLUMNS.map((c) => ({ name: c.name, type: c.athena }));

/** The curated table: the store's Parquet day files, partition projection on year, month, day. */
export function curatedTableInput(spec: GlueTableSpec): glue.CfnTable.TableInputProperty {
  const location = `${spec.storeUrl}${CURATED_PREFIX}`;
  return {
    name: tableNames(spec.database, spec.table).curated,
    description: 'amplify-logs curated table: one Parquet file a UTC day, each request once',
    tableType: 'EXTERNAL_TABLE',
    parameters: { EXTERNAL: 'TRUE', classification: 'parquet', ...curatedProjection(location) },
    partitionKeys,
    storageDescriptor: {
      columns: [...LOG_COLUMNS, ...DERIVED_COLUMNS].map((c) => ({ name: c.name, type: c.athena })),
      location,
      ...PARQUET,
    },
  };
}

/**
 * The raw table, the original recipe's: the collected CSV windows, every column a string, one
 * header line a file, partitioned by the window's day; partitions are registered by the daily
 * maintenance (`MSCK REPAIR TABLE`).
 */
export function rawTableInput(spec: GlueTableSpec): glue.CfnTable.TableInputProperty {
  const location = `${spec.storeUrl}${RAW_PREFIX}`;
  return {
    name: tableNames(spec.database, spec.table).raw,
    description: 'amplify-logs raw table: the collected Amplify CSV windows, as received',
    tableType: 'EXTERNAL_TABLE',
    parameters: { EXTERNAL: 'TRUE', classification: 'csv', 'skip.header.line.count': '1' },
    partitionKeys,
    storageDescriptor: {
      columns: LOG_COLUMNS.map((c) => ({ name: c.name, type: 'string' })),
      location,
      ...DELIMITED_TEXT,
    },
  };
}

/**
 * The bot agents table: one column `user_agent`, the Parquet file the daily maintenance writes
 * under `state/bot-agents/` (src/lake/botAgents.ts), which the visits views leave out.
 */
export function botAgentsTableInput(spec: GlueTableSpec): glue.CfnTable.TableInputProperty {
  const location = `${spec.storeUrl}${BOT_AGENTS_PREFIX}`;
  return {
    name: tableNames(spec.database, spec.table).botAgents,
    description: 'amplify-logs bot user agents: what the visits views leave out',
    tableType: 'EXTERNAL_TABLE',
    parameters: { EXTERNAL: 'TRUE', classification: 'parquet' },
    storageDescriptor: {
      columns: [{ name: 'user_agent', type: 'string' }],
      location,
      ...PARQUET,
    },
  };
}
