import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { StoreError } from '../util/errors.js';
import { heldLock } from './heldLock.js';
import type { StoreLock } from './Store.js';
import { describeS3Error, isNotFound, isPreconditionFailed } from './s3Errors.js';

interface LockBody {
  token: string;
  host: string;
  pid: number;
  since: string;
  expires: string;
}

export interface S3LockOptions {
  readonly waitMs: number;
  /** A lock not refreshed for this long is taken over; the holder refreshes it every third of it. */
  readonly staleMs: number;
  /** The store, for messages. */
  readonly describe: string;
}

/**
 * A lock held as one S3 object, with S3's conditional writes: it is created with
 * `If-None-Match: *` (only one creator wins), refreshed and released with `If-Match` on its own
 * entity tag, and an expired lock is taken over with `If-Match` on the expired one's tag (only one
 * taker wins). A crashed holder's lock expires after `staleMs`.
 */
export async function acquireS3Lock(
  client: S3Client,
  bucket: string,
  key: string,
  options: S3LockOptions,
): Promise<StoreLock> {
  const token = randomUUID();
  const since = new Date().toISOString();
  const body = (): string =>
    JSON.stringify({
      token,
      host: hostname(),
      pid: process.pid,
      since,
      expires: new Date(Date.now() + options.staleMs).toISOString(),
    } satisfies LockBody);
  const put = async (condition: { IfNoneMatch: string } | { IfMatch: string }) =>
    (await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body(), ...condition })))
      .ETag ?? '';
  const deadline = Date.now() + options.waitMs;
  let etag: string | undefined;
  while (etag === undefined) {
    try {
      etag = await put({ IfNoneMatch: '*' });
      break;
    } catch (error) {
      if (!isPreconditionFailed(error)) throw describeS3Error('lock', options.describe, error);
    }
    const holder = await readLock(client, bucket, key);
    if (holder && Date.parse(holder.body.expires) < Date.now()) {
      etag = await put({ IfMatch: holder.etag }).catch((error: unknown) => {
        if (isPreconditionFailed(error)) return undefined;
        throw error;
      });
      continue;
    }
    if (Date.now() > deadline) {
      const who = holder
        ? `process ${holder.body.pid} on ${holder.body.host} since ${holder.body.since}`
        : 'another process';
      throw new StoreError(
        `the store ${options.describe} is locked by ${who}`,
        `Another import or collect is writing to this store. Wait for it; a crashed holder's lock expires after ${Math.round(options.staleMs / 60_000)} minutes.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 400));
  }
  let held = etag;
  const refresh = async () => {
    held = await put({ IfMatch: held });
  };
  return heldLock(refresh, options.staleMs / 3, async () => {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, IfMatch: held })).catch(() => {});
  });
}

async function readLock(
  client: S3Client,
  bucket: string,
  key: string,
): Promise<{ etag: string; body: LockBody } | undefined> {
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await object.Body?.transformToString()) ?? '{}';
    return { etag: object.ETag ?? '', body: JSON.parse(text) as LockBody };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
