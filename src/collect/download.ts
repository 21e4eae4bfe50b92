import { createReadStream, createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import { headerFields } from '../format/layout.js';

/** A download that cannot be used as it is: asking again may help. */
export class BrokenDownload extends Error {
  override name = 'BrokenDownload';
}

export type Fetch = typeof fetch;

/**
 * Downloads `url` into `target`, streaming, and checks what arrived: the status, the length
 * against `Content-Length` (a cut connection), gzip integrity when the body is gzip, and that the
 * text starts with an Amplify header (or is empty: an empty window). Throws BrokenDownload when
 * any check fails. Returns the size in bytes.
 */
export async function download(url: string, target: string, fetchImpl: Fetch = fetch): Promise<number> {
  const response = await fetchImpl(url).catch((error: unknown) => {
    throw new BrokenDownload(`the download failed: ${(error as Error).message}`);
  });
  if (!response.ok) throw new BrokenDownload(`the download answered HTTP ${response.status}`);
  const expected = response.headers.get('content-length');
  try {
    if (response.body)
      await pipeline(Readable.fromWeb(response.body as ReadableStream), createWriteStream(target));
    else await fs.writeFile(target, '');
  } catch (error) {
    throw new BrokenDownload(`the download was cut: ${(error as Error).message}`);
  }
  const { size } = await fs.stat(target);
  if (expected !== null && Number(expected) !== size) {
    throw new BrokenDownload(`the download was cut: ${size} of ${expected} bytes arrived`);
  }
  await checkContent(target, size);
  return size;
}

async function checkContent(file: string, size: number): Promise<void> {
  if (size === 0) return;
  const handle = await fs.open(file, 'r');
  const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
  await handle.close();
  const head = buffer.subarray(0, bytesRead);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    await pipeline(createReadStream(file), createGunzip(), new NullSink()).catch((error: unknown) => {
      throw new BrokenDownload(`the gzip data is damaged: ${(error as Error).message}`);
    });
    return;
  }
  const firstLine =
    head
      .toString('utf8')
      .split('\n')[0]
      ?.replace(/\r$/, '')
      .replace(/^\uFEFF/, '') ?? '';
  if (!headerFields(firstLine)) {
    throw new BrokenDownload('the download does not start with the access-log header');
  }
}

/** Discards what it is given: for reading a stream only to check it. */
class NullSink extends Writable {
  override _write(_chunk: unknown, _encoding: string, callback: () => void): void {
    callback();
  }
}
