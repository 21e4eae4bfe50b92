import * as v8 from 'node:v8';

/** Commands that put memory before speed: a collect window of any size must stay small. */
const MEMORY_FIRST: ReadonlySet<string> = new Set(['collect']);

/**
 * Keeps V8's young generation at its starting size (1 MB semi-spaces) for a memory-first command.
 * V8 grows it to two 16 MB semi-spaces while modules load and downloads stream through, and
 * shrinks it again only when JavaScript idles long enough, which a process waiting on DuckDB
 * never reports: the collect benchmark's 1 GB window peaked 25 MB higher for it. Node reads
 * `--max-semi-space-size` only when the process starts, but V8 reads the growth factor each time
 * the young generation would grow, so setting it here, before the command's modules load, is
 * enough. Other commands keep V8's defaults: their speed gains from a large young generation.
 */
export function tuneHeap(command: string | undefined): void {
  if (command !== undefined && MEMORY_FIRST.has(command)) {
    v8.setFlagsFromString('--semi-space-growth-factor=1');
  }
}
