import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Wall time and peak memory of one whole process, as the kernel accounted them. */
export interface Measurement {
  readonly seconds: number;
  /** User plus system CPU seconds of the process and its threads (a busy machine inflates wall time, not this). */
  readonly cpuSeconds: number;
  readonly peakMiB: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const TIME = '/usr/bin/time';

/** Fails early, with what to install, when GNU time (which reads the kernel's rusage) is missing. */
export function requireTools(tools: readonly string[]): void {
  for (const tool of [TIME, ...tools]) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
    if (!found) {
      const pkg = tool === TIME ? 'time' : tool;
      throw new Error(`${tool} is needed for this benchmark: apt-get install ${pkg}`);
    }
  }
}

/** Runs a command under GNU time: wall seconds and the largest resident set size it reached. */
export function measure(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(TIME, ['-f', '@@time %e %M %U %S', command, ...args], {
      env: { ...process.env, ...env },
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
    child.on('close', (code) => {
      const match = /@@time ([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      if (!match) return reject(new Error(`no timing from ${command}: ${stderr.slice(-500)}`));
      resolve({
        seconds: Number(match[1]),
        cpuSeconds: Math.round((Number(match[3]) + Number(match[4])) * 100) / 100,
        peakMiB: Number(match[2]) / 1024,
        code,
        stdout,
        stderr: stderr.slice(0, match.index),
      });
    });
  });
}

/** The 1-minute load average now (other work on the machine inflates wall times). */
export function loadAverage(): number {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}

/** A process's figures without its output, as the benchmarks record them in `bench/out/*.json`. */
export function figures(runs: readonly Measurement[]) {
  return runs.map(({ seconds, cpuSeconds, peakMiB }) => ({ seconds, cpuSeconds, peakMiB }));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A fixed-width table of rows for the terminal. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
