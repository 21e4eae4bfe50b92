import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AwsError, sendAwsError } from './awsErrors.js';
import type { EmulatorContext } from './EmulatorContext.js';
import { serveDownload } from './serveDownload.js';
import { serveGenerate } from './serveGenerate.js';

const ACCESS_LOGS = /^\/apps\/([^/]*)\/accesslogs$/;

/** A path label as the SDK encodes it; a malformed escape stays as sent (and fails validation). */
function decodeLabel(label: string): string {
  try {
    return decodeURIComponent(label);
  } catch {
    return label;
  }
}

function internal(error: unknown): AwsError {
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, type: 'InternalFailureException', message: `emulator: ${message}` };
}

async function route(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.endpoint);
  const match = url.pathname.match(ACCESS_LOGS);
  if (match && req.method === 'POST') return serveGenerate(ctx, req, res, decodeLabel(match[1] ?? ''));
  if (url.pathname.startsWith('/downloads/')) return serveDownload(ctx, req, res, url);
  sendAwsError(res, { status: 404, type: 'UnknownOperationException', message: 'Not Found' }, randomUUID());
}

/**
 * The server's request listener: `POST /apps/{appId}/accesslogs` and `/downloads/<token>`; any
 * other path answers 404 `UnknownOperationException`. An unexpected error answers 500
 * `InternalFailureException` (or drops the connection if the answer has begun).
 */
export function handleRequest(ctx: EmulatorContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(ctx, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendAwsError(res, internal(error), randomUUID());
      else res.destroy();
    });
  };
}
