/** One object in a store. Keys are `/`-separated relative paths such as `curated/year=2026/...`. */
export interface StoredObject {
  readonly key: string;
  readonly size: number;
  readonly modified: Date;
  /** The object's entity tag where the store has one (S3), to validate local copies. */
  readonly etag?: string;
}

/** Whether two listings name the same version of an object: same key, size, time and entity tag. */
export function sameVersion(a: StoredObject, b: StoredObject): boolean {
  return (
    a.key === b.key && a.size === b.size && a.modified.getTime() === b.modified.getTime() && a.etag === b.etag
  );
}

/** A held lock; `release` is safe to call more than once. */
export interface StoreLock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for a lock another process holds before failing. Default 10 minutes. */
  waitMs?: number;
  /** A lock older than this is considered abandoned by a crashed process. Default 1 hour. */
  staleMs?: number;
}

/**
 * The store port: where raw, curated, rejected and state objects live. Every write is atomic: a
 * reader sees the old object or the new one, never a part. Adapters: `LocalStore` (a folder) and
 * `S3Store` (a bucket and prefix).
 */
export interface Store {
  /** Where the store is, for messages: an absolute folder path or `s3://bucket/prefix`. */
  readonly location: string;
  /** A local scratch folder for this store's work files (same file system as a local store). */
  readonly workDir: string;
  /** Throws a StoreError saying what is wrong when the store cannot be reached (missing bucket, no access). */
  probe(): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix: string): Promise<StoredObject[]>;
  /** Stores a local file under `key`, atomically. With `move`, the local file may be consumed. */
  putFile(key: string, localPath: string, options?: { move?: boolean }): Promise<void>;
  /**
   * Called once a work file that `putFile` will move in later is complete, so the store can do
   * ahead, while other work goes on, what the move would wait for (a local store flushes it to
   * disk). Optional: a store with nothing to do ahead leaves it out.
   */
  flushAhead?(localPath: string): Promise<void>;
  putBytes(key: string, body: Uint8Array | string): Promise<void>;
  /** The object's bytes, or undefined when there is no such object. */
  getBytes(key: string): Promise<Buffer | undefined>;
  /**
   * A local file holding the object's bytes: the file itself for a local store, a cached copy
   * otherwise (downloaded when missing or stale; pass the object from `list` to spare a lookup).
   */
  localPath(key: string, object?: StoredObject): Promise<string>;
  delete(key: string): Promise<void>;
  /** Takes the store-wide lock `name`, waiting while another process holds it. */
  lock(name: string, options?: LockOptions): Promise<StoreLock>;
}
