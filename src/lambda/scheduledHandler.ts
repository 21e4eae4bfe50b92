import { createLambdaLogger, type LambdaLogger } from './lambdaLogger.js';
import type { LambdaContext } from './scheduledEvent.js';

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
