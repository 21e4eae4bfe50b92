import { importFiles } from '../../ingest/importFiles.js';
import { UsageError } from '../../util/errors.js';
import type { Command } from '../context.js';
import { importJson, renderImportSummary } from '../render/importSummary.js';
import { storeFromArgs } from '../storeFromArgs.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'import downloaded Amplify CSV or CloudFront log files (plain or .gz)',
  usage: '<file|folder>... [--json]',
  options: { json: { type: 'boolean' } },
  help: [
    'Reads each file (a folder stands for every file below it), keeps its exact bytes in raw/,',
    'adds its requests to the curated table (each request once) and its unreadable lines to',
    'rejected/ with the reason. Importing the same or overlapping files again adds nothing.',
    '',
    '  --json    print one JSON object with the counts on stdout',
  ],
  async run(context, args) {
    if (args.positionals.length === 0) throw new UsageError('import needs at least one file or folder');
    const store = await storeFromArgs(context, args);
    const log = args.values.json ? undefined : (line: string) => context.stderr.write(`${line}\n`);
    const summary = await importFiles(args.positionals, { store, now: context.now, ...(log ? { log } : {}) });
    if (args.values.json)
      context.stdout.write(`${JSON.stringify(importJson(summary, store.location), null, 2)}\n`);
    else context.stdout.write(renderImportSummary(summary, store.location));
    for (const file of summary.files.filter((f) => f.note)) {
      context.stderr.write(`amplify-logs: ${file.status === 'failed' ? 'failed' : 'note'}: ${file.note}\n`);
    }
    return summary.failed > 0 ? 1 : 0;
  },
};
