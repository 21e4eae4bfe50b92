import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { StoreError } from '../util/errors.js';
import { assertKey } from './keys.js';
import { acquireS3Lock } from './S3Lock.js';
import type { LockOptions, Store, StoredObject, StoreLock } from './Store.js';
import { createS3Client } from './s3Client.js';
import { describeS3Error, isNotFound } from './s3Errors.js';

export interface S3StoreOptions {
  readonly bucket: string;
  /** Key prefix, empty or ending in `/`. */
  readonly prefix: string;
  /** Default: a client on the SDK's standard chain (see createS3Client). */
  readonly client?: S3Client;
  /** Local folder for cached copies and scratch files. Default: `<os tmp>/amplify-logs-s3/<bucket>-<hash of prefix>`. */
  readonly localDir?: string;
}

/**
 * Files larger than this go up in parts (multipart upload), 16 MiB at a time. Smaller ones go up
 * from memory, which lets the SDK retry them (it never retries a streamed body).
 */
const MULTIPART_FROM = 16 * 1024 * 1024;

/**
 * A store in an S3 bucket under a prefix, through the AWS SDK v3, with the local store's key
 * layout. An S3 PUT replaces an object atomically; large files go up as multipart uploads.
 * DuckDB cannot reach S3 here, so `localPath` keeps local copies, validated by entity tag.
 * The lock is an object written with S3's conditional writes.
 */
export class S3Store implements Store {
  readonly location: string;
  readonly workDir: string;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly client: S3Client;
  private readonly cacheDir: string;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    this.location = `s3://${options.bucket}/${options.prefix}`;
    this.client = options.client ?? createS3Client();
    const local =
      options.localDir ??
      path.join(
        os.tmpdir(),
        'amplify-logs-s3',
        `${options.bucket}-${createHash('sha256').update(options.prefix).digest('hex').slice(0, 12)}`,
      );
    this.workDir = path.join(local, 'tmp');
    this.cacheDir = path.join(local, 'cache');
  }

  private objectKey(key: string): string {
    assertKey(key);
    return `${this.prefix}${key}`;
  }

  async probe(): Promise<void> {
    await this.client
      .send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, MaxKeys: 1 }))
      .catch((error: unknown) => {
        throw this.error('read', '', error);
      });
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== undefined;
  }

  private async head(key: string): Promise<{ etag: string; size: number } | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      return { etag: head.ETag ?? '', size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw this.error('read', key, error);
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const found: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.client
        .send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: `${this.prefix}${prefix}`,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        )
        .catch((error: unknown) => {
          throw this.error('list', prefix, error);
        });
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        found.push({
          key: object.Key.slice(this.prefix.length),
          size: object.Size ?? 0,
          modified: object.LastModified ?? new Date(0),
          ...(object.ETag ? { etag: object.ETag } : {}),
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async putFile(key: string, localPath: string, options: { move?: boolean } = {}): Promise<void> {
    const { size } = await fs.stat(localPath);
    const params = { Bucket: this.bucket, Key: this.objectKey(key) };
    try {
      if (size > MULTIPART_FROM) {
        const upload = new Upload({
          client: this.client,
          params: { ...params, Body: createReadStream(localPath) },
          partSize: MULTIPART_FROM,
          queueSize: 2,
        });
        await upload.done();
      } else {
        await this.client.send(new PutObjectCommand({ ...params, Body: await fs.readFile(localPath) }));
      }
    } catch (error) {
      throw this.error('write', key, error);
    }
    if (options.move) await fs.rm(localPath, { force: true });
  }

  async putBytes(key: string, body: Uint8Array | string): Promise<void> {
    await this.client
      .send(new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: body }))
      .catch((error: unknown) => {
        throw this.error('write', key, error);
      });
  }

  async getBytes(key: string): Promise<Buffer | undefined> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw this.error('read', key, error);
    }
  }

  async localPath(key: string, object?: StoredObject): Promise<string> {
    const file = path.join(this.cacheDir, ...key.split('/'));
    const current = object?.etag ? { etag: object.etag, size: object.size } : await this.head(key);
    if (!current) throw new StoreError(`${this.location}${key} does not exist`);
    const cachedTag = await fs.readFile(`${file}.etag`, 'utf8').catch(() => undefined);
    const cachedSize = await fs.stat(file).then(
      (stat) => stat.size,
      () => -1,
    );
    if (cachedTag === current.etag && cachedSize === current.size) return file;
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${randomBytes(6).toString('hex')}.partial`;
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), IfMatch: current.etag }),
      );
      await pipeline(response.Body as Readable, createWriteStream(temp));
      await fs.rename(temp, file);
      await fs.writeFile(`${file}.etag`, response.ETag ?? current.etag);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw this.error('read', key, error);
    }
    return file;
  }

  async delete(key: string): Promise<void> {
    await this.client
      .send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }))
      .catch((error: unknown) => {
        throw this.error('write', key, error);
      });
  }

  async lock(name: string, options: LockOptions = {}): Promise<StoreLock> {
    return acquireS3Lock(this.client, this.bucket, this.objectKey(`state/${name}.lock`), {
      waitMs: options.waitMs ?? 600_000,
      staleMs: options.staleMs ?? 600_000,
      describe: this.location,
    });
  }

  private error(action: 'read' | 'write' | 'list', key: string, error: unknown): StoreError {
    return describeS3Error(action, `${this.location}${key}`, error);
  }
}
