import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error as Athena's JSON 1.1 protocol carries it: the status and `{"__type", "Message", ...}`. */
export class AthenaApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function invalidRequest(message: string, code = 'INVALID_INPUT'): AthenaApiError {
  return new AthenaApiError(400, 'InvalidRequestException', message, { AthenaErrorCode: code });
}

/** The errors tests can script, as Athena answers them. */
export type AthenaFault =
  | 'TooManyRequestsException'
  | 'ThrottlingException'
  | 'InvalidRequestException'
  | 'InternalServerException';

export function faultError(fault: AthenaFault, message?: string): AthenaApiError {
  switch (fault) {
    case 'TooManyRequestsException':
      return new AthenaApiError(400, fault, message ?? 'Rate exceeded', {
        Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED',
      });
    case 'ThrottlingException':
      return new AthenaApiError(400, fault, message ?? 'Rate exceeded');
    case 'InvalidRequestException':
      return invalidRequest(message ?? 'The request is not valid');
    case 'InternalServerException':
      return new AthenaApiError(500, fault, message ?? 'Internal server error');
  }
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: AthenaApiError): void {
  sendJson(res, error.status, { __type: error.type, Message: error.message, ...error.extra });
}

/** The request body as JSON; a body that is not JSON is a SerializationException. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const body = JSON.parse(text === '' ? '{}' : text) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {}
  throw new AthenaApiError(400, 'SerializationException', 'the request body is not a JSON object');
}
