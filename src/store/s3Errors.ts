import { StoreError } from '../util/errors.js';

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** True for "no such key" answers (404, or S3's NoSuchKey / NotFound names). */
export function isNotFound(error: unknown): boolean {
  const e = error as SdkError;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** True when S3 refused a conditional write because its condition did not hold (412, or 409 while racing). */
export function isPreconditionFailed(error: unknown): boolean {
  const e = error as SdkError;
  const status = e?.$metadata?.httpStatusCode;
  return (
    e?.name === 'PreconditionFailed' ||
    e?.name === 'ConditionalRequestConflict' ||
    status === 412 ||
    status === 409
  );
}

/** A StoreError that says what failed on which object and what to do, from an SDK or network error. */
export function describeS3Error(action: string, where: string, error: unknown): StoreError {
  const e = error as SdkError;
  const status = e?.$metadata?.httpStatusCode;
  let reason = e?.message ?? String(error);
  let hint: string | undefined;
  if (e?.name === 'NoSuchBucket') {
    reason = 'the bucket does not exist';
    hint = 'Create the bucket, or check --store / S3_BUCKET_NAME.';
  } else if (e?.name === 'AccessDenied' || status === 403) {
    reason = 'access denied';
    hint = 'Check the AWS credentials in use (AWS_PROFILE, AWS_ACCESS_KEY_ID) and their S3 permissions.';
  } else if (e?.name === 'CredentialsProviderError') {
    reason = 'no AWS credentials were found';
    hint =
      'Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role is attached.';
  } else if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up/.test(reason)) {
    reason = `S3 cannot be reached (${reason})`;
    hint = 'Check the network, AWS_REGION and any AWS_ENDPOINT_URL_S3.';
  }
  return new StoreError(`cannot ${action} ${where}: ${reason}`, hint, { cause: error });
}
