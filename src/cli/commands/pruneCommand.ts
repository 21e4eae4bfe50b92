import { prune } from '../../ingest/prune.js';
import { formatBytes } from '../../util/text.js';
import type { Command } from '../context.js';
import { describeSettings } from '../privacyArgs.js';
import { storeFromArgs } from '../storeFromArgs.js';

export const pruneCommand: Command = {
  name: 'prune',
  summary: 'delete what the privacy settings no longer keep (raw files, rejected lines, old days, salts)',
  usage: '[--dry-run] [--json]',
  options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
  help: [
    'Applies the retention of `amplify-logs privacy set` now and lists each object it deletes.',
    'A run stopped midway can simply be run again.',
    '',
    '  --dry-run   list what would be deleted, delete nothing',
    '  --json      print {settings, dryRun, deleted[{key, size, reason}]} on stdout',
  ],
  async run(context, args) {
    const store = await storeFromArgs(context, args);
    const result = await prune(store, { now: context.now(), dryRun: args.values['dry-run'] === true });
    if (args.values.json) {
      context.stdout.write(`${JSON.stringify({ store: store.location, ...result }, null, 2)}\n`);
      return 0;
    }
    const verb = result.dryRun ? 'would delete' : 'deleted';
    const lines = [
      `prune of ${store.location}`,
      ...describeSettings(result.settings).map((l) => `  ${l}`),
      ...result.deleted.map((o) => `${verb} ${o.key} (${o.reason})`),
      `${verb} ${result.deleted.length} object(s), ${formatBytes(result.deleted.reduce((s, o) => s + o.size, 0))}`,
    ];
    context.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
