/**
 * How figures read, in one module that imports nothing: the reports (text, CSV, HTML, e-mail)
 * and the dashboard's page share it, the page loading it as it is built (`/assets/valueFormat.js`),
 * so a value, a change and its colour read the same everywhere.
 */

/**
 * How a value is shown: counts, bytes, ratios (0..1), latencies in seconds, durations in seconds
 * (`2m 05s`), decimals (`1.75`), or text from the logs.
 */
export type ValueKind = 'text' | 'count' | 'bytes' | 'ratio' | 'seconds' | 'duration' | 'decimal';

/**
 * Which way a total moves for the better: `higher` (visitors, cache hits), `lower` (bounce rate,
 * errors, time taken), or `neither` (requests, data sent, bot share: more can be good or bad news).
 */
export type Better = 'higher' | 'lower' | 'neither';

/** A count with thousands separators: `12,345`. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** Bytes in the largest binary unit that keeps the number at least 1: `1.5 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

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
    // As many decimals as a small ratio has (0.042% against 0.074%: −0.03 pt, not −0.0 pt).
    const size = Math.abs(points) < UNMOVED_POINTS ? 0 : Math.abs(points);
    const decimals = size === 0 || size >= 0.095 ? 1 : size >= 0.0095 ? 2 : 3;
    return `${points >= 0 || size === 0 ? '+' : '−'}${size.toFixed(decimals)} pt`;
  }
  if (previous === 0) return value === 0 ? '0%' : 'new';
  const change = ((value - previous) / previous) * 100;
  return `${change >= 0 ? '+' : '−'}${Math.abs(change).toFixed(1)}%`;
}

/** A ratio's change smaller than this many points reads as none (`+0.0 pt`, not coloured). */
const UNMOVED_POINTS = 0.0005;

/**
 * Whether a total moved for the better or the worse since `previous` (by `better`), for colour;
 * empty when it did not move (a ratio: by less than `formatChange` shows), either is missing, or
 * it has no better direction.
 */
export function changeTone(
  better: Better,
  kind: ValueKind,
  value: number | null,
  previous: number | null | undefined,
): 'better' | 'worse' | '' {
  if (better === 'neither' || value === null || previous === null || previous === undefined) return '';
  const moved = kind === 'ratio' ? Math.abs(value - previous) * 100 >= UNMOVED_POINTS : value !== previous;
  if (!moved) return '';
  return value > previous === (better === 'higher') ? 'better' : 'worse';
}
