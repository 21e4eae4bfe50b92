import { isUtf8 } from 'node:buffer';
import { createHash, type Hash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Transform, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createBrotliCompress, createGunzip, createGzip, constants as zlibConstants } from 'node:zlib';
import { InputError } from '../util/errors.js';

/** Bytes read at a time by default: large reads keep the passes over a big file cheap. */
const CHUNK = 1 << 20;
const HEAD_BYTES = 256 * 1024;

/** The copy of an input kept in `raw/`, and the identity of its content. */
export interface RawCopy {
  /** The compressed file to keep: the input itself when it was gzip, else a compressed copy in the work folder. */
  readonly file: string;
  readonly isWorkFile: boolean;
  /** How `file` is compressed, as a file extension. */
  readonly extension: 'gz' | 'br';
  /** SHA-256 of the (decompressed) content: the file's identity in the store. */
  readonly sha256: string;
}

/** One input file, checked and ready to read. */
export interface PreparedFile {
  /** The path the user gave. */
  readonly source: string;
  /** Size of the (decompressed) content in bytes. */
  readonly size: number;
  /** The plain text to read lines from: the input itself when it was plain, else a decompressed copy. */
  readonly textFile: string;
  readonly textIsWorkFile: boolean;
  /**
   * Valid UTF-8 with `\n` line ends only, so the fast reader can take it as it is. For a plain
   * input it is known once the background pass over the file ends (the caller may start reading
   * meanwhile, and must drop what it read if the answer is no).
   */
  readonly clean: Promise<boolean>;
  /** The first lines of the text (for layout detection). */
  readonly head: string[];
  /** Set when the gzip stream broke: the text holds everything before the break. */
  readonly damage?: string;
  /**
   * The raw copy. For a plain input it is compressed in the background, in the same single pass
   * over the file that hashes and checks it, while the caller reads the text, so the caller must
   * always await it (and remove a work file it does not keep).
   */
  readonly raw: Promise<RawCopy>;
}

/** What a pass over the text learns: identity, size, whether it is clean, its first lines. */
class TextInspector {
  private readonly hash: Hash | undefined;
  private readonly headChunks: Buffer[] = [];
  private headBytes = 0;
  private pending: Buffer = Buffer.alloc(0);
  size = 0;
  utf8 = true;
  carriageReturn = false;

  constructor(hashing: boolean) {
    this.hash = hashing ? createHash('sha256') : undefined;
  }

  update(chunk: Buffer): void {
    this.hash?.update(chunk);
    this.size += chunk.length;
    if (this.headBytes < HEAD_BYTES) {
      this.headChunks.push(Buffer.from(chunk.subarray(0, HEAD_BYTES - this.headBytes)));
      this.headBytes += Math.min(chunk.length, HEAD_BYTES - this.headBytes);
    }
    if (!this.carriageReturn && chunk.indexOf(13) >= 0) this.carriageReturn = true;
    if (this.utf8) this.checkUtf8(chunk);
  }

  /** Checks UTF-8 validity across chunk boundaries by carrying an incomplete trailing sequence. */
  private checkUtf8(chunk: Buffer): void {
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const complete = completeUtf8Prefix(data);
    if (!isUtf8(data.subarray(0, complete))) this.utf8 = false;
    this.pending = Buffer.from(data.subarray(complete));
    if (this.pending.length > 3) this.utf8 = false;
  }

  finish(): { sha256: string; head: string[]; clean: boolean } {
    if (this.pending.length > 0) this.utf8 = false;
    const head = Buffer.concat(this.headChunks);
    return {
      sha256: this.hash?.digest('hex') ?? '',
      head: headLines(head, this.headBytes >= HEAD_BYTES),
      clean: this.utf8 && !this.carriageReturn && !head.toString('utf8').startsWith('\uFEFF'),
    };
  }
}

/** The lines of a file's first bytes, without line ends or BOM; a line cut by `truncated` is left out. */
function headLines(head: Buffer, truncated: boolean): string[] {
  const lines = head.toString('utf8').split('\n');
  if (truncated) lines.pop();
  return lines.map((line) => line.replace(/\r$/, '').replace(/^\uFEFF/, ''));
}

/** The first lines of a file, from one read of its first bytes. */
async function readHead(source: string): Promise<string[]> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(source, 'r');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    return headLines(buffer.subarray(0, bytesRead), bytesRead >= HEAD_BYTES);
  } catch (error) {
    throw readError(source, error);
  } finally {
    await handle?.close();
  }
}

