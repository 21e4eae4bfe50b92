import {
  CURATED_PREFIX,
  dayOfCuratedKey,
  dayOfSummaryKey,
  RAW_PREFIX,
  REJECTED_PREFIX,
  SUMMARIES_LOCK,
  SUMMARIES_PREFIX,
} from '../store/keys.js';
import { expireSalts, type PrivacySettings, readPrivacy, retentionLimits } from '../store/privacy.js';
import type { Store, StoredObject, StoreLock } from '../store/Store.js';
import { failpoint } from '../util/failpoint.js';

/** One object prune deletes (or, in a dry run, would delete), and why. */
export interface PrunedObject {
  readonly key: string;
  readonly size: number;
  readonly reason: 'raw-days' | 'keep-months' | 'salt';
}

export interface PruneResult {
  readonly settings: PrivacySettings;
  readonly dryRun: boolean;
  readonly deleted: readonly PrunedObject[];
}

const COLLECTED_DAY = /^(?:raw|rejected)\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\//;

/**
 * Applies the store's retention settings now: raw files and rejected lines older than `rawDays`
 * (a collected window by the day in its key, an imported file by when it was stored), curated
 * days older than `keepMonths` (and their day summaries), and the visitor salts of days that can no longer receive rows.
 * Lists what it deletes; with `dryRun` deletes nothing. Runs under the store's write lock, one
 * object at a time: a run killed midway leaves the rest for the next run, and deletes nothing
 * the settings keep.
 */
export async function prune(store: Store, options: { now: Date; dryRun?: boolean }): Promise<PruneResult> {
  const dryRun = options.dryRun === true;
  const lock = await store.lock('write');
  let summariesLock: StoreLock | undefined;
  try {
    // Day summaries are not written meanwhile (src/report/summaries/): none of a day deleted here.
    summariesLock = await store.lock(SUMMARIES_LOCK);
    const settings = await readPrivacy(store);
    const limits = retentionLimits(settings, options.now);
    const doomed: PrunedObject[] = [];
    const add = (object: StoredObject, reason: PrunedObject['reason']) =>
      doomed.push({ key: object.key, size: object.size, reason });
    if (limits.curatedDaysBefore !== undefined) {
      const before = limits.curatedDaysBefore;
      for (const object of await store.list(CURATED_PREFIX)) {
        const day = dayOfCuratedKey(object.key);
        if (day !== undefined && day < before) add(object, 'keep-months');
      }
      for (const object of await store.list(SUMMARIES_PREFIX)) {
        const day = dayOfSummaryKey(object.key);
        if (day !== undefined && day < before) add(object, 'keep-months');
      }
    }
    if (limits.rawDaysBefore !== undefined && limits.rawStoredBefore !== undefined) {
      for (const prefix of [REJECTED_PREFIX, RAW_PREFIX]) {
        for (const object of await store.list(prefix)) {
          const match = COLLECTED_DAY.exec(object.key);
          const old = match
            ? `${match[1]}-${match[2]}-${match[3]}` < limits.rawDaysBefore
            : object.modified.getTime() < limits.rawStoredBefore.getTime();
          if (old) add(object, 'raw-days');
        }
      }
    }
    if (!dryRun) {
      for (const object of doomed) {
        failpoint('prune-delete');
        await store.delete(object.key);
      }
      const salts = await expireSalts(store, options.now);
      doomed.push(...salts.map((key) => ({ key, size: 0, reason: 'salt' as const })));
    }
    return { settings, dryRun, deleted: doomed };
  } finally {
    await summariesLock?.release();
    await lock.release();
  }
}
