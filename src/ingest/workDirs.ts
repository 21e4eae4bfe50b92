import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { processRuns } from '../util/processRuns.js';

/** The name of this process's run folder inside a store's work folder. */
export function runDirName(): string {
  return `run-${process.pid}-${randomUUID()}`;
}

/**
 * Removes run folders left by processes that no longer run (a crash or a kill mid-import), so
 * scratch space does not pile up. Folders of running processes are left alone.
 */
export async function cleanAbandonedRuns(workDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(workDir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(/^run-(\d+)-/.exec(entry)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && !processRuns(pid)) {
      await fs.rm(path.join(workDir, entry), { recursive: true, force: true });
    }
  }
}
