import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../util/errors.js';

/** A file to import, and whether the user named it (rather than it being found in a folder). */
export interface InputFile {
  readonly path: string;
  readonly named: boolean;
  /** Where the raw copy goes, given the content's SHA-256. Default: `raw/imports/<sha256>.<kind>.gz`. */
  readonly rawKeyFor?: (sha256: string) => Promise<string>;
}

/**
 * Expands the paths a user gave into files: a file stands for itself, a folder for every regular,
 * non-hidden file below it, in name order. Throws InputError for a path that does not exist and
 * for a folder with no files in it.
 */
export async function findInputs(paths: readonly string[]): Promise<InputFile[]> {
  const found: InputFile[] = [];
  for (const given of paths) {
    const stat = await fs.stat(given).catch((error: NodeJS.ErrnoException) => {
      throw new InputError(
        `cannot read ${given}: ${error.code === 'ENOENT' ? 'no such file or folder' : error.message}`,
      );
    });
    if (!stat.isDirectory()) {
      found.push({ path: given, named: true });
      continue;
    }
    const files = await filesBelow(given);
    if (files.length === 0) {
      throw new InputError(
        `the folder ${given} holds no files to import`,
        'Point import at log files or a folder of them.',
      );
    }
    found.push(...files.map((file) => ({ path: file, named: false })));
  }
  return found;
}

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesBelow(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}
