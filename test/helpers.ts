import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBEngine } from '../src/engine/DuckDBEngine.js';
import { LocalStore } from '../src/store/LocalStore.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REAL_SAMPLES = path.join(ROOT, 'test', 'fixtures', 'real');
export const BIN = path.join(ROOT, 'bin', 'amplify-logs.js');

/** A fresh empty folder under the OS temp folder; removed when `after` hooks run. */
export async function tempDir(prefix = 'amplify-logs-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function freshStore(): Promise<LocalStore> {
  return new LocalStore(path.join(await tempDir(), 'store'));
}

/** Runs a query on a store with a fresh engine and returns rows as objects. */
export async function queryRows(
  store: LocalStore,
  sql: string,
  now = new Date('2026-11-25T12:00:00Z'),
): Promise<Record<string, unknown>[]> {
  const engine = await DuckDBEngine.open({ store, now: () => now });
  try {
    const result = await engine.query(sql);
    return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
  } finally {
    await engine.close();
  }
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`bin/amplify-logs.js`) as a user would, in `cwd`. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, AMPLIFY_LOGS_NOW: '2026-11-25T12:00:00Z', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
