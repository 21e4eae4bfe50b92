import { type AwsError, badRequest, notFound } from './awsErrors.js';
import { HOUR_MS } from './hourlyRate.js';

/** The longest window one call may ask for: two weeks. */
export const MAX_WINDOW_MS = 14 * 24 * HOUR_MS;

const APP_ID = /^d[a-z0-9]+$/;
const DOMAIN = /^(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])(\.)?$/;

/** A valid GenerateAccessLogs request, and the whole hours [firstHour, endHour) it covers. */
export interface AccessLogsRequest {
  readonly appId: string;
  readonly domainName: string;
  /** The asked window in ms, both ends inclusive. */
  readonly startTime: number;
  readonly endTime: number;
  readonly firstHour: number;
  readonly endHour: number;
}

export type Parsed = { readonly request: AccessLogsRequest } | { readonly error: AwsError };

function constraint(value: unknown, member: string, rule: string): AwsError {
  const shown = typeof value === 'string' ? `'${value}'` : 'null';
  return badRequest(
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: Member must ${rule}`,
  );
}

function parseBody(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = body === '' ? {} : JSON.parse(body);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Validates a request as Amplify does: the app id and domain name by their API patterns, then
 * that the app and the domain exist (`apps`: app id to its domains), then the times (epoch
 * seconds, fractions allowed, both required, start not after end, at most two weeks apart).
 * The window widens to whole hours: from the hour of `startTime` through the hour of `endTime`.
 */
export function parseAccessLogsRequest(
  appId: string,
  body: string,
  apps: ReadonlyMap<string, readonly string[]>,
): Parsed {
  if (appId.length > 20 || !APP_ID.test(appId)) {
    return { error: constraint(appId, 'appId', 'satisfy regular expression pattern: d[a-z0-9]+') };
  }
  const input = parseBody(body);
  if (!input) return { error: badRequest('The request body is not a JSON object.') };
  const { domainName, startTime, endTime } = input;
  if (typeof domainName !== 'string') return { error: constraint(domainName, 'domainName', 'not be null') };
  if (domainName.length > 64 || !DOMAIN.test(domainName)) {
    return {
      error: constraint(domainName, 'domainName', `satisfy regular expression pattern: ${DOMAIN.source}`),
    };
  }
  const domains = apps.get(appId);
  if (!domains) return { error: notFound(`App ${appId} not found.`) };
  if (!domains.includes(domainName))
    return { error: notFound(`Domain ${domainName} not found for app ${appId}.`) };
  const error = checkTimes(startTime, endTime);
  if (error) return { error };
  const start = (startTime as number) * 1000;
  const end = (endTime as number) * 1000;
  const window = { firstHour: Math.floor(start / HOUR_MS), endHour: Math.floor(end / HOUR_MS) + 1 };
  return { request: { appId, domainName, startTime: start, endTime: end, ...window } };
}

function checkTimes(startTime: unknown, endTime: unknown): AwsError | undefined {
  if (startTime === undefined || endTime === undefined || startTime === null || endTime === null) {
    return badRequest('startTime and endTime are required.');
  }
  if (!isEpochSeconds(startTime) || !isEpochSeconds(endTime)) {
    return badRequest('startTime and endTime must be timestamps in epoch seconds.');
  }
  if (startTime > endTime) return badRequest('startTime must not be after endTime.');
  if ((endTime - startTime) * 1000 > MAX_WINDOW_MS) {
    return badRequest('The time range between startTime and endTime cannot exceed 2 weeks.');
  }
  return undefined;
}

function isEpochSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
