import { AppError } from '../util/errors.js';

/**
 * The payload an EventBridge schedule rule (`rate(...)`, `cron(...)`) sends its target. `time` is
 * when the rule fired (ISO 8601, UTC, whole seconds); a retried invocation carries the same payload.
 */
export interface ScheduledEvent {
  readonly version: string;
  readonly id: string;
  readonly 'detail-type': 'Scheduled Event';
  readonly source: 'aws.events';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

/** The part of Lambda's context object the handlers use (no dependency on `@types/aws-lambda`). */
export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName?: string;
}

/** The event is not an EventBridge scheduled event: the function was invoked by something else. */
export class EventError extends AppError {
  override name = 'EventError';
  constructor(message: string) {
    super(
      'EVENT',
      message,
      'These functions run on their EventBridge schedules; invoke one by hand with a scheduled-event payload.',
    );
  }
}

/**
 * Narrows an invocation payload to a scheduled event, or throws an `EventError` naming the first
 * field that is wrong (so a stray invocation fails loudly and ends on the dead-letter queue).
 */
export function parseScheduledEvent(event: unknown): ScheduledEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new EventError(`expected an EventBridge scheduled event, got ${describe(event)}`);
  }
  const e = event as Record<string, unknown>;
  if (e['detail-type'] !== 'Scheduled Event' || e.source !== 'aws.events') {
    throw new EventError(
      `expected an EventBridge scheduled event, got detail-type ${describe(e['detail-type'])} from ${describe(e.source)}`,
    );
  }
  if (typeof e.time !== 'string' || Number.isNaN(Date.parse(e.time))) {
    throw new EventError(`the scheduled event's time ${describe(e.time)} is not an ISO 8601 instant`);
  }
  return {
    version: String(e.version ?? '0'),
    id: String(e.id ?? ''),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: String(e.account ?? ''),
    time: e.time,
    region: String(e.region ?? ''),
    resources: Array.isArray(e.resources) ? e.resources.map(String) : [],
    detail: typeof e.detail === 'object' && e.detail !== null ? (e.detail as Record<string, unknown>) : {},
  };
}

/** When the schedule fired: the handlers' "now", so a retry does the same work as the first try. */
export function eventTime(event: ScheduledEvent): Date {
  return new Date(event.time);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
