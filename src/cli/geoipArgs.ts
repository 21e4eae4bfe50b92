import * as path from 'node:path';
import { UsageError } from '../util/errors.js';
import type { CliContext, ParsedArgs } from './context.js';

/**
 * The MaxMind `.mmdb` file `--geoip-db` (or `AMPLIFY_LOGS_GEOIP_DB`) names, resolved from the
 * working folder; undefined for none (DB-IP Lite). An empty name is a usage error.
 */
export function geoipDbFromArgs(args: ParsedArgs, context: CliContext): string | undefined {
  const given = args.values['geoip-db'];
  const file =
    (typeof given === 'string' ? given : undefined) ?? (context.env.AMPLIFY_LOGS_GEOIP_DB || undefined);
  if (file === '') throw new UsageError('--geoip-db is empty: give a .mmdb file');
  return file === undefined ? undefined : path.resolve(context.cwd, file);
}
