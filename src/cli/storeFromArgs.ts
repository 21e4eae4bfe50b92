import { DuckDBEngine, type DuckDBEngineOptions } from '../engine/DuckDBEngine.js';
import { openStore } from '../store/openStore.js';
import type { Store } from '../store/Store.js';
import { resolveStore } from '../store/storeConfig.js';
import { storeFlags } from './args.js';
import type { CliContext, ParsedArgs } from './context.js';

/** The store the global flags and environment point at. */
export async function storeFromArgs(context: CliContext, args: ParsedArgs): Promise<Store> {
  return openStore(resolveStore(storeFlags(args), context.env, context.cwd));
}

/**
 * The embedded engine on that store (`tuning`: days held in memory, DuckDB's limits). A store without a single day of requests (a mistyped
 * `--data-dir` is the usual cause) still answers, with nothing, but says so on stderr first.
 */
export async function duckdbOnStore(
  context: CliContext,
  args: ParsedArgs,
  store?: Store,
  tuning: Pick<DuckDBEngineOptions, 'hot' | 'limits'> = {},
): Promise<DuckDBEngine> {
  store ??= await storeFromArgs(context, args);
  const engine = await DuckDBEngine.open({ store, now: context.now, ...tuning });
  if (engine.dayFiles === 0) {
    context.stderr.write(
      `amplify-logs: the store ${store.location} holds no requests yet. Fill it with import, collect or demo, or point --data-dir or --store at your store.\n`,
    );
  }
  return engine;
}
