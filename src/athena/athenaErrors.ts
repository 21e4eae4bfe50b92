import { AppError, messageOf, QueryError } from '../util/errors.js';
import { formatBytes } from '../util/text.js';

/** Athena's error categories (`AthenaError.ErrorCategory`). */
export const ERROR_CATEGORIES: Readonly<Record<number, string>> = { 1: 'system', 2: 'user', 3: 'other' };

/** How an Athena query ended when it did not succeed, as `GetQueryExecution` told it. */
export interface FailedExecution {
  readonly queryExecutionId: string;
  readonly state: 'FAILED' | 'CANCELLED';
  /** `Status.StateChangeReason`, Athena's own words. */
  readonly reason?: string | undefined;
  /** `Status.AthenaError.ErrorCategory`: 1 system, 2 user, 3 other. */
  readonly category?: number | undefined;
  readonly errorType?: number | undefined;
  readonly retryable?: boolean | undefined;
  readonly scannedBytes: number;
}

/**
 * A query Athena ran and that ended FAILED or CANCELLED. The message carries Athena's
 * state-change reason and error category; `execution` has the rest.
 */
export class AthenaQueryError extends QueryError {
  override name = 'AthenaQueryError';
  constructor(
    readonly execution: FailedExecution,
    message?: string,
    hint?: string,
  ) {
    super(message ?? defaultMessage(execution), hint ?? defaultHint(execution));
  }
}

/**
 * A query the workgroup's data usage control stopped: Athena cancels a query once it has scanned
 * more than the workgroup's `BytesScannedCutoffPerQuery`.
 */
export class AthenaScanLimitError extends AthenaQueryError {
  override name = 'AthenaScanLimitError';
  constructor(
    execution: FailedExecution,
    readonly workGroup: string,
    readonly limitBytes: number | undefined,
  ) {
    const limit =
      limitBytes === undefined ? 'its per-query limit' : `its limit of ${formatBytes(limitBytes)} per query`;
    super(
      execution,
      `Athena stopped query ${execution.queryExecutionId}: it would scan more data than the workgroup ${workGroup} allows (${limit}; ${formatBytes(execution.scannedBytes)} scanned when it stopped)`,
      `Narrow the query to fewer days (the period views read only their days), or raise the workgroup's "data limit per query" (BytesScannedCutoffPerQuery).`,
    );
  }
}

/** True when a cancellation's reason is the workgroup's scan cutoff. */
export function isScanCutoff(reason: string | undefined): boolean {
  return /bytes[ -]scanned (limit|cutoff)|scan(ned)? (data )?limit|BytesScannedCutoff/i.test(reason ?? '');
}

function defaultMessage(e: FailedExecution): string {
  const category = e.category === undefined ? '' : ` (${ERROR_CATEGORIES[e.category] ?? 'unknown'} error)`;
  const verb = e.state === 'FAILED' ? 'failed' : 'was cancelled';
  return `Athena query ${e.queryExecutionId} ${verb}${category}: ${e.reason ?? 'Athena gave no reason'}`;
}

function defaultHint(e: FailedExecution): string | undefined {
  if (e.state === 'CANCELLED')
    return 'Someone or something stopped it (StopQueryExecution, a timeout): run it again.';
  if (e.category === 1 || e.retryable) return 'An error on the Athena side: run it again.';
  if (e.category === 2)
    return 'Check the SQL and the names it uses (athena setup creates the tables and views).';
  return undefined;
}

/** An Athena API call that was refused (bad request, no access, throttled too long). */
export class AthenaRequestError extends AppError {
  override name = 'AthenaRequestError';
  constructor(
    readonly operation: string,
    readonly errorName: string,
    message: string,
    hint?: string,
    options?: { cause?: unknown },
  ) {
    super('ATHENA', message, hint, options);
  }
}

/** The typed error for a failed Athena API call, in the tool's words. */
export function describeAthenaError(operation: string, error: unknown): AthenaRequestError {
  const name = (error as { name?: string }).name ?? 'Error';
  const text = messageOf(error);
  if (/output location/i.test(text)) {
    return new AthenaRequestError(
      operation,
      name,
      `Athena has nowhere to write query results: ${text}`,
      'Set S3_OUTPUT_LOCATION=s3://bucket/athena-results/ (or --output-location), or give the workgroup a query result location.',
      { cause: error },
    );
  }
  const hint =
    name === 'InvalidRequestException'
      ? 'Athena refused the request as sent: check the database, workgroup and output location.'
      : /credential|token|signature|AccessDenied/i.test(`${name} ${text}`)
        ? "Check the AWS credentials and their permissions (the SDK's standard chain: AWS_PROFILE, AWS_REGION, ...)."
        : undefined;
  return new AthenaRequestError(operation, name, `Athena ${operation} failed: ${name}: ${text}`, hint, {
    cause: error,
  });
}
