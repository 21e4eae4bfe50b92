import { AmplifyClient, GenerateAccessLogsCommand } from '@aws-sdk/client-amplify';
import { QUIET } from '../store/s3Client.js';
import type { Window } from './windows.js';

/** Where access logs come from: one call a window answers the URL of one CSV file. */
export interface LogSource {
  /** The URL of the logs of `window`. Throws the source's own errors (see classifySourceError). */
  logUrl(window: Window): Promise<string>;
}

/**
 * Amplify's `GenerateAccessLogs`, through the AWS SDK's standard credential, region and endpoint
 * chain (`AWS_ENDPOINT_URL_AMPLIFY` reaches a local endpoint). Amplify's window is inclusive at
 * both ends and widened to whole hours, so a window `[13:00, 14:00)` is asked as 13:00:00 to
 * 13:59:59, which answers exactly the hour 13.
 */
export class AmplifyLogSource implements LogSource {
  constructor(
    private readonly appId: string,
    private readonly domainName: string,
    private readonly client: AmplifyClient = new AmplifyClient({ logger: QUIET }),
  ) {}

  async logUrl(window: Window): Promise<string> {
    const answer = await this.client.send(
      new GenerateAccessLogsCommand({
        appId: this.appId,
        domainName: this.domainName,
        startTime: window.start,
        endTime: new Date(window.end.getTime() - 1000),
      }),
    );
    if (!answer.logUrl) throw new Error('GenerateAccessLogs answered without a logUrl');
    return answer.logUrl;
  }
}

export type SourceErrorKind = 'too-big' | 'retryable' | 'fatal';

/**
 * What to do about an error from the source: `too-big` (Amplify asks for a shorter window: split
 * it), `retryable` (throttling, limits, server errors, the network), or `fatal` (unknown app or
 * domain, no permission, a bad request: asking again cannot help).
 */
export function classifySourceError(error: unknown): SourceErrorKind {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.name === 'BadRequestException' && /reduce time range/i.test(e.message ?? '')) return 'too-big';
  if (
    ['NotFoundException', 'UnauthorizedException', 'BadRequestException', 'AccessDeniedException'].includes(
      e?.name ?? '',
    )
  ) {
    return 'fatal';
  }
  if (e?.name === 'CredentialsProviderError') return 'fatal';
  return 'retryable';
}
