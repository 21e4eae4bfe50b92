import { openCountryLookup } from '../../format/address/CountryLookup.js';
import { DaySummaries } from '../../report/summaries/daySummaries.js';
import { UsageError } from '../../util/errors.js';
import type { Command } from '../context.js';
import { geoipDbFromArgs } from '../geoipArgs.js';
import { duckdbOnStore, storeFromArgs } from '../storeFromArgs.js';

export const summarizeCommand: Command = {
  name: 'summarize',
  summary: 'make the day summaries reports and the dashboard read instead of the day files',
  usage: '[--geoip-db FILE] [--json]',
  options: { 'geoip-db': { type: 'string' }, json: { type: 'boolean' } },
  help: [
    'Summarises every day of the store that has no current summary: the per-day partial figures',
    'of every report panel, in summaries/day=YYYY-MM-DD/, made from the day file and made again',
    'whenever it changes. report does the same for its own range before it reads; serve only',
    'reads them, so run this after import or collect to keep the dashboard fast.',
    '',
    '  --geoip-db FILE  the MaxMind .mmdb your reports use (env AMPLIFY_LOGS_GEOIP_DB): visitor',
    '                   countries are looked up while summarising',
    '  --json           print {store, built[], current[]} on stdout',
  ],
  async run(context, args) {
    if (args.positionals.length > 0) {
      throw new UsageError(`summarize takes no arguments: ${JSON.stringify(args.positionals[0])}`);
    }
    const countries = await openCountryLookup(geoipDbFromArgs(args, context));
    const store = await storeFromArgs(context, args);
    const engine = await duckdbOnStore(context, args, store);
    try {
      const log = args.values.json
        ? undefined
        : (line: string) => context.stderr.write(`amplify-logs: ${line}\n`);
      const result = await new DaySummaries(store, engine, {
        build: true,
        ...(log ? { log } : {}),
      }).summarizeRange(countries);
      if (args.values.json) {
        context.stdout.write(`${JSON.stringify({ store: store.location, ...result }, null, 2)}\n`);
      } else {
        context.stdout.write(
          `summarised ${result.built.length} day(s) of ${store.location}; ${result.current.length} were current\n`,
        );
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};
