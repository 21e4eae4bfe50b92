import type { Better } from '../../util/valueFormat.js';
import type { Report, Totals } from '../model.js';
import { type AnyPanel, cellOf, type TableCell, type ValueKind } from '../panel.js';
import { PANELS } from '../panels.js';

export type { TableCell, ValueKind };

export interface TableColumn {
  readonly title: string;
  readonly kind: ValueKind;
}

/** One panel as a table: what the text, CSV and HTML renderers share. */
export interface PanelTable {
  /** Stable name (CSV section, HTML id): `top_pages`, `status_codes`, ... */
  readonly id: string;
  readonly title: string;
  /** One sentence saying what is counted. */
  readonly note: string;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly TableCell[])[];
  /** The column the bars show (a count or bytes column). */
  readonly bar: number;
  /** Drawn as a bar chart above its table in HTML. */
  readonly chart: boolean;
}

/** One line of the totals panel, with the previous period's value under `--compare`. */
export interface TotalRow {
  readonly key: string;
  readonly label: string;
  readonly kind: ValueKind;
  readonly better: Better;
  readonly value: number | null;
  readonly previous?: number | null;
}

/** The totals, in reading order: key, label, kind, and where the value is in the JSON `totals`. */
export const TOTALS: readonly {
  key: string;
  label: string;
  kind: ValueKind;
  /** The value's path in `totals`: `requests`, `timeTaken.p50`. */
  path: string;
  better: Better;
}[] = [
  { key: 'requests', label: 'Requests', kind: 'count', path: 'requests', better: 'neither' },
  { key: 'pageviews', label: 'Pageviews', kind: 'count', path: 'pageviews', better: 'higher' },
  { key: 'visitors', label: 'Visitors', kind: 'count', path: 'visitors', better: 'higher' },
  { key: 'visits', label: 'Visits', kind: 'count', path: 'visits', better: 'higher' },
  { key: 'bounceRate', label: 'Bounce rate', kind: 'ratio', path: 'bounceRate', better: 'lower' },
  {
    key: 'visitDuration',
    label: 'Visit duration',
    kind: 'duration',
    path: 'visitDuration',
    better: 'higher',
  },
  {
    key: 'pagesPerVisit',
    label: 'Pages per visit',
    kind: 'decimal',
    path: 'pagesPerVisit',
    better: 'higher',
  },
  { key: 'bytes', label: 'Data sent', kind: 'bytes', path: 'bytes', better: 'neither' },
  { key: 'botShare', label: 'Bot share', kind: 'ratio', path: 'botShare', better: 'neither' },
  { key: 'errorRate', label: 'Error rate (5xx)', kind: 'ratio', path: 'errorRate', better: 'lower' },
  {
    key: 'clientErrorRate',
    label: 'Client errors (4xx)',
    kind: 'ratio',
    path: 'clientErrorRate',
    better: 'lower',
  },
  { key: 'cacheHitRatio', label: 'Cache hit ratio', kind: 'ratio', path: 'cacheHitRatio', better: 'higher' },
  { key: 'timeTakenP50', label: 'Time taken p50', kind: 'seconds', path: 'timeTaken.p50', better: 'lower' },
  { key: 'timeTakenP95', label: 'Time taken p95', kind: 'seconds', path: 'timeTaken.p95', better: 'lower' },
  { key: 'timeTakenP99', label: 'Time taken p99', kind: 'seconds', path: 'timeTaken.p99', better: 'lower' },
  {
    key: 'ttfbP50',
    label: 'Time to first byte p50',
    kind: 'seconds',
    path: 'timeToFirstByte.p50',
    better: 'lower',
  },
  {
    key: 'ttfbP95',
    label: 'Time to first byte p95',
    kind: 'seconds',
    path: 'timeToFirstByte.p95',
    better: 'lower',
  },
  {
    key: 'ttfbP99',
    label: 'Time to first byte p99',
    kind: 'seconds',
    path: 'timeToFirstByte.p99',
    better: 'lower',
  },
];

/** The totals, each beside the previous period's when the report has a comparison. */
export function totalRows(report: Report): TotalRow[] {
  const previous = report.comparison?.totals;
  return TOTALS.map(({ key, label, kind, path, better }) => ({
    key,
    label,
    kind,
    better,
    value: totalAt(report.totals, path),
    ...(previous ? { previous: totalAt(previous, path) } : {}),
  }));
}

/** The total at `path` (`timeTaken.p50`). */
function totalAt(totals: Totals, path: string): number | null {
  let value: unknown = totals;
  for (const part of path.split('.')) value = (value as Record<string, unknown> | null)?.[part];
  return typeof value === 'number' ? value : null;
}

/** Every panel but the totals, in reading order, as tables: the time series, then `PANELS`. */
export function panelTables(report: Report): PanelTable[] {
  return [
    timeSeriesTable(report),
    ...(PANELS as readonly AnyPanel[]).map((panel) => {
      const rows = rowsAt(report, panel.key);
      return {
        id: panel.id,
        title: panel.title,
        note: typeof panel.note === 'string' ? panel.note : panel.note(report),
        columns: panel.columns.map(({ title, kind }) => ({ title, kind })),
        rows: rows.map((row) => panel.columns.map((column) => cellOf(column, row))),
        bar: panel.bar,
        chart: panel.chart ?? false,
      };
    }),
  ];
}

/** Traffic by hour or day: a table of the time series (the HTML draws it as charts). */
function timeSeriesTable(report: Report): PanelTable {
  const hourly = report.timeSeries.granularity === 'hour';
  return {
    id: 'traffic_over_time',
    title: `Traffic by ${hourly ? 'hour (UTC)' : 'day (UTC)'}`,
    note: 'Visitors count in the bucket of their first request of the day; visits in that of their start.',
    columns: [
      { title: hourly ? 'Hour' : 'Day', kind: 'text' },
      { title: 'Requests', kind: 'count' },
      { title: 'Pageviews', kind: 'count' },
      { title: 'Visitors', kind: 'count' },
      { title: 'Visits', kind: 'count' },
      { title: 'Data', kind: 'bytes' },
    ],
    rows: report.timeSeries.points.map((p) => [
      p.start,
      p.requests,
      p.pageviews,
      p.visitors,
      p.visits,
      p.bytes,
    ]),
    bar: 1,
    chart: false,
  };
}

/** The rows of the report at a panel's `a` or `a.b` key. */
function rowsAt(report: Report, key: string): readonly unknown[] {
  const value = key.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown>)?.[part], report);
  return Array.isArray(value) ? value : [];
}
