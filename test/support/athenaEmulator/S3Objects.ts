import { createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** One object below a table's location. */
export interface S3Object {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
}

/** `s3://bucket/key` → its parts; throws on anything else. */
export function parseS3Url(url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match) throw new Error(`not an s3:// location: ${url}`);
  return { bucket: match[1] as string, key: match[2] as string };
}

/**
 * The emulator's view of S3, through the AWS SDK (DuckDB cannot reach S3 here): listings, and
 * local copies of objects kept in `cacheDir` by entity tag. A bucket that does not exist lists as
 * empty, as an empty table.
 */
export class S3Objects {
  constructor(
    private readonly client: S3Client,
    private readonly cacheDir: string,
  ) {}

  /** Every object whose key starts with the URL's key, in key order. */
  async list(url: string): Promise<S3Object[]> {
    const { bucket, key } = parseS3Url(url);
    const found: S3Object[] = [];
    let token: string | undefined;
    do {
      const page = await this.client
        .send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: key,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        )
        .catch((error: unknown) => {
          if ((error as { name?: string }).name === 'NoSuchBucket')
            return { Contents: [], IsTruncated: false };
          throw error;
        });
      for (const object of page.Contents ?? []) {
        if (object.Key)
          found.push({ bucket, key: object.Key, size: object.Size ?? 0, etag: object.ETag ?? '' });
      }
      token = page.IsTruncated
        ? (page as { NextContinuationToken?: string }).NextContinuationToken
        : undefined;
    } while (token);
    return found.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  /** A local file with the object's bytes (downloaded once per entity tag). */
  async localCopy(object: S3Object): Promise<string> {
    const file = path.join(this.cacheDir, object.bucket, ...object.key.split('/'));
    const tag = await fs.readFile(`${file}.etag`, 'utf8').catch(() => undefined);
    if (tag === object.etag) return file;
    await fs.mkdir(path.dirname(file), { recursive: true });
    const response = await this.client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
    await pipeline(response.Body as Readable, createWriteStream(file));
    await fs.writeFile(`${file}.etag`, object.etag);
    return file;
  }

  async put(url: string, file: string): Promise<void> {
    const { bucket, key } = parseS3Url(url);
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await fs.readFile(file) }));
  }
}
