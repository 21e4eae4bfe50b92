import { CURATED_PREFIX, type Day, dayOfCuratedKey, partitionPath, REJECTED_PREFIX } from '../store/keys.js';
import type { LockOptions, Store, StoredObject, StoreLock } from '../store/Store.js';

/**
 * A read-only view of a store that shows only some days of the curated table and no rejected
 * lines, so an engine opened on it (`DuckDBEngine.open` lists and copies every day it sees) fetches
 * only the days a report reads: a daily report costs the same on day 1 and on day 1000.
 * Writes and locks throw: the view is for reading.
 */
export class DayScopedStore implements Store {
  readonly location: string;
  readonly workDir: string;
  private readonly days: ReadonlySet<Day>;

  constructor(
    private readonly store: Store,
    days: Iterable<Day>,
  ) {
    this.location = store.location;
    this.workDir = store.workDir;
    this.days = new Set(days);
  }

  probe(): Promise<void> {
    return this.store.probe();
  }

  exists(key: string): Promise<boolean> {
    return this.store.exists(key);
  }

  async list(prefix: string): Promise<StoredObject[]> {
    if (prefix.startsWith(REJECTED_PREFIX)) return [];
    if (!prefix.startsWith(CURATED_PREFIX)) return this.store.list(prefix);
    const days = [...this.days].sort();
    const lists = await Promise.all(
      days.map((day) => this.store.list(`${CURATED_PREFIX}${partitionPath(day)}/`)),
    );
    return lists
      .flat()
      .filter((o) => o.key.startsWith(prefix) && this.days.has(dayOfCuratedKey(o.key) ?? ''));
  }

  getBytes(key: string): Promise<Buffer | undefined> {
    return this.store.getBytes(key);
  }

  localPath(key: string, object?: StoredObject): Promise<string> {
    return this.store.localPath(key, object);
  }

  async putFile(key: string): Promise<void> {
    throw readOnly(key);
  }

  async putBytes(key: string): Promise<void> {
    throw readOnly(key);
  }

  async delete(key: string): Promise<void> {
    throw readOnly(key);
  }

  async lock(name: string, _options?: LockOptions): Promise<StoreLock> {
    throw readOnly(`state/${name}.lock`);
  }
}

function readOnly(key: string): Error {
  return new Error(`a day-scoped store is read-only: cannot write ${key}`);
}
