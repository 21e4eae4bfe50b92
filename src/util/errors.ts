/**
 * Typed errors. Every error the tool raises on purpose is an `AppError` with a stable `code`, a
 * one-line message that says what failed and on which input, and an optional `hint` that says what
 * to do. The CLI maps them to an exit code; anything else is a bug and is reported as such.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Exit code the CLI uses: 2 for bad usage, 1 for everything else. */
  get exitCode(): number {
    return 1;
  }
}

/** The command line was wrong: unknown command or flag, missing argument, bad value. Exit code 2. */
export class UsageError extends AppError {
  override name = 'UsageError';
  constructor(message: string, hint?: string) {
    super('USAGE', message, hint);
  }

  override get exitCode(): number {
    return 2;
  }
}

/** An input file cannot be read as an access log at all (it is not one, or it is unreadable). */
export class InputError extends AppError {
  override name = 'InputError';
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super('INPUT', message, hint, options);
  }
}

/** The store cannot be read or written (permissions, missing bucket, lock held too long). */
export class StoreError extends AppError {
  override name = 'StoreError';
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super('STORE', message, hint, options);
  }
}

/** A query failed (bad SQL, missing table, engine error). */
export class QueryError extends AppError {
  override name = 'QueryError';
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super('QUERY', message, hint, options);
  }
}

/** The message of any thrown value, for logs and summaries. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first line of `messageOf`: engines add context lines (`LINE 1: ...`) that a one-line error leaves out. */
export function firstLineOf(error: unknown): string {
  return messageOf(error).split('\n')[0] ?? '';
}
