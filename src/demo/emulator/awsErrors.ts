import type { ServerResponse } from 'node:http';
import type { ApiFault } from './Faults.js';

/**
 * Errors of the Amplify API as the restJson1 protocol carries them: the status, the type in the
 * `x-amzn-ErrorType` header (modeled errors with the `:http://internal.amazon.com/coral/...`
 * suffix real services add, which the SDK strips), a `{"message": ...}` body and a request id.
 */
export interface AwsError {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

const CORAL = ':http://internal.amazon.com/coral/com.amazonaws.amplify/';
/** Errors raised in front of the service (throttling, authentication) carry no coral suffix. */
const GATEWAY_TYPES = new Set(['ThrottlingException', 'MissingAuthenticationTokenException']);

export function badRequest(message: string): AwsError {
  return { status: 400, type: 'BadRequestException', message };
}

export function notFound(message: string): AwsError {
  return { status: 404, type: 'NotFoundException', message };
}

/** The error an injected API fault answers. */
export function faultError(fault: ApiFault, appId: string): AwsError {
  switch (fault) {
    case 'throttle':
      return { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' };
    case 'limit':
      return { status: 429, type: 'LimitExceededException', message: 'Too many requests, slow down.' };
    case 'internal':
      return { status: 500, type: 'InternalFailureException', message: 'Internal failure. Try again.' };
    case 'unauthorized':
      return {
        status: 401,
        type: 'UnauthorizedException',
        message: `User is not authorized to perform: amplify:GenerateAccessLogs on resource: arn:aws:amplify:us-east-1:123456789012:apps/${appId}`,
      };
  }
}

/** Answers a JSON body with the headers every Amplify answer has. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId,
    ...headers,
  });
  res.end(text);
}

export function sendAwsError(res: ServerResponse, error: AwsError, requestId: string): void {
  const type = GATEWAY_TYPES.has(error.type) ? error.type : `${error.type}${CORAL}`;
  sendJson(res, error.status, { message: error.message }, requestId, { 'x-amzn-ErrorType': type });
}
