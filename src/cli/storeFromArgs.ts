import type { Store } from '../store/Store.js';
import { resolveStore } from './config.js';
import type { CliContext, ParsedArgs } from './context.js';
import { openStore } from './openStore.js';

/** The store the global flags and environment point at. */
export async function storeFromArgs(context: CliContext, args: ParsedArgs): Promise<Store> {
  const flags = {
    ...(typeof args.values['data-dir'] === 'string' ? { 'data-dir': args.values['data-dir'] } : {}),
    ...(typeof args.values.store === 'string' ? { store: args.values.store } : {}),
  };
  return openStore(resolveStore(flags, context.env, context.cwd));
}
