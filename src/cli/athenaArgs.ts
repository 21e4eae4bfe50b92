import { type AthenaConfig, resolveAthenaConfig } from '../athena/athenaConfig.js';
import { describeCost, type QueryCost } from '../athena/cost.js';
import type { RunQueryOptions } from '../athena/runQuery.js';
import { resolveStore, type StoreConfig } from '../store/storeConfig.js';
import { UsageError } from '../util/errors.js';
import { storeFlags, stringOption } from './args.js';
import type { CliContext, ParsedArgs } from './context.js';

/** A store in S3, the only kind Athena reads. */
export type S3StoreConfig = Extract<StoreConfig, { kind: 's3' }>;

/** The store must be in S3: Athena reads nothing else. */
export function s3StoreConfig(context: CliContext, args: ParsedArgs): S3StoreConfig {
  const config = resolveStore(storeFlags(args), context.env, context.cwd);
  if (config.kind !== 's3') {
    throw new UsageError(
      `Athena reads S3, and the store is the folder ${config.root}`,
      'Give --store s3://bucket/prefix (or S3_BUCKET_NAME and S3_BUCKET_PREFIX).',
    );
  }
  return config;
}

/**
 * The Athena config of a command line: the S3 store of --store (or S3_BUCKET_NAME), names and
 * result location from the flags a command has, else the environment (resolveAthenaConfig).
 */
export function athenaConfigFromArgs(
  context: CliContext,
  args: ParsedArgs,
  store: S3StoreConfig = s3StoreConfig(context, args),
): AthenaConfig {
  return resolveAthenaConfig(
    {
      database: stringOption(args, 'database'),
      table: stringOption(args, 'table'),
      workgroup: stringOption(args, 'workgroup'),
      'output-location': stringOption(args, 'output-location'),
    },
    context.env,
    { bucket: store.bucket, prefix: store.prefix },
  );
}

/** The Athena engine, with its own client on the SDK's standard chain, polling as `runOptions` says. */
export async function athenaEngine(context: CliContext, config: AthenaConfig, signal?: AbortSignal) {
  const { AthenaEngine } = await import('../athena/AthenaEngine.js');
  return new AthenaEngine({ config, run: runOptions(context, signal) });
}

/** Polling as in production; AMPLIFY_LOGS_ATHENA_POLL_MS (tests) makes every wait that short. */
export function runOptions(context: CliContext, signal?: AbortSignal): RunQueryOptions {
  const fixed = Number(context.env.AMPLIFY_LOGS_ATHENA_POLL_MS);
  const wait =
    Number.isFinite(fixed) && fixed >= 0 && context.env.AMPLIFY_LOGS_ATHENA_POLL_MS ? fixed : undefined;
  return {
    ...(signal ? { signal } : {}),
    ...(wait === undefined
      ? {}
      : {
          poll: { firstMs: wait, factor: 1, maxMs: wait },
          sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, wait))),
        }),
  };
}

/** The cost line on stderr: what the queries scanned and what Athena bills for it. */
export function writeCost(context: CliContext, cost: QueryCost & { queries?: number }): void {
  const queries =
    cost.queries === undefined ? '' : ` (${cost.queries} ${cost.queries === 1 ? 'query' : 'queries'})`;
  context.stderr.write(`athena: ${describeCost(cost)}${queries}\n`);
}
