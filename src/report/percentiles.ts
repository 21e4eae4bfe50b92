import type { Percentiles } from './model.js';

/**
 * Exact percentiles from a value histogram (each distinct value with its number of requests),
 * with the same linear interpolation as DuckDB's `quantile_cont`: the value at fractional rank
 * (n - 1) * p of the sorted values. CloudFront logs times in milliseconds, so a histogram has at
 * most a few thousand values however many requests there are; grouping by value is cheaper than a
 * sort of every request, and exact where Athena's `approx_percentile` is not.
 */
export function percentilesOf(histogram: readonly { value: number; count: number }[]): Percentiles {
  const sorted = histogram.filter((h) => h.count > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, h) => sum + h.count, 0);
  if (total === 0) return { p50: null, p95: null, p99: null };
  const at = (rank: number): number => {
    let seen = 0;
    for (const h of sorted) {
      seen += h.count;
      if (rank < seen) return h.value;
    }
    return sorted[sorted.length - 1]?.value ?? 0;
  };
  const quantile = (p: number): number => {
    const rank = (total - 1) * p;
    const low = Math.floor(rank);
    const lowValue = at(low);
    return round(lowValue + (rank - low) * (at(Math.ceil(rank)) - lowValue));
  };
  return { p50: quantile(0.5), p95: quantile(0.95), p99: quantile(0.99) };
}

/** Microsecond precision is more than the logs hold (milliseconds), and keeps float noise out. */
function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
