import { createAthenaClient } from '../athena/athenaClient.js';
import { addDays, utcDay } from '../engine/periods.js';
import { prune } from '../ingest/prune.js';
import type { Day } from '../store/keys.js';
import { S3Store } from '../store/S3Store.js';
import type { Store } from '../store/Store.js';
import { messageOf } from '../util/errors.js';
import { type AthenaMaintenance, athenaMaintenance } from './athenaMaintenance.js';
import { applyDeployedPrivacy } from './deployedPrivacy.js';
import { type MaintainConfig, maintainConfig } from './lambdaConfig.js';
import { createLambdaLogger, type LambdaLogger } from './lambdaLogger.js';
import type { LambdaContext } from './scheduledEvent.js';
import { ScheduledRunError, scheduledHandler, startRun } from './scheduledHandler.js';

/** Days before the event's day that are compacted: yesterday and the day before (its late entries). */
export const COMPACTED_DAYS = 2;

export interface MaintainHandlerDeps {
  readonly config: MaintainConfig;
  readonly maintenance: AthenaMaintenance;
  readonly logger: LambdaLogger;
  /** The store the retention settings are applied to (prune). */
  readonly store: Store;
}

export interface MaintainResult {
  readonly time: string;
  readonly repaired: boolean;
  readonly compacted: readonly Day[];
  /** Objects the retention settings deleted (src/ingest/prune.ts). */
  readonly pruned: number;
}

/**
 * The daily maintenance, in order: the views are created or replaced (so they follow the tables
 * after an upgrade), the raw table's partitions are registered, then yesterday and the day before
 * (relative to the event's `time`) are compacted raw → curated. Every Athena query is followed to
 * its end; one that ends FAILED or CANCELLED fails the invocation with Athena's reason. When the
 * partitions cannot be registered nothing is compacted (the days could be read incomplete); one
 * day failing does not keep the other from being compacted, and the invocation then fails too.
 * First the deployment's privacy settings (if it gives some) are made the store's; last, `prune`
 * deletes what they no longer keep (raw files and rejected lines, old days, expired salts).
 */
export async function maintainOnSchedule(
  event: unknown,
  deps: MaintainHandlerDeps,
  context?: LambdaContext,
): Promise<MaintainResult> {
  const { scheduled, now, logger } = startRun(event, deps.logger, context);
  const today = utcDay(now);
  const days = Array.from({ length: COMPACTED_DAYS }, (_, i) => addDays(today, i - COMPACTED_DAYS));
  const { maintenance } = deps;
  logger.info('start', { eventTime: scheduled.time, database: deps.config.athena.database, days });
  await applyDeployedPrivacy(deps.store, deps.config.privacy);
  await step(logger, 'views', {}, () => maintenance.refreshViews());
  await step(logger, 'bots', {}, () => maintenance.refreshBotAgents());
  await step(logger, 'repair', {}, () => maintenance.repairRaw());
  const failures: string[] = [];
  const compacted: Day[] = [];
  for (const day of days) {
    try {
      await step(logger, 'compact', { day }, () => maintenance.compactDay(day));
      compacted.push(day);
    } catch (error) {
      failures.push(`compacting ${day}: ${messageOf(error)}`);
    }
  }
  let pruned = 0;
  try {
    await step(logger, 'prune', {}, async () => {
      const result = await prune(deps.store, { now });
      pruned = result.deleted.length;
      return { deleted: result.deleted.map((o) => `${o.reason} ${o.key}`) };
    });
  } catch (error) {
    failures.push(`pruning: ${messageOf(error)}`);
  }
  logger.info('done', { compacted, pruned, failed: failures.length });
  if (failures.length > 0) {
    throw new ScheduledRunError(
      'MAINTAIN',
      `maintenance failed: ${failures.join('; ')}`,
      'every step can be run again safely.',
    );
  }
  return { time: scheduled.time, repaired: true, compacted, pruned };
}

/** Runs one step, logging its outcome (with what it reports) as one line; rethrows its failure. */
async function step(
  logger: LambdaLogger,
  name: string,
  fields: Record<string, unknown>,
  run: () => Promise<Record<string, unknown> | undefined>,
): Promise<void> {
  const started = Date.now();
  try {
    const outcome = await run();
    logger.info(name, { ...fields, ...outcome, ms: Date.now() - started });
  } catch (error) {
    logger.error(name, error, { ...fields, ms: Date.now() - started });
    throw error;
  }
}

/** The production wiring: the store, the library's Athena maintenance on one client, a stdout logger. */
export function defaultMaintainDeps(env: NodeJS.ProcessEnv = process.env): MaintainHandlerDeps {
  const config = maintainConfig(env);
  const logger = createLambdaLogger({ handler: 'maintain' });
  const store = new S3Store(config.store);
  return {
    config,
    maintenance: athenaMaintenance({
      config,
      client: createAthenaClient(),
      store,
      log: (message) => logger.info('athena-log', { message }),
    }),
    logger,
    store,
  };
}

/** The Lambda entry point (`maintainHandler.handler`), on the daily `cron(30 3 * * ? *)` rule. */
export const handler = scheduledHandler('maintain', () => defaultMaintainDeps(), maintainOnSchedule);
