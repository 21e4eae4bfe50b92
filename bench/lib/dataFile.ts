import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { writeAmplifyCsvFile } from '../../src/demo/sim/demoFiles.js';

/** The four weeks the benchmark files cover. */
const START = new Date('2026-10-01T00:00:00Z');
const END = new Date('2026-10-29T00:00:00Z');

/**
 * The benchmarks' Amplify CSV of `requests` simulated requests (seed 1, four weeks of October
 * 2026) in `dir`, generated once (about a minute for 2 million) and kept for the next run.
 */
export async function benchDataFile(dir: string, requests: number): Promise<string> {
  const file = path.join(dir, `amplify-${requests}.csv`);
  const exists = await fs.stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await fs.mkdir(dir, { recursive: true });
    const started = Date.now();
    const written = await writeAmplifyCsvFile(`${file}.partial`, {
      seed: 1,
      start: START,
      end: END,
      requests,
    });
    await fs.rename(`${file}.partial`, file);
    console.log(
      `generated ${file}: ${(written.bytes / 2 ** 20).toFixed(0)} MiB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return file;
}
