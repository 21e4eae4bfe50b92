import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HEADER } from './AppLogs.js';
import { type ByteRange, parseRange } from './byteRange.js';
import type { EmulatorCall } from './CallLog.js';
import { type Download, urlExpiry } from './DownloadTokens.js';
import { type EmulatorContext, nowMs } from './EmulatorContext.js';
import type { DownloadFault } from './Faults.js';
import { type S3Error, sendS3Error } from './s3ErrorResponse.js';
import { type BodyFaults, sendBody } from './sendBody.js';

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function expired(download: { expiresIn: number; expiresAt: number }, now: number): S3Error {
  const details = {
    'X-Amz-Expires': String(download.expiresIn),
    Expires: iso(download.expiresAt),
    ServerTime: iso(now),
  };
  return { status: 403, code: 'AccessDenied', message: 'Request has expired', details };
}

/** Finds the download of a token, or the S3 error its URL answers (expired, unknown, wrong method). */
function lookUp(
  ctx: EmulatorContext,
  req: IncomingMessage,
  url: URL,
  token: string,
  now: number,
): Download | S3Error {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return {
      status: 405,
      code: 'MethodNotAllowed',
      message: 'The specified method is not allowed against this resource.',
    };
  }
  const download = ctx.tokens.get(token);
  const expiresAt = download?.expiresAt ?? urlExpiry(url.searchParams);
  if (expiresAt !== undefined && now > expiresAt) {
    return expired({ expiresIn: Number(url.searchParams.get('X-Amz-Expires') ?? 0), expiresAt }, now);
  }
  return download ?? { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' };
}

/** Where a fault strikes a body of `length` bytes that starts at file offset `start`. */
function bodyFaults(
  ctx: EmulatorContext,
  fault: DownloadFault | undefined,
  start: number,
  length: number,
): BodyFaults {
  const random = ctx.faults.random;
  if (fault === 'cut') return { cutAt: Math.floor(length * (0.1 + 0.8 * random.float())) };
  if (fault === 'slow') {
    return {
      slow: { firstByteMs: ctx.options.slowFirstByteMs, bytesPerSecond: ctx.options.slowBytesPerSecond },
    };
  }
  if (fault !== 'corrupt') return {};
  const lo = start === 0 && length > HEADER.length ? HEADER.length : 0;
  const offsets = Array.from({ length: 3 }, () => lo + Math.floor(random.float() * (length - lo)));
  return { corrupt: offsets.sort((a, b) => a - b) };
}

function headers(download: Download, range: ByteRange, partial: boolean, requestId: string) {
  return {
    'Content-Type': 'text/csv',
    'Content-Length': String(range.end - range.start),
    ...(partial ? { 'Content-Range': `bytes ${range.start}-${range.end - 1}/${download.plan.bytes}` } : {}),
    'Accept-Ranges': 'bytes',
    ETag: download.etag,
    'Last-Modified': new Date(download.createdAt).toUTCString(),
    'x-amz-request-id': requestId,
    Server: 'AmazonS3',
  };
}

/** What a download answers once its URL, range and fault are known. */
interface Serving {
  readonly download: Download;
  readonly range: ByteRange;
  readonly partial: boolean;
  readonly head: boolean;
  readonly fault: DownloadFault | undefined;
}

/** Looks the download up, reads its range and draws its fault; or the S3 error it answers. */
function prepare(
  ctx: EmulatorContext,
  req: IncomingMessage,
  url: URL,
  call: EmulatorCall,
  now: number,
): Serving | S3Error {
  const token = url.pathname.slice('/downloads/'.length);
  const download = lookUp(ctx, req, url, token, now);
  if ('code' in download) return download;
  const size = download.plan.bytes;
  const asked = parseRange(req.headers.range, size);
  if (asked === 'unsatisfiable') {
    const details = { ActualObjectSize: String(size) };
    return { status: 416, code: 'InvalidRange', message: 'The requested range is not satisfiable', details };
  }
  const range = asked ?? { start: 0, end: size };
  Object.assign(
    call,
    { appId: download.plan.appId, token, rows: download.plan.rows },
    asked ? { range } : {},
  );
  const head = req.method === 'HEAD';
  const fault = head || range.end === range.start ? undefined : ctx.faults.nextDownloadFault();
  if (fault) call.fault = fault;
  if (fault === 'unavailable')
    return { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' };
  return { download, range, partial: asked !== undefined, head, fault };
}

/**
 * `GET /downloads/<token>` (and HEAD): the CSV behind a logUrl, as S3 serves a presigned object:
 * 403 `AccessDenied` "Request has expired" after the URL's time, 404 `NoSuchKey` for an unknown
 * token, one `Range` honoured (206, or 416 `InvalidRange`), and the injected download faults.
 */
export async function serveDownload(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const now = nowMs(ctx);
  const call = ctx.log.start('download', new Date(now));
  const requestId = randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase();
  const serving = prepare(ctx, req, url, call, now);
  if ('code' in serving) return fail(ctx, res, call, serving, requestId, req.method === 'HEAD');
  const { download, range, fault } = serving;
  call.status = serving.partial ? 206 : 200;
  res.writeHead(call.status, headers(download, range, serving.partial, requestId));
  if (serving.head) return finish(ctx, res, call, 0, false);
  if (fault === 'cut') res.flushHeaders();
  const chunks = download.logs.bytes(download.plan, range.start, range.end);
  const faults = bodyFaults(ctx, fault, range.start, range.end - range.start);
  const sent = await sendBody(res, chunks, faults).catch(() => {
    res.destroy();
    return -1;
  });
  const whole = !serving.partial && sent === download.plan.bytes && fault !== 'corrupt';
  finish(ctx, res, call, Math.max(0, sent), whole);
}

function fail(
  ctx: EmulatorContext,
  res: ServerResponse,
  call: EmulatorCall,
  error: S3Error,
  requestId: string,
  head: boolean,
) {
  call.status = error.status;
  call.error = error.code;
  sendS3Error(res, error, requestId, head);
  ctx.log.finish(call);
}

function finish(
  ctx: EmulatorContext,
  res: ServerResponse,
  call: EmulatorCall,
  sent: number,
  complete: boolean,
) {
  call.bytes = sent;
  if (!res.writableEnded && sent === 0) res.end();
  ctx.log.finish(call, complete);
}
