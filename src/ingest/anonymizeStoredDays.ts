import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CountryLookup } from '../format/address/CountryLookup.js';
import { curatedRowsSql } from '../sql/curatedRead.js';
import { closeDuckDB, openDuckDB } from '../sql/duckdb.js';
import { literal } from '../sql/sql.js';
import {
  CURATED_PREFIX,
  curatedKey,
  type Day,
  dayOfCuratedKey,
  SUMMARIES_LOCK,
  summaryPrefix,
} from '../store/keys.js';
import { daySalt, readPrivacy, writePrivacy } from '../store/privacy.js';
import type { Store, StoreLock } from '../store/Store.js';
import { failpoint } from '../util/failpoint.js';
import { privateRowsSql, registerPrivacyFunctions, rowsToAnonymizeSql } from './privateRows.js';
import { storePrivacy } from './storePrivacy.js';
import { cleanAbandonedRuns, runDirName } from './workDirs.js';

export interface AnonymizedDay {
  readonly day: Day;
  /** Rows of the day that still held an address in clear or at a lower level. */
  readonly changed: number;
}

export interface AnonymizeDaysOptions {
  readonly now: Date;
  readonly countries?: () => Promise<CountryLookup>;
  readonly log?: (line: string) => void;
}

/**
 * Rewrites every curated day that still holds rows in clear (or truncated less than the store's
 * level) as the store's settings ask, under the store's write lock, then clears the settings'
 * `rewritePending`. Each row not keyed yet gets its visitor key (with its day's salt: the stored
 * one while the day can receive rows, else one made for this rewrite and never stored) and its
 * country, both from its address before truncation; rows already keyed keep theirs, so figures
 * stay as they were. Each day is replaced in one atomic write: a run killed at any point leaves
 * every day before or after, and running it again finishes the rest.
 */
export async function anonymizeStoredDays(
  store: Store,
  options: AnonymizeDaysOptions,
): Promise<AnonymizedDay[]> {
  const lock = await store.lock('write');
  let summariesLock: StoreLock | undefined;
  try {
    summariesLock = await store.lock(SUMMARIES_LOCK);
  } catch (error) {
    await lock.release();
    throw error;
  }
  await cleanAbandonedRuns(store.workDir);
  const runDir = path.join(store.workDir, runDirName());
  await fs.mkdir(runDir, { recursive: true });
  const connection = await openDuckDB({ tempDirectory: path.join(runDir, 'spill') });
  try {
    const privacy = await storePrivacy(store, options.now, options.countries);
    const done: AnonymizedDay[] = [];
    if (privacy) {
      registerPrivacyFunctions(connection, privacy.countries);
      for (const object of await store.list(CURATED_PREFIX)) {
        const day = dayOfCuratedKey(object.key);
        if (day === undefined) continue;
        const rows = curatedRowsSql(`read_parquet(${literal(await store.localPath(object.key, object))})`);
        const reader = await connection.runAndReadAll(rowsToAnonymizeSql(`${rows} day_rows`, privacy.bits));
        const changed = Number(reader.getRowObjectsJS()[0]?.n ?? 0);
        if (changed === 0) continue;
        options.log?.(`anonymising ${day}: ${changed} row(s)`);
        const { salt } = await daySalt(store, day, options.now);
        const target = path.join(runDir, `${day}.parquet`);
        await connection.run(
          `COPY (${privateRowsSql(`${rows} day_rows`, { ...privacy, salt })}) TO ${literal(target)} (FORMAT parquet, COMPRESSION zstd)`,
        );
        failpoint('anonymize-day');
        // The day's summary holds its addresses as they were: gone before the day is replaced.
        for (const summary of await store.list(summaryPrefix(day))) await store.delete(summary.key);
        await store.putFile(curatedKey(day), target, { move: true });
        done.push({ day, changed });
      }
    }
    const state = await readPrivacy(store);
    if (state.rewritePending) await writePrivacy(store, { ...state, rewritePending: false });
    return done;
  } finally {
    closeDuckDB(connection);
    await fs.rm(runDir, { recursive: true, force: true });
    await summariesLock.release();
    await lock.release();
  }
}
