import * as fs from 'node:fs/promises';

/** How the rows of a benchmark file are ordered: by time, or the same rows in random order. */
export type RowOrder = 'sorted' | 'shuffled';

/**
 * A copy of the Amplify CSV `file` (one header line, lines starting `YYYY-MM-DD,HH:MM:SS`) with
 * the same header and the same lines, either sorted by time (stable) or shuffled (a fixed seed,
 * so every run reads the same file). Written once beside `file` as `<name>.<order>.csv` and kept.
 * Holds the file in memory while it works (about its size, plus 16 bytes a line).
 */
export async function reorderedFile(file: string, order: RowOrder): Promise<string> {
  const target = file.replace(/\.csv$/, `.${order}.csv`);
  if (await exists(target)) return target;
  const text = await fs.readFile(file);
  const starts = lineStarts(text);
  const header = starts[1] ?? text.length;
  const lines = starts.length - 1;
  const picks = order === 'sorted' ? sortedByTime(text, starts) : shuffled(lines - 1, 1);
  const out = await fs.open(`${target}.partial`, 'w');
  try {
    const batch: Buffer[] = [text.subarray(0, header)];
    let bytes = header;
    for (const pick of picks) {
      const line = text.subarray(starts[pick + 1], starts[pick + 2]);
      batch.push(line[line.length - 1] === 10 ? line : Buffer.concat([line, Buffer.from('\n')]));
      bytes += line.length;
      if (bytes >= 1 << 22) {
        await out.writev(batch.splice(0));
        bytes = 0;
      }
    }
    await out.writev(batch);
  } finally {
    await out.close();
  }
  await fs.rename(`${target}.partial`, target);
  return target;
}

/** Offsets of every line's first byte, then the file's length. */
function lineStarts(text: Buffer): Float64Array {
  const starts: number[] = [0];
  for (let at = text.indexOf(10); at >= 0 && at + 1 < text.length; at = text.indexOf(10, at + 1)) {
    starts.push(at + 1);
  }
  starts.push(text.length);
  return Float64Array.from(starts);
}

/** Data line indexes (0 = first line after the header) in time order, ties in file order. */
function sortedByTime(text: Buffer, starts: Float64Array): Uint32Array {
  const lines = starts.length - 2;
  if (lines >= 2 ** 22) throw new Error('sortedByTime takes at most 4,194,303 lines');
  const keys = new Float64Array(lines);
  for (let i = 0; i < lines; i++) {
    const at = starts[i + 1] as number;
    const stamp = Date.parse(
      `${text.toString('latin1', at, at + 10)}T${text.toString('latin1', at + 11, at + 19)}Z`,
    );
    // Seconds times 2^22 plus the line index: distinct keys, exact in a double (stamps < 2^31).
    keys[i] = (Number.isNaN(stamp) ? 0 : stamp / 1000) * 2 ** 22 + i;
  }
  keys.sort();
  return Uint32Array.from(keys, (key) => key % 2 ** 22);
}

/** 0..n-1 in a random order fixed by `seed` (Fisher-Yates over a small linear congruential generator). */
function shuffled(n: number, seed: number): Uint32Array {
  const picks = Uint32Array.from({ length: n }, (_, i) => i);
  let state = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = Math.floor((state / 2 ** 32) * (i + 1));
    const swap = picks[i] as number;
    picks[i] = picks[j] as number;
    picks[j] = swap;
  }
  return picks;
}

function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}