/** Length of the longest prefix of `data` that does not end inside a multi-byte UTF-8 sequence. */
function completeUtf8Prefix(data: Buffer): number {
  let index = data.length - 1;
  let continuation = 0;
  while (index >= 0 && continuation < 3 && ((data[index] as number) & 0xc0) === 0x80) {
    index--;
    continuation++;
  }
  if (index < 0) return data.length;
  const lead = data[index] as number;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return data.length - index < needed ? index : data.length;
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

async function writeChunk(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
}

/**
 * Prepares an input file for import, streaming: checks that its text is clean UTF-8 with `\n`
 * line ends and keeps its first lines. A gzip input is decompressed into `workDir` (and hashed on
 * the way); a plain input is read once, in the background, to be hashed, checked (`clean`) and
 * compressed (`codec`, default gzip, on the thread pool: the raw copy is written once and read
 * rarely) into `workDir` (`raw`), while the caller reads its lines. A gzip stream that breaks keeps
 * everything before the break and says so in `damage`. Throws InputError when the file cannot be
 * read at all.
 */
export async function prepareFile(
  source: string,
  workDir: string,
  chunkBytes = CHUNK,
  codec: RawCodec = 'gzip',
): Promise<PreparedFile> {
  await assertReadableFile(source);
  await fs.mkdir(workDir, { recursive: true });
  const base = path.join(workDir, randomUUID());
  if (await isGzip(source)) {
    const textFile = `${base}.txt`;
    const { inspector, damage } = await gunzipTo(source, textFile);
    const { sha256, head, clean } = inspector.finish();
    return {
      source,
      size: inspector.size,
      textFile,
      textIsWorkFile: true,
      clean: Promise.resolve(clean),
      head,
      ...(damage === undefined ? {} : { damage }),
      raw: Promise.resolve({ file: source, isWorkFile: false, extension: 'gz', sha256 }),
    };
  }
  const head = await readHead(source);
  const { size } = await fs.stat(source);
  const rawFile = `${base}.${rawExtension(codec)}`;
  const inspector = new TextInspector(true);
  const pass = compressTo(source, rawFile, chunkBytes, codec, inspector).then(() => inspector.finish());
  pass.catch(() => {});
  return {
    source,
    size,
    textFile: source,
    textIsWorkFile: false,
    clean: pass.then((inspected) => inspected.clean),
    head,
    raw: pass.then(({ sha256 }) => ({
      file: rawFile,
      isWorkFile: true,
      extension: rawExtension(codec),
      sha256,
    })),
  };
}

/**
 * The file's bytes, a chunk at a time, read into two buffers used in turn: a pass over a large
 * file allocates nothing, so it leaves no garbage behind (Node's read streams allocate every chunk
 * afresh, and a gigabyte of dead chunks is freed only when the collector next runs, which an idle
 * process awaiting DuckDB does not do). A chunk is valid until the next one after it is asked for.
 */
async function* readChunks(source: string, chunkBytes: number): AsyncGenerator<Buffer> {
  const handle = await fs.open(source, 'r');
  try {
    const buffers = [Buffer.allocUnsafeSlow(chunkBytes), Buffer.allocUnsafeSlow(chunkBytes)];
    for (let turn = 0; ; turn++) {
      const buffer = buffers[turn % 2] as Buffer;
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * How a plain input's raw copy is compressed. `gzip` (zlib level 1) for collected windows, which
 * Athena reads as text by their `.gz` extension; `brotli` (quality 0) for imported files, which only
 * this tool reads back: as small as gzip level 1 on log text, at less than half its CPU time.
 */
export type RawCodec = 'gzip' | 'brotli';

/** The file extension of a raw copy compressed with `codec`. */
export function rawExtension(codec: RawCodec): 'gz' | 'br' {
  return codec === 'gzip' ? 'gz' : 'br';
}

function compressor(codec: RawCodec, chunkBytes: number, size: number): Transform {
  if (codec === 'gzip') {
    // memLevel 9 (256 KB more than the default 8) deflates log text about a tenth faster.
    return createGzip({ level: 1, memLevel: 9, chunkSize: chunkBytes });
  }
  return createBrotliCompress({
    chunkSize: chunkBytes,
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: 0,
      [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: Math.min(size, 2 ** 30),
    },
  });
}

/**
 * Compresses a plain file into `target` in one pass that also feeds `inspector` (hash, UTF-8 and
 * line-end check).
 */
async function compressTo(
  source: string,
  target: string,
  chunkBytes: number,
  codec: RawCodec,
  inspector: TextInspector,
): Promise<void> {
  const { size } = await fs.stat(source);
  const zip = compressor(codec, chunkBytes, size);
  const out = zip.pipe(createWriteStream(target));
  try {
    // readChunks reuses a buffer two chunks later, so each chunk must be consumed by the
    // compressor before the chunk after next is read: wait for the write before last.
    let previous: Promise<void> = Promise.resolve();
    for await (const chunk of readChunks(source, chunkBytes)) {
      inspector.update(chunk);
      await previous;
      previous = consumed(zip, chunk);
      // Awaited on the next turn; until then a failed write must not count as unhandled.
      previous.catch(() => {});
    }
    await previous;
    zip.end();
    await finished(out);
  } catch (error) {
    zip.destroy();
    out.destroy();
    await fs.rm(target, { force: true });
    throw readError(source, error);
  }
}

/** Writes a chunk and resolves once the stream has consumed it (so its buffer may be reused). */
function consumed(stream: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

const GZIP_READ = 64 * 1024;

/**
 * Decompresses into `target`, filling an inspector; returns a description of the damage when the
 * stream ends badly. A stream cut short keeps everything before the cut (deflate output before
 * the cut is exact). Junk after a complete gzip member is ignored: zlib drops the output of the
 * call that meets the junk, so the file is decompressed again with the bytes around that point
 * fed one at a time, which loses nothing. Data that fails deflate's or gzip's own checks inside a
 * member cannot be trusted at all (deflate goes on producing plausible text from damaged data),
 * so such a file is refused with an InputError.
 */
async function gunzipTo(
  source: string,
  target: string,
): Promise<{ inspector: TextInspector; damage?: string }> {
  const first = await decompress(source, target, Number.POSITIVE_INFINITY);
  if (!first.error) return { inspector: first.inspector };
  const code = (first.error as NodeJS.ErrnoException).code;
  const message = (first.error as Error).message;
  if (code === 'Z_BUF_ERROR') {
    return {
      inspector: first.inspector,
      damage: `the gzip data is cut short (the file is truncated) after ${first.inspector.size} bytes of text`,
    };
  }
  if (first.inspector.size > 0 && /incorrect header check|unknown compression method/.test(message)) {
    const second = await decompress(source, target, Math.max(0, first.consumed - GZIP_READ));
    return {
      inspector: second.inspector,
      damage: `junk after the end of the gzip data was ignored (${message})`,
    };
  }
  throw new InputError(
    `${source} is corrupt: its gzip data fails its integrity check (${message}), so none of it can be trusted`,
    'Download the file again.',
  );
}

/** One decompression pass; compressed bytes from offset `slowFrom` on are fed one at a time. */
async function decompress(
  source: string,
  target: string,
  slowFrom: number,
): Promise<{ inspector: TextInspector; error?: unknown; consumed: number }> {
  const inspector = new TextInspector(true);
  const out: WriteStream = createWriteStream(target);
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const feeding = feed(source, gunzip, slowFrom).catch(() => {});
  let error: unknown;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      inspector.update(chunk);
      await writeChunk(out, chunk);
    }
  } catch (caught) {
    error = caught;
  }
  await feeding;
  out.end();
  await finished(out);
  return { inspector, consumed: gunzip.bytesWritten, ...(error === undefined ? {} : { error }) };
}

async function feed(source: string, gunzip: Writable, slowFrom: number): Promise<void> {
  let offset = 0;
  for await (const chunk of createReadStream(source, { highWaterMark: GZIP_READ }) as AsyncIterable<Buffer>) {
    const fast = Math.max(0, Math.min(chunk.length, slowFrom - offset));
    const pieces = [chunk.subarray(0, fast)];
    for (let i = fast; i < chunk.length; i++) pieces.push(chunk.subarray(i, i + 1));
    for (const piece of pieces) {
      if (gunzip.destroyed) return;
      if (piece.length > 0 && !gunzip.write(piece)) await once(gunzip, 'drain');
    }
    offset += chunk.length;
  }
  gunzip.end();
}

async function assertReadableFile(source: string): Promise<void> {
  let stat: import('node:fs').Stats;
  try {
    stat = await fs.stat(source);
  } catch (error) {
    throw readError(source, error);
  }
  if (!stat.isFile()) throw new InputError(`${source} is not a regular file`);
}

function readError(source: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : (error as Error).message;
  return new InputError(`cannot read ${source}: ${reason}`, undefined, { cause: error });
}
