import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { AthenaClient } from '@aws-sdk/client-athena';
import type { AthenaConfig } from '../../src/athena/athenaConfig.js';
import { type RunQueryOptions, runQuery } from '../../src/athena/runQuery.js';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { CURATED_COLUMNS } from '../../src/format/schema.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import { setupStatements } from '../../src/lake/ddl.js';
import { S3Store } from '../../src/store/S3Store.js';
import type { Store } from '../../src/store/Store.js';
import { tempDir } from '../helpers.js';
import { amplifyCsv } from '../ingest/logText.js';
import {
  type AthenaEmulator,
  type AthenaEmulatorOptions,
  startAthenaEmulator,
} from '../support/athenaEmulator/AthenaEmulator.js';
import { type LocalS3, startLocalS3 } from '../support/s3Server.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const BUCKET = 'logs';
export const PREFIX = 'site/';
export const RESULTS = 's3://logs/athena-results/';

/** Polling and retries that wait at most 20 ms: the emulator's schedule counts polls, not time. */
export const NO_WAIT: RunQueryOptions = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
  poll: { firstMs: 1, factor: 2, maxMs: 20 },
};

export interface AthenaSetup {
  readonly s3: LocalS3;
  readonly emulator: AthenaEmulator;
  readonly client: AthenaClient;
  readonly store: S3Store;
  readonly config: AthenaConfig;
  stop(): Promise<void>;
}

/**
 * A real local S3 server, the Athena emulator reading it, the real Athena SDK client pointed at the
 * emulator (one attempt a call, so scripted errors come back at once), an S3 store and a config.
 */
export async function startAthena(
  options: Omit<AthenaEmulatorOptions, 's3'> & { s3?: LocalS3 } = {},
): Promise<AthenaSetup> {
  const s3 = options.s3 ?? (await startLocalS3([BUCKET]));
  const emulator = await startAthenaEmulator({ ...options, s3: s3.client });
  const client = new AthenaClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  const store = new S3Store({
    bucket: BUCKET,
    prefix: PREFIX,
    client: s3.client,
    localDir: path.join(await tempDir('athena-store-'), 'cache'),
  });
  const config: AthenaConfig = {
    database: 'amplify_logs',
    table: 'access_logs',
    workGroup: undefined,
    outputLocation: RESULTS,
    store: { bucket: BUCKET, prefix: PREFIX },
  };
  return {
    s3,
    emulator,
    client,
    store,
    config,
    async stop() {
      client.destroy();
      await emulator.stop();
      if (!options.s3) await s3.stop();
    },
  };
}

/** Imports log lines (Amplify CSV) into a store, as `amplify-logs import` does. */
export async function importLines(
  store: S3Store | import('../../src/store/LocalStore.js').LocalStore,
  lines: readonly string[],
  now: Date,
): Promise<void> {
  const dir = await tempDir();
  const file = path.join(dir, 'logs.csv');
  await fs.writeFile(file, amplifyCsv(lines));
  await importFiles([file], { store, now: () => now });
}

/** Writes a collected window's raw file, as `collect` lays it out. */
export async function putRawWindow(
  store: S3Store,
  day: string,
  hours: string,
  lines: readonly string[],
): Promise<string> {
  const [year, month, dd] = day.split('-');
  const key = `raw/year=${year}/month=${month}/day=${dd}/access_logs-${hours}.csv.gz`;
  await store.putBytes(key, gzipSync(amplifyCsv(lines)));
  return key;
}

/** Runs what `athena setup` runs (database, tables, views) on the emulator, each to its end. */
export async function runSetup(athena: AthenaSetup): Promise<void> {
  for (const statement of setupStatements(athena.config)) {
    await runQuery(
      athena.client,
      { sql: statement.sql, outputLocation: athena.config.outputLocation },
      NO_WAIT,
    );
  }
}

/** Every curated column of one day's rows, in request id order, read with the DuckDB engine. */
export async function dayRows(store: Store, day: string, now: Date): Promise<unknown[][]> {
  const [year, month, dd] = day.split('-').map(Number);
  const columns = CURATED_COLUMNS.map((c) => `"${c.name}"`).join(', ');
  const engine = await DuckDBEngine.open({ store, now: () => now });
  try {
    const where = `year = ${year} AND month = ${month} AND day = ${dd}`;
    return (
      await engine.query(`SELECT ${columns} FROM access_logs WHERE ${where} ORDER BY request_id`)
    ).rows.map((row) => [...row]);
  } finally {
    await engine.close();
  }
}
