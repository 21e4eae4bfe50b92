import type { ImportSummary } from '../../ingest/importFiles.js';
import { formatCount } from '../../util/text.js';

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
