import { createHash, createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message the stand-in accepted: the request's JSON, and the raw MIME message decoded. */
export interface SentMessage {
  readonly messageId: string;
  readonly request: Record<string, unknown>;
  readonly raw: Buffer;
}

export interface SesV2Endpoint {
  readonly endpoint: string;
  readonly region: string;
  /** Credentials the stand-in checks every signature against. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly sent: SentMessage[];
  /** Requests refused, with the error type SES would answer. */
  readonly refused: { readonly type: string; readonly message: string }[];
  stop(): Promise<void>;
}

/**
 * A local stand-in for the SES v2 API's `SendEmail` (`POST /v2/email/outbound-emails`, a JSON
 * body, answered `{"MessageId": ...}`), enough for the real `@aws-sdk/client-sesv2` with its
 * `endpoint` set. It checks what SES checks first: a valid Signature Version 4 for service `ses`
 * (recomputed here from the request), and a sender among the verified identities (an address, or
 * its domain); anything else is answered as SES answers it, with `x-amzn-errortype`.
 */
export async function startSesV2Endpoint(options: {
  readonly verified: readonly string[];
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}): Promise<SesV2Endpoint> {
  const region = options.region ?? 'us-east-1';
  const credentials = options.credentials ?? {
    accessKeyId: 'AKIDSESTEST',
    secretAccessKey: 'ses-test-secret',
  };
  const sent: SentMessage[] = [];
  const refused: { type: string; message: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fail = (status: number, type: string, message: string) => {
        refused.push({ type, message });
        res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
        res.end(JSON.stringify({ message }));
      };
      if (req.method !== 'POST' || req.url !== '/v2/email/outbound-emails')
        return fail(404, 'NotFoundException', `no operation at ${req.method} ${req.url}`);
      const signature = checkSignature(req, body, credentials, region);
      if (signature) return fail(403, 'SignatureDoesNotMatch', signature);
      const request = JSON.parse(body.toString('utf8')) as {
        FromEmailAddress?: string;
        Content?: { Raw?: { Data?: string } };
      };
      const from = request.FromEmailAddress ?? '';
      const domain = from.split('@')[1] ?? '';
      if (!options.verified.includes(from) && !options.verified.includes(domain))
        return fail(
          400,
          'MessageRejected',
          `Email address is not verified. The following identities failed the check in region ${region.toUpperCase()}: ${from}`,
        );
      const data = request.Content?.Raw?.Data;
      if (typeof data !== 'string') return fail(400, 'BadRequestException', 'Content.Raw.Data is required');
      const messageId = `0100019-stand-in-${sent.length + 1}`;
      sent.push({ messageId, request, raw: Buffer.from(data, 'base64') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ MessageId: messageId }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region,
    credentials,
    sent,
    refused,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Recomputes the request's Signature Version 4; returns why it does not match, or undefined. */
function checkSignature(
  req: http.IncomingMessage,
  body: Buffer,
  credentials: { accessKeyId: string; secretAccessKey: string },
  region: string,
): string | undefined {
  const auth =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      String(req.headers.authorization ?? ''),
    );
  if (!auth) return 'no Signature Version 4 Authorization header';
  const [, keyId, day, scopeRegion, service, signedHeaders, signature] = auth as unknown as string[];
  if (keyId !== credentials.accessKeyId) return `unknown access key ${keyId}`;
  if (scopeRegion !== region || service !== 'ses')
    return `signed for ${scopeRegion}/${service}, not ${region}/ses`;
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(day ?? '-')) return 'x-amz-date does not match the credential scope';
  const names = (signedHeaders ?? '').split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return 'host and x-amz-date must be signed';
  const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
  const canonical = [
    req.method,
    req.url,
    '',
    ...names.map(
      (name) =>
        `${name}:${String(req.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}`,
    ),
    '',
    signedHeaders,
    String(req.headers['x-amz-content-sha256'] ?? sha256(body)),
  ].join('\n');
  if (req.headers['x-amz-content-sha256'] && req.headers['x-amz-content-sha256'] !== sha256(body))
    return 'x-amz-content-sha256 is not the body hash';
  const scope = `${day}/${region}/ses/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = ['ses', 'aws4_request'].reduce(
    (k, part) => hmac(k, part),
    hmac(hmac(`AWS4${credentials.secretAccessKey}`, day ?? ''), region),
  );
  const expected = createHmac('sha256', key).update(toSign).digest('hex');
  return expected === signature ? undefined : 'the signature does not match the request';
}
