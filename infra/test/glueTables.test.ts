import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { botAgentsTableDdl, curatedTableDdl, rawTableDdl } from '../../src/lake/ddl.js';
import { botAgentsTableInput, curatedTableInput, rawTableInput } from '../lib/glueTables.js';

/** The library's config for the same store and names (src/athena/athenaConfig.ts). */
const CONFIG = {
  database: 'amplify_logs',
  table: 'access_logs',
  store: { bucket: 'logs', prefix: 'site/' },
};
const SPEC = { storeUrl: 's3://logs/site/', database: 'amplify_logs', table: 'access_logs' };

/** What a `CREATE EXTERNAL TABLE` statement defines: name, columns, partitions, location, properties. */
function parseDdl(sql: string) {
  const name = /CREATE EXTERNAL TABLE IF NOT EXISTS `[^`]+`\.`([^`]+)`/.exec(sql)?.[1];
  const body = /\(\n([\s\S]*?)\n\)\nPARTITIONED BY \(([^)]*)\)/.exec(sql);
  const columns = (body?.[1] ?? '').split(',\n').map((line) => {
    const [, column, type] = /`([^`]+)` (\w+)/.exec(line) ?? [];
    return { name: column, type };
  });
  const partitions = (body?.[2] ?? '').split(', ').map((p) => {
    const [, column, type] = /`([^`]+)` (\w+)/.exec(p) ?? [];
    return { name: column, type };
  });
  const location = /LOCATION '([^']+)'/.exec(sql)?.[1];
  const properties = Object.fromEntries([...sql.matchAll(/'([^']+)' = '([^']*)'/g)].map((m) => [m[1], m[2]]));
  return { name, columns, partitions, location, properties };
}

describe('the Glue tables', () => {
  test('returns the curated table `athena setup` creates: columns, partitions, location, projection', () => {
    const ddl = parseDdl(curatedTableDdl(CONFIG));
    const input = curatedTableInput(SPEC);
    assert.equal(input.name, ddl.name);
    assert.deepEqual(
      input.storageDescriptor && (input.storageDescriptor as { columns: unknown }).columns,
      ddl.columns,
    );
    assert.deepEqual(input.partitionKeys, ddl.partitions);
    assert.equal((input.storageDescriptor as { location: string }).location, ddl.location);
    const { EXTERNAL, classification, ...projection } = input.parameters as Record<string, string>;
    assert.deepEqual(projection, ddl.properties);
    assert.deepEqual([EXTERNAL, classification], ['TRUE', 'parquet']);
  });

  test('returns the raw table `athena setup` creates: string columns, partitions, location, header line', () => {
    const sql = rawTableDdl(CONFIG);
    const ddl = parseDdl(sql);
    const input = rawTableInput(SPEC);
    assert.equal(input.name, ddl.name);
    assert.deepEqual((input.storageDescriptor as { columns: unknown }).columns, ddl.columns);
    assert.deepEqual(input.partitionKeys, ddl.partitions);
    assert.equal((input.storageDescriptor as { location: string }).location, ddl.location);
    assert.equal(
      (input.parameters as Record<string, string>)['skip.header.line.count'],
      ddl.properties['skip.header.line.count'],
    );
    assert.match(sql, /ROW FORMAT DELIMITED FIELDS TERMINATED BY ','/);
  });

  test('returns the bot agents table `athena setup` creates: one string column, Parquet, its location', () => {
    const sql = botAgentsTableDdl(CONFIG);
    const input = botAgentsTableInput(SPEC);
    assert.equal(input.name, /`[^`]+`\.`([^`]+)`/.exec(sql)?.[1]);
    assert.deepEqual((input.storageDescriptor as { columns: unknown }).columns, [
      { name: 'user_agent', type: 'string' },
    ]);
    assert.match(sql, /\(\n {2}`user_agent` string\n\)\nSTORED AS PARQUET\n/);
    assert.equal(
      (input.storageDescriptor as { location: string }).location,
      /LOCATION '([^']+)'/.exec(sql)?.[1],
    );
    assert.equal(
      (input.storageDescriptor as { location: string }).location,
      's3://logs/site/state/bot-agents/',
    );
  });
});
