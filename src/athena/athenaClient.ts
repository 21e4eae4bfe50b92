import { AthenaClient } from '@aws-sdk/client-athena';
import { QUIET } from '../store/s3Client.js';

/**
 * An Athena client on the SDK's standard credential, region and endpoint chain
 * (`AWS_ENDPOINT_URL_ATHENA` or `AWS_ENDPOINT_URL` reach a local endpoint). The SDK retries
 * transient errors itself; runQuery adds longer retries for throttling.
 */
export function createAthenaClient(options: { maxAttempts?: number } = {}): AthenaClient {
  return new AthenaClient({
    logger: QUIET,
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
}
