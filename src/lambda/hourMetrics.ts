import type { HourFigures } from '../report/hourFigures.js';

/** The CloudWatch namespace of the deployment's metrics. */
export const METRICS_NAMESPACE = 'AmplifyLogs';

/** CloudWatch does not take a data point older than this (14 days) through the embedded metric format. */
export const MAX_METRIC_AGE_MS = 14 * 24 * 3_600_000;

/** Each metric, its unit, and how it is read from an hour's figures (undefined: not published). */
export const HOUR_METRICS = [
  { name: 'Requests', unit: 'Count', of: (f: HourFigures) => f.requests },
  { name: 'Pageviews', unit: 'Count', of: (f: HourFigures) => f.pageviews },
  { name: 'ServerErrors', unit: 'Count', of: (f: HourFigures) => f.serverErrors },
  { name: 'ClientErrors', unit: 'Count', of: (f: HourFigures) => f.clientErrors },
  { name: 'ErrorRate', unit: 'Percent', of: (f: HourFigures) => percent(f.errorRate) },
  { name: 'NotFound', unit: 'Count', of: (f: HourFigures) => f.notFound },
  { name: 'BotShare', unit: 'Percent', of: (f: HourFigures) => percent(f.botShare) },
  { name: 'BytesSent', unit: 'Bytes', of: (f: HourFigures) => f.bytes },
  { name: 'CacheHitRatio', unit: 'Percent', of: (f: HourFigures) => percent(f.cacheHitRatio) },
  { name: 'TimeToFirstByteP95', unit: 'Seconds', of: (f: HourFigures) => f.timeToFirstByteP95 ?? undefined },
] as const;

export type HourMetricName = (typeof HOUR_METRICS)[number]['name'];

/**
 * One log line in CloudWatch's embedded metric format: an hour's figures of one app and domain
 * as the metrics `HOUR_METRICS` in `AmplifyLogs`, dimensions `AppId` and `Domain`, timestamped
 * at the start of the hour they describe. Ratios of an hour without their denominator (no
 * requests, no cache lookups) are left out rather than published as 0.
 *
 * The values are the hour's figures as the store holds them when the line is written, not what
 * this run added: an hour collected again (the recheck, the late sweep) is published again with
 * its new totals, and is read with the `Maximum` statistic, never `Sum` (README, "Deployment").
 */
export function hourMetricLine(appId: string, domain: string, figures: HourFigures): string {
  const values = HOUR_METRICS.flatMap((m) => {
    const value = m.of(figures);
    return value === undefined ? [] : [{ name: m.name, unit: m.unit, value }];
  });
  const record = {
    _aws: {
      Timestamp: Date.parse(figures.hour),
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [['AppId', 'Domain']],
          Metrics: values.map(({ name, unit }) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    AppId: appId,
    Domain: domain,
    ...Object.fromEntries(values.map(({ name, value }) => [name, value])),
    hour: figures.hour,
    values: 'cumulative',
  };
  return `${JSON.stringify(record)}\n`;
}

function percent(ratio: number | null): number | undefined {
  return ratio === null ? undefined : Math.round(ratio * 100 * 1e6) / 1e6;
}
