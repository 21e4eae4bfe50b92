import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * An EventBridge scheduled event exactly as a schedule rule delivers it to a Lambda target, fired
 * at `time` by the rule `rule`.
 */
export function scheduledEvent(time: string, rule = 'AmplifyLogs-CollectSchedule'): Record<string, unknown> {
  return {
    version: '0',
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time,
    region: 'us-east-1',
    resources: [`arn:aws:events:us-east-1:123456789012:rule/${rule}`],
    detail: {},
  };
}

/** A Lambda context with the one field the handlers read. */
export function lambdaContext(requestId = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef'): { awsRequestId: string } {
  return { awsRequestId: requestId };
}

/** Every key in `bucket` under `prefix`, sorted. */
export async function bucketKeys(client: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

/** A log sink for a handler's logger: the JSON lines it wrote, parsed. */
export class LogLines {
  readonly lines: string[] = [];
  readonly write = (line: string): void => {
    this.lines.push(line);
  };

  get records(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  clear(): void {
    this.lines.length = 0;
  }
}

/** Runs `fn`, returning what it resolved or the error it threw. */
export async function outcome<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown }> {
  try {
    return { result: await fn() };
  } catch (error) {
    return { error };
  }
}
