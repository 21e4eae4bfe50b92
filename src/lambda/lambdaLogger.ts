import { AppError, messageOf } from '../util/errors.js';

export type LogLevel = 'info' | 'warn' | 'error';

/** JSON-safe values a log line carries. */
export type LogFields = Record<string, unknown>;

/** One JSON line a step, which CloudWatch Logs Insights reads without a parse pattern. */
export interface LambdaLogger {
  info(step: string, fields?: LogFields): void;
  warn(step: string, fields?: LogFields): void;
  /** Logs `error` with its name, message and, for the tool's own errors, its code and hint. */
  error(step: string, error: unknown, fields?: LogFields): void;
  /** The same logger with `fields` added to every line (the invocation's request id, say). */
  with(fields: LogFields): LambdaLogger;
}

export interface LambdaLoggerOptions {
  /** Which function logs: `collect`, `maintain` or `report`. */
  readonly handler: string;
  /** Where lines go. Default: stdout as is, so Lambda's runtime adds no text prefix to the JSON. */
  readonly write?: (line: string) => void;
  readonly clock?: () => Date;
}

/**
 * A structured logger: every call writes one line `{"time","level","handler","step",...fields}`.
 * Fields that do not serialize (a BigInt, a cycle) are replaced by their string form rather than
 * losing the line.
 */
export function createLambdaLogger(options: LambdaLoggerOptions, base: LogFields = {}): LambdaLogger {
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const clock = options.clock ?? (() => new Date());
  const emit = (level: LogLevel, step: string, fields: LogFields): void => {
    const fixed = { time: clock().toISOString(), level, handler: options.handler, step };
    // The fixed keys come first and cannot be overridden by a field of the same name.
    const record = Object.assign({ ...fixed }, base, fields, fixed);
    write(`${serialize(record)}\n`);
  };
  return {
    info: (step, fields = {}) => emit('info', step, fields),
    warn: (step, fields = {}) => emit('warn', step, fields),
    error: (step, error, fields = {}) => emit('error', step, { ...fields, error: describeError(error) }),
    with: (fields) => createLambdaLogger(options, { ...base, ...fields }),
  };
}

/** An error as log fields: name, message, and the tool's `code` and `hint` where it has them. */
export function describeError(error: unknown): LogFields {
  if (!(error instanceof Error)) return { message: messageOf(error) };
  return {
    name: error.name,
    message: error.message,
    ...(error instanceof AppError ? { code: error.code, ...(error.hint ? { hint: error.hint } : {}) } : {}),
  };
}

function serialize(record: LogFields): string {
  try {
    return JSON.stringify(record, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
  } catch {
    return JSON.stringify(Object.fromEntries(Object.entries(record).map(([k, v]) => [k, String(v)])));
  }
}
