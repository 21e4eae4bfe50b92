import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppLogs } from './AppLogs.js';
import { type AccessLogsRequest, parseAccessLogsRequest } from './accessLogsRequest.js';
import { type AwsError, badRequest, faultError, notFound, sendAwsError, sendJson } from './awsErrors.js';
import type { EmulatorCall } from './CallLog.js';
import { type EmulatorContext, nowMs } from './EmulatorContext.js';
import { HOUR_MS } from './hourlyRate.js';

const MAX_BODY = 64 * 1024;

export const TOO_MANY_LOGS =
  'The requested time range holds too many access logs to generate. Please reduce time range and try again.';

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BODY) throw new Error('request body too large');
  }
  return body;
}

/** Notes what the call asked, as far as the body says, before it is validated. */
function describe(call: EmulatorCall, appId: string, body: string): void {
  call.appId = appId;
  try {
    const input = JSON.parse(body) as { domainName?: unknown; startTime?: unknown; endTime?: unknown };
    if (typeof input.domainName === 'string') call.domainName = input.domainName;
    if (typeof input.startTime === 'number' && typeof input.endTime === 'number') {
      call.asked = { start: new Date(input.startTime * 1000), end: new Date(input.endTime * 1000) };
    }
  } catch {
    // Not JSON: validation answers it.
  }
}

/** Requests the widened hours of `request` hold, counting only hours that have started by `asOf`. */
function requestsIn(logs: AppLogs, request: AccessLogsRequest, asOf: number): number {
  let total = 0;
  for (let hour = request.firstHour; hour < request.endHour && hour * HOUR_MS <= asOf; hour++) {
    total += logs.traffic.count(hour);
  }
  return total;
}

/** The error a call answers before any work, or undefined: authentication, rate, injected fault. */
function refusal(
  ctx: EmulatorContext,
  req: IncomingMessage,
  call: EmulatorCall,
  appId: string,
): AwsError | undefined {
  if (!req.headers.authorization) {
    return {
      status: 403,
      type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    };
  }
  if (!ctx.limiter.take()) return faultError('throttle', appId);
  const fault = ctx.faults.nextApiFault();
  if (fault) call.fault = fault;
  return fault && faultError(fault, appId);
}

type Checked = { readonly request: AccessLogsRequest; readonly logs: AppLogs } | { readonly error: AwsError };

/** The valid request of a call and the logs it asks for, or the error it answers. */
function check(
  ctx: EmulatorContext,
  req: IncomingMessage,
  call: EmulatorCall,
  body: string,
  asOf: number,
): Checked {
  const appId = call.appId ?? '';
  const refused = refusal(ctx, req, call, appId);
  if (refused) return { error: refused };
  const parsed = parseAccessLogsRequest(appId, body, ctx.domains);
  if ('error' in parsed) return parsed;
  const logs = ctx.apps.get(appId);
  if (!logs) return { error: notFound(`App ${appId} not found.`) };
  const tooMany = requestsIn(logs, parsed.request, asOf) > ctx.options.maxRequestsPerCall;
  return tooMany ? { error: badRequest(TOO_MANY_LOGS) } : { request: parsed.request, logs };
}

/**
 * `POST /apps/{appId}/accesslogs`: GenerateAccessLogs. Refuses (authentication, rate limit,
 * injected fault), validates, refuses windows holding more than `maxRequestsPerCall` requests,
 * then snapshots the widened window as visible now and answers `{"logUrl": ...}`.
 */
export async function serveGenerate(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  appId: string,
): Promise<void> {
  const asOf = nowMs(ctx);
  const call = ctx.log.start('generate', new Date(asOf));
  const attempt = String(req.headers['amz-sdk-request'] ?? '').match(/attempt=(\d+)/)?.[1];
  if (attempt) call.attempt = Number(attempt);
  const requestId = randomUUID();
  const body = await readBody(req);
  describe(call, appId, body);
  const checked = check(ctx, req, call, body, asOf);
  if ('error' in checked) return answerError(ctx, res, call, checked.error, requestId);
  const { request, logs } = checked;
  call.window = { start: new Date(request.firstHour * HOUR_MS), end: new Date(request.endHour * HOUR_MS) };
  if (ctx.options.generateDelayMs > 0) await sleep(ctx.options.generateDelayMs);
  const plan = await logs.plan(request.firstHour, request.endHour, asOf);
  const { token, query } = ctx.tokens.create(logs, plan, asOf, ctx.options.logUrlTtlMs);
  Object.assign(call, { status: 200, rows: plan.rows, bytes: plan.bytes, token });
  sendJson(res, 200, { logUrl: `${ctx.endpoint}/downloads/${token}?${query}` }, requestId);
  ctx.log.finish(call);
}

function answerError(
  ctx: EmulatorContext,
  res: ServerResponse,
  call: EmulatorCall,
  error: AwsError,
  requestId: string,
) {
  call.status = error.status;
  call.error = error.type;
  sendAwsError(res, error, requestId);
  ctx.log.finish(call);
}
