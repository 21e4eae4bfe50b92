import type { ParseArgsConfig } from 'node:util';
import { UsageError } from '../util/errors.js';

/** Where a command writes: stdout for results, stderr for progress, warnings and errors. */
export interface Output {
  write(text: string): void;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Everything a command may touch from the outside world, injected so tests can pin it. */
export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly now: () => Date;
}

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

/** One `amplify-logs <command>`. `run` returns the exit code. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** The arguments after the command name, e.g. `<file|dir>... [--json]`. */
  readonly usage: string;
  readonly options: OptionsConfig;
  /** Lines describing each option and any details, shown by `--help`. */
  readonly help: readonly string[];
  run(context: CliContext, args: ParsedArgs): Promise<number>;
}

/** The pinned clock `AMPLIFY_LOGS_NOW` (an ISO date-time) or the system clock. */
export function clockFrom(env: NodeJS.ProcessEnv): () => Date {
  const pinned = env.AMPLIFY_LOGS_NOW;
  if (!pinned) return () => new Date();
  const date = new Date(pinned);
  if (Number.isNaN(date.getTime())) throw new UsageError(`AMPLIFY_LOGS_NOW=${pinned} is not a date-time`);
  return () => new Date(date);
}
