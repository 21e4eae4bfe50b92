import { randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { StoreError } from '../util/errors.js';
import { processRuns } from '../util/processRuns.js';
import { heldLock } from './heldLock.js';
import { assertKey } from './keys.js';
import type { LockOptions, Store, StoredObject, StoreLock } from './Store.js';

const TMP_SUFFIX = '.partial';

/**
 * A store in a local folder. Objects are files under the root; a write goes to a temporary file in
 * the target folder, is flushed to disk and renamed over the target, so it is atomic. Temporary
 * files end in `.partial` and are never listed.
 */
export class LocalStore implements Store {
  readonly location: string;
  readonly workDir: string;

  constructor(root: string) {
    this.location = path.resolve(root);
    this.workDir = path.join(this.location, 'tmp');
  }

  private pathOf(key: string): string {
    assertKey(key);
    return path.join(this.location, ...key.split('/'));
  }

  async probe(): Promise<void> {
    const stat = await fs.stat(this.location).catch(() => undefined);
    if (stat && !stat.isDirectory()) {
      throw new StoreError(
        `the store ${this.location} is a file, not a folder`,
        'Choose a folder with --data-dir DIR.',
      );
    }
  }

  async exists(key: string): Promise<boolean> {
    return fileExists(this.pathOf(key));
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const slash = prefix.lastIndexOf('/');
    const dirKey = slash < 0 ? '' : prefix.slice(0, slash);
    const start = dirKey === '' ? this.location : this.pathOf(dirKey);
    const found: StoredObject[] = [];
    await walk(start, async (file) => {
      const key = path.relative(this.location, file).split(path.sep).join('/');
      if (!key.startsWith(prefix) || key.endsWith(TMP_SUFFIX)) return;
      const stat = await fs.stat(file);
      found.push({ key, size: stat.size, modified: stat.mtime });
    });
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async putFile(key: string, localPath: string, options: { move?: boolean } = {}): Promise<void> {
    const target = this.pathOf(key);
    await this.mkdirFor(target);
    if (options.move) {
      await flushFile(localPath);
      try {
        await fs.rename(localPath, target);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw this.writeError(key, error);
      }
    }
    const temp = tempPathFor(target);
    try {
      await pipeline(createReadStream(localPath), createWriteStream(temp, { flags: 'wx' }));
      await commitTemp(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw this.writeError(key, error);
    }
    if (options.move) await fs.rm(localPath, { force: true });
  }

  /** Flushes the file now, so that the flush before its rename in `putFile` finds nothing left to write. */
  async flushAhead(localPath: string): Promise<void> {
    try {
      await flushFile(localPath);
    } catch (error) {
      throw this.writeError(path.relative(this.location, localPath), error);
    }
  }

  async putBytes(key: string, body: Uint8Array | string): Promise<void> {
    const target = this.pathOf(key);
    await this.mkdirFor(target);
    const temp = tempPathFor(target);
    try {
      await fs.writeFile(temp, body, { flag: 'wx' });
      await commitTemp(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw this.writeError(key, error);
    }
  }

  async getBytes(key: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StoreError(`cannot read ${key} in ${this.location}: ${(error as Error).message}`);
    }
  }

  async localPath(key: string): Promise<string> {
    return this.pathOf(key);
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async lock(name: string, options: LockOptions = {}): Promise<StoreLock> {
    const file = this.pathOf(`state/${name}.lock`);
    await this.mkdirFor(file);
    return acquireFileLock(file, options.waitMs ?? 600_000, options.staleMs ?? 3_600_000);
  }

  private async mkdirFor(file: string): Promise<void> {
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
    } catch (error) {
      throw this.writeError(path.relative(this.location, file), error);
    }
  }

  private writeError(key: string, error: unknown): StoreError {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EROFS'
          ? 'read-only file system'
          : code === 'ENOSPC'
            ? 'no space left on the device'
            : code === 'ENOTDIR' || code === 'EEXIST'
              ? 'a file stands where a folder is needed'
              : (error as Error).message;
    return new StoreError(
      `cannot write ${key} in the store ${this.location}: ${reason}`,
      'Choose a writable folder with --data-dir DIR (or AMPLIFY_LOGS_DATA_DIR).',
      { cause: error },
    );
  }
}

function tempPathFor(target: string): string {
  return `${target}.${randomBytes(6).toString('hex')}${TMP_SUFFIX}`;
}

async function commitTemp(temp: string, target: string): Promise<void> {
  await flushFile(temp);
  await fs.rename(temp, target);
}

/** Flushes a file's data to disk (`fsync`), so that a rename after it survives a power cut. */
async function flushFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.access(file, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

async function walk(dir: string, visit: (file: string) => Promise<void>): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, visit);
    else if (entry.isFile()) await visit(full);
  }
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/**
 * An exclusive lock file created with O_EXCL. A lock left by a process that no longer runs on this
 * host, or not refreshed for `staleMs`, is taken over. While held, the file's time is refreshed.
 */
async function acquireFileLock(file: string, waitMs: number, staleMs: number): Promise<StoreLock> {
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await fs.writeFile(file, JSON.stringify(me), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(file);
    if (await isAbandoned(file, owner, staleMs)) {
      await fs.rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new StoreError(
        `the store is locked by process ${owner?.pid ?? '?'} on ${owner?.host ?? '?'} since ${owner?.since ?? '?'}`,
        `Another import or collect is writing to this store. Wait for it, or delete ${file} if no such process runs.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
  }
  const touch = async () => {
    const now = new Date();
    await fs.utimes(file, now, now);
  };
  return heldLock(touch, staleMs / 3, async () => {
    const owner = await readOwner(file);
    if (owner?.pid === me.pid && owner.host === me.host && owner.since === me.since) {
      await fs.rm(file, { force: true });
    }
  });
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

async function isAbandoned(file: string, owner: LockOwner | undefined, staleMs: number): Promise<boolean> {
  if (owner && owner.host === hostname() && !processRuns(owner.pid)) return true;
  try {
    const stat = await fs.stat(file);
    return Date.now() - stat.mtimeMs > staleMs;
  } catch {
    return false;
  }
}
