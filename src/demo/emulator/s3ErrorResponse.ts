import type { ServerResponse } from 'node:http';

/** An S3 error answer of a presigned download: `<Error><Code>...` XML, as S3 writes it. */
export interface S3Error {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** Extra elements after `<Message>`, in order (e.g. `Expires`, `ServerTime`). */
  readonly details?: Readonly<Record<string, string>>;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The XML body of an S3 error. */
export function s3ErrorXml(error: S3Error, requestId: string): string {
  const details = Object.entries(error.details ?? {})
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>${details}` +
    `<RequestId>${requestId}</RequestId><HostId>${Buffer.from(requestId).toString('base64')}</HostId></Error>`
  );
}

export function sendS3Error(res: ServerResponse, error: S3Error, requestId: string, head = false): void {
  const body = s3ErrorXml(error, requestId);
  res.writeHead(error.status, {
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
    Server: 'AmazonS3',
  });
  res.end(head ? undefined : body);
}
