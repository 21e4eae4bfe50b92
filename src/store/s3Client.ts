import { S3Client } from '@aws-sdk/client-s3';

/**
 * The SDK's own console warnings are silenced (its NoOpLogger falls back to the console for some):
 * every failure reaches the caller as an error, which the tool reports once, in its own words.
 */
export const QUIET = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * An S3 client on the SDK's standard credential, region and endpoint chain. When the endpoint is
 * overridden (`AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`, as for a local S3 server), requests use
 * path-style addressing, which local servers need. Checksums are sent only where S3 requires them,
 * which every S3-compatible server accepts.
 */
export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  const customEndpoint = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
  return new S3Client({
    logger: QUIET,
    forcePathStyle: customEndpoint,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
