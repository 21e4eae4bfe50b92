import * as fs from 'node:fs/promises';

/** Flushes a file's data to disk (`fsync`), so that a rename after it survives a power cut. */
export async function flushFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
