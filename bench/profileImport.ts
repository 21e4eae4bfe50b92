/**
 * Where an import's time goes: each stage of `import` run on its own, one after the other, in
 * this one process, with the CPU seconds it took (user + system of every thread, from
 * `process.cpuUsage`) and its wall seconds. Stages running alone cost what they cost; in a real
 * import some of them overlap on the two cores.
 *
 *   node --import tsx bench/profileImport.ts FILE [--store DIR]
 *
 * Stages: SHA-256 of the bytes; the text check alone (a second read of the file, before); the raw copy alone, gzip level 1 (what imports wrote before, and
 * collected windows still do) and brotli quality 0 (what imports write now); the one pass an import
 * makes over a plain file (hash, UTF-8 and line-end check, brotli copy); DuckDB staging (read,
 * decode, partition by day) as before (every user agent decoded on its row, 8 MB CSV buffers) and
 * with FAST_IMPORT (agents decoded ahead, 4 MB buffers); commit (duplicate check, day files moved
 * into a fresh store).
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createBrotliCompress, createGzip, constants as zlibConstants } from 'node:zlib';
import { detectLayout } from '../src/format/layout.js';
import { commitDays } from '../src/ingest/commitDays.js';
import { FAST_IMPORT } from '../src/ingest/importProfile.js';
import { prepareFile } from '../src/ingest/prepareFile.js';
import { stageSection } from '../src/ingest/stageSection.js';
import { closeDuckDB, openDuckDB } from '../src/sql/duckdb.js';
import { LocalStore } from '../src/store/LocalStore.js';
import { table } from './lib/measure.js';

interface Stage {
  readonly name: string;
  readonly cpu: number;
  readonly wall: number;
}

async function timed(name: string, work: () => Promise<unknown>): Promise<Stage> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { name, cpu: (used.user + used.system) / 1e6, wall: (performance.now() - wall) / 1000 };
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { store: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: profileImport.ts FILE [--store DIR]');
  const root = values.store ?? path.join(path.dirname(file), 'profile-store');
  await fs.rm(root, { recursive: true, force: true });
  const store = new LocalStore(root);
  const work = path.join(root, 'tmp', 'profile');
  await fs.mkdir(work, { recursive: true });
  const stages: Stage[] = [];

  stages.push(await timed('SHA-256 of the bytes', () => sha256(file)));
  stages.push(await timed('text check alone (a second read, as before)', () => textCheck(file)));
  const copy = path.join(work, 'copy');
  stages.push(await timed('raw copy alone: gzip level 1', () => compressCopy(file, copy, createGzip(GZIP))));
  stages.push(
    await timed('raw copy alone: brotli quality 0', () =>
      compressCopy(file, copy, createBrotliCompress(BROTLI)),
    ),
  );
  await fs.rm(copy);
  let prepared: Awaited<ReturnType<typeof prepareFile>> | undefined;
  stages.push(
    await timed('one pass: SHA-256 + text check + brotli copy', async () => {
      prepared = await prepareFile(file, work, FAST_IMPORT.readChunkBytes, 'brotli');
      await prepared.raw;
    }),
  );
  if (!prepared) throw new Error('not prepared');
  const layout = detectLayout(prepared.head, file);
  if (!layout) throw new Error('no layout');
  const connection = await openDuckDB({
    memoryLimit: FAST_IMPORT.memoryLimit,
    tempDirectory: path.join(work, 'spill'),
  });
  await connection.run(`SET partitioned_write_flush_threshold = ${FAST_IMPORT.flushRows}`);
  const staging = path.join(work, 'staging');
  const before = { ...FAST_IMPORT, agentSampleRows: 0, csvBufferBytes: 8 * 1024 * 1024 };
  stages.push(
    await timed('DuckDB staging, every user agent decoded on its row, 8 MB CSV buffers (before)', () =>
      stageSection(connection, { file, layout, firstLine: 1 }, path.join(staging, 'x'), '2100-01-01', before),
    ),
  );
  await fs.rm(staging, { recursive: true, force: true });
  stages.push(
    await timed(
      'DuckDB staging, user agents decoded ahead, 4 MB CSV buffers (read, decode, partition by day)',
      () =>
        stageSection(
          connection,
          { file, layout, firstLine: 1 },
          path.join(staging, '0'),
          '2100-01-01',
          FAST_IMPORT,
        ),
    ),
  );
  stages.push(
    await timed('commit (duplicate check, day files moved in)', () =>
      commitDays(connection, store, staging, work),
    ),
  );
  closeDuckDB(connection);
  await fs.rm(root, { recursive: true, force: true });
  console.log(
    table(
      ['stage', 'CPU s', 'wall s'],
      stages.map((s) => [s.name, s.cpu.toFixed(2), s.wall.toFixed(2)]),
    ),
  );
}

const GZIP = { level: 1, memLevel: 9, chunkSize: 1 << 20 };
const BROTLI = {
  chunkSize: 1 << 20,
  params: {
    [zlibConstants.BROTLI_PARAM_QUALITY]: 0,
    [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
  },
};

async function compressCopy(file: string, target: string, compressor: Transform): Promise<void> {
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), compressor, createWriteStream(target));
}

/** What the separate check pass did before: valid UTF-8 (per chunk; exact enough here), no carriage return. */
async function textCheck(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  const buffer = Buffer.allocUnsafeSlow(1 << 20);
  let clean = true;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      clean &&= isUtf8(chunk) && chunk.indexOf(13) < 0;
    }
  } finally {
    await handle.close();
  }
  return clean;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await fs.open(file, 'r');
  const buffer = Buffer.allocUnsafeSlow(1 << 20);
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

await main();
