import { describeFilter } from '../filters.js';
import type { Report, ReportPrivacy } from '../model.js';

export { changeTone, formatChange, formatDuration, formatValue } from '../../util/valueFormat.js';

/** The privacy settings in a few words, for a report's header. */
export function formatPrivacy(privacy: ReportPrivacy): string {
  const ip =
    privacy.anonymizeIp === 'none'
      ? 'addresses in clear'
      : `addresses anonymised (${privacy.anonymizeIp} bits)`;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const raw = `raw logs kept ${privacy.rawDays === 'forever' ? 'forever' : plural(privacy.rawDays, 'day')}`;
  const curated = `days kept ${privacy.keepMonths === 'forever' ? 'forever' : plural(privacy.keepMonths, 'month')}`;
  return `privacy: ${ip}, ${raw}, ${curated}`;
}

/** The range as a title: `2026-11-01 – 2026-11-07 (week, 7 days)`. */
export function formatRange(range: { from: string; to: string; days: number; name: string }): string {
  const span = range.from === range.to ? range.from : `${range.from} – ${range.to}`;
  return `${span} (${range.name}, ${range.days} ${range.days === 1 ? 'day' : 'days'}, UTC)`;
}

/** What the report was narrowed to, in words: each filter (`page is /pricing`), then bots left out. */
export function scopeParts(report: Pick<Report, 'filters' | 'excludeBots'>): string[] {
  return [...report.filters.map(describeFilter), ...(report.excludeBots ? ['bots left out'] : [])];
}
