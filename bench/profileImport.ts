/**
 * Where an import's time goes: each stage of `import` run on its own, one after the other, in
 * this one process, with the CPU seconds it took (user + system of every thread, from
 * `process.cpuUsage`) and its wall seconds. Stages running alone cost what they cost; in a real
 * import some of them overlap on the two cores.
 *
 *   node --import tsx bench/profileImport.ts FILE [--store DIR]
 *
 * Stages: gzip copy (zlib level 1, as the raw copy), SHA-256 of the bytes, the text check (valid
 * UTF-8, no carriage returns), DuckDB staging (read, decode, partition by day), commit (duplicate
 * check and moving the day files into a fresh store).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
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
  stages.push(
    await timed('gzip copy alone (zlib level 1)', () => gzipCopy(file, path.join(work, 'copy.gz'))),
  );
  await fs.rm(path.join(work, 'copy.gz'));
  let prepared: Awaited<ReturnType<typeof prepareFile>> | undefined;
  stages.push(
    await timed('text check + gzip copy + SHA-256 (prepareFile, raw awaited)', async () => {
      prepared = await prepareFile(file, work, FAST_IMPORT.readChunkBytes);
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
  stages.push(
    await timed('DuckDB staging (read, decode, partition by day)', () =>
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

async function gzipCopy(file: string, target: string): Promise<void> {
  await pipeline(
    createReadStream(file, { highWaterMark: 1 << 20 }),
    createGzip({ level: 1, memLevel: 9, chunkSize: 1 << 20 }),
    createWriteStream(target),
  );
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
