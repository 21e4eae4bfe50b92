import { AppError } from '../util/errors.js';
import { createLambdaLogger, type LambdaLogger } from './lambdaLogger.js';
import { eventTime, type LambdaContext, parseScheduledEvent, type ScheduledEvent } from './scheduledEvent.js';

/** What a handler's run needs at least: somewhere to log. */
export interface HandlerDeps {
  readonly logger: LambdaLogger;
}

export type ScheduledRun<D extends HandlerDeps, R> = (
  event: unknown,
  deps: D,
  context?: LambdaContext,
) => Promise<R>;

/**
 * A Lambda entry point around `run`: its dependencies (config, clients) are built on the first
 * invocation and kept for the warm container's later ones; any failure, a bad environment
 * included, is logged as one `error` line and thrown again, so Lambda retries the invocation and
 * finally sends it to the dead-letter queue.
 */
export function scheduledHandler<D extends HandlerDeps, R>(
  name: string,
  makeDeps: () => D,
  run: ScheduledRun<D, R>,
): (event: unknown, context?: LambdaContext) => Promise<R> {
  let deps: D | undefined;
  return async (event, context) => {
    let logger: LambdaLogger = createLambdaLogger({ handler: name });
    try {
      deps ??= makeDeps();
      logger = deps.logger;
      return await run(event, deps, context);
    } catch (error) {
      logger.error('failed', error, context ? { requestId: context.awsRequestId } : {});
      throw error;
    }
  };
}

/** What every scheduled run starts from. */
export interface RunStart {
  readonly scheduled: ScheduledEvent;
  /** When the schedule fired: the run's "now", so a retry does the same work as the first try. */
  readonly now: Date;
  /** The handler's logger, with the invocation's request id on every line. */
  readonly logger: LambdaLogger;
}

/** The event narrowed to a scheduled event (an `EventError` otherwise), its time, and the run's logger. */
export function startRun(event: unknown, logger: LambdaLogger, context?: LambdaContext): RunStart {
  const scheduled = parseScheduledEvent(event);
  return {
    scheduled,
    now: eventTime(scheduled),
    logger: context ? logger.with({ requestId: context.awsRequestId }) : logger,
  };
}

/**
 * A scheduled run did not do all its work; the invocation fails so that Lambda retries it, then
 * sends it to the dead-letter queue (whose alarm tells someone). `whatNext` says what a later run
 * does about it.
 */
export class ScheduledRunError extends AppError {
  override name = 'ScheduledRunError';
  constructor(code: string, message: string, whatNext: string) {
    super(
      code,
      message,
      `Lambda retries the invocation, then sends it to the dead-letter queue; ${whatNext}`,
    );
  }
}
