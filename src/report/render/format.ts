import { formatBytes, formatCount } from '../../util/text.js';
import { describeFilter } from '../filters.js';
import type { Report, ReportPrivacy } from '../model.js';
import type { Better, ValueKind } from './tables.js';

/** A value as people read it: `1,234`, `1.5 MiB`, `12.3%`, `45 ms`, or the text; `–` for none. */
export function formatValue(kind: ValueKind, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return kind === 'text' ? '(none)' : '–';
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'count':
      return formatCount(value);
    case 'bytes':
      return formatBytes(value);
    case 'ratio':
      return `${(value * 100).toFixed(value > 0 && value < 0.001 ? 3 : 1)}%`;
    case 'seconds':
      return value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(2)} s`;
    case 'duration':
      return formatDuration(value);
    case 'decimal':
      return value.toFixed(2);
    case 'text':
      return String(value);
  }
}

/** Seconds as a visit's length reads: `0s`, `45s`, `2m 05s`, `1h 02m` (rounded to the second). */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${pad(whole % 60)}s`;
  return `${Math.floor(whole / 3600)}h ${pad(Math.floor((whole % 3600) / 60))}m`;
}

/**
 * The change from `previous` to `value`: `+12.5%` for counts, bytes and times, in points
 * (`+1.2 pt`) for ratios; empty when either is missing or the previous count was 0.
 */
export function formatChange(
  kind: ValueKind,
  value: number | null,
  previous: number | null | undefined,
): string {
  if (value === null || previous === null || previous === undefined) return '';
  if (kind === 'ratio') {
    const points = (value - previous) * 100;
    // As many decimals as a small ratio has (0.042% against 0.074%: −0.032 pt, not −0.0 pt).
    const size = Math.abs(points);
    const decimals = size === 0 || size >= 0.1 ? 1 : size >= 0.01 ? 2 : 3;
    return `${points >= 0 ? '+' : '−'}${size.toFixed(decimals)} pt`;
  }
  if (previous === 0) return value === 0 ? '0%' : 'new';
  const change = ((value - previous) / previous) * 100;
  return `${change >= 0 ? '+' : '−'}${Math.abs(change).toFixed(1)}%`;
}

/**
 * Whether a total moved for the better or the worse since `previous` (by `better`), for colour;
 * empty when it did not move, either is missing, or it has no better direction.
 */
export function changeTone(
  better: Better,
  value: number | null,
  previous: number | null | undefined,
): 'better' | 'worse' | '' {
  if (better === 'neither' || value === null || previous === null || previous === undefined) return '';
  if (value === previous) return '';
  return value > previous === (better === 'higher') ? 'better' : 'worse';
}

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
