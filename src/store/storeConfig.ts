import * as path from 'node:path';
import { UsageError } from '../util/errors.js';

/** Where the store is: a local folder, or a bucket and prefix. */
export type StoreConfig =
  | { readonly kind: 'local'; readonly root: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string };

/** The flags every command shares, as parsed (undefined when not given). */
export interface GlobalFlags {
  readonly 'data-dir'?: string;
  readonly store?: string;
}

/** The default local store folder, relative to the working directory. */
export const DEFAULT_DATA_DIR = './amplify-logs-data';

/**
 * Resolves where the store is, in one place. Precedence: `--store` or `--data-dir` (not both),
 * then `AMPLIFY_LOGS_DATA_DIR`, then the original recipe's `S3_BUCKET_NAME` (+ `S3_BUCKET_PREFIX`),
 * then `./amplify-logs-data`.
 */
export function resolveStore(flags: GlobalFlags, env: NodeJS.ProcessEnv, cwd: string): StoreConfig {
  if (flags.store !== undefined && flags['data-dir'] !== undefined) {
    throw new UsageError('give either --store or --data-dir, not both');
  }
  if (flags.store !== undefined) return parseStoreUrl(flags.store, cwd);
  if (flags['data-dir'] !== undefined) return local(flags['data-dir'], cwd, '--data-dir');
  if (env.AMPLIFY_LOGS_DATA_DIR) return local(env.AMPLIFY_LOGS_DATA_DIR, cwd, 'AMPLIFY_LOGS_DATA_DIR');
  if (env.S3_BUCKET_NAME) {
    return { kind: 's3', bucket: env.S3_BUCKET_NAME, prefix: normalizePrefix(env.S3_BUCKET_PREFIX ?? '') };
  }
  return { kind: 'local', root: path.resolve(cwd, DEFAULT_DATA_DIR) };
}

/** `s3://bucket/prefix` or a folder path (optionally `file://`). */
export function parseStoreUrl(url: string, cwd: string): StoreConfig {
  if (url.startsWith('s3://')) {
    const [bucket = '', ...rest] = url.slice('s3://'.length).split('/');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new UsageError(`--store ${url}: ${JSON.stringify(bucket)} is not a valid S3 bucket name`);
    }
    return { kind: 's3', bucket, prefix: normalizePrefix(rest.join('/')) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('file://')) {
    throw new UsageError(`--store ${url}: use s3://bucket/prefix or a folder path`);
  }
  return local(url.replace(/^file:\/\//, ''), cwd, '--store');
}

function local(dir: string, cwd: string, source: string): StoreConfig {
  if (dir.trim() === '') throw new UsageError(`${source} is empty: give a folder path`);
  return { kind: 'local', root: path.resolve(cwd, dir) };
}

/** `logs`, `/logs/`, `logs//` → `logs/`; empty stays empty. */
function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '').replace(/\/{2,}/g, '/');
  return trimmed === '' ? '' : `${trimmed}/`;
}

/** A human description of a store config. */
export function describeStore(config: StoreConfig): string {
  return config.kind === 'local' ? config.root : `s3://${config.bucket}/${config.prefix}`;
}
