import type { CollectSummary } from '../../collect/collect.js';
import { formatBytes, formatCount } from '../../util/text.js';

/** The human summary of a collect run: windows, lines, the watermark, and each failed window. */
export function renderCollect(summary: CollectSummary, store: string): string {
  const bytes = summary.windows.reduce((sum, w) => sum + w.bytes, 0);
  const lines = [
    `Collected ${summary.fetched} of ${summary.windows.length} window(s) (${formatBytes(bytes)}) into ${store}`,
    `  ${formatCount(summary.rowsRead)} lines read: ${formatCount(summary.rowsImported)} new requests, ` +
      `${formatCount(summary.duplicates)} already held (duplicates), ${formatCount(summary.rejected)} rejected`,
    summary.watermark
      ? `  every hour up to ${summary.watermark} has been asked for`
      : '  no hourly collection yet (a backfill with --until leaves the watermark alone)',
  ];
  for (const failure of summary.windows.filter((w) => w.status === 'failed')) {
    lines.push(`  failed, asked again next run: ${failure.error}`);
  }
  return `${lines.join('\n')}\n`;
}
