import { UsageError } from '../../errors.js';
import { type ImportSummary, importFiles } from '../../ingest/importFiles.js';
import type { Command } from '../context.js';
import { formatCount } from '../render/text.js';
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

/** The `--json` shape of an import: counts first, then files and days. */
export function importJson(summary: ImportSummary, store: string) {
  return {
    store,
    rowsRead: summary.rowsRead,
    rowsImported: summary.rowsImported,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
    failed: summary.failed,
    files: summary.files,
    days: summary.days,
  };
}

/** The human summary of an import. */
export function renderImportSummary(summary: ImportSummary, store: string): string {
  const files = summary.files;
  const count = (status: string) => files.filter((f) => f.status === status).length;
  const lines = [
    `Imported ${files.length - summary.failed - count('skipped')} of ${files.length} file(s) into ${store}`,
    `  ${formatCount(summary.rowsRead)} lines read: ${formatCount(summary.rowsImported)} new requests, ` +
      `${formatCount(summary.duplicates)} already held (duplicates), ${formatCount(summary.rejected)} rejected`,
  ];
  const touched = summary.days.filter((d) => d.added > 0).map((d) => d.day);
  if (touched.length > 0) {
    const range = touched.length === 1 ? touched[0] : `${touched[0]} to ${touched[touched.length - 1]}`;
    lines.push(`  ${touched.length} day(s) updated: ${range}`);
  }
  const rejectedFiles = files.filter((f) => f.rejectedKey);
  if (rejectedFiles.length > 0) {
    lines.push('  rejected lines and their reasons are kept in:');
    for (const f of rejectedFiles)
      lines.push(`    ${f.rejectedKey}  (${formatCount(f.rejected)} from ${f.source})`);
  }
  if (count('empty') > 0) lines.push(`  ${count('empty')} file(s) held no log lines (empty window)`);
  if (count('skipped') > 0) lines.push(`  ${count('skipped')} file(s) skipped: not access logs`);
  if (summary.failed > 0) lines.push(`  ${summary.failed} file(s) failed (see below)`);
  return `${lines.join('\n')}\n`;
}
