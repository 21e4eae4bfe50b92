import type { Report, Totals } from '../model.js';

/** How a value is shown: counts, bytes, ratios (0..1), seconds, or text from the logs. */
export type ValueKind = 'text' | 'count' | 'bytes' | 'ratio' | 'seconds';

export interface TableColumn {
  readonly title: string;
  readonly kind: ValueKind;
}

export type TableCell = string | number | null;

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
}

/** One line of the totals panel, with the previous period's value under `--compare`. */
export interface TotalRow {
  readonly key: string;
  readonly label: string;
  readonly kind: ValueKind;
  readonly value: number | null;
  readonly previous?: number | null;
}

const TOTALS: readonly { key: string; label: string; kind: ValueKind; of: (t: Totals) => number | null }[] = [
  { key: 'requests', label: 'Requests', kind: 'count', of: (t) => t.requests },
  { key: 'pageviews', label: 'Pageviews', kind: 'count', of: (t) => t.pageviews },
  { key: 'visitors', label: 'Visitors', kind: 'count', of: (t) => t.visitors },
  { key: 'bytes', label: 'Data sent', kind: 'bytes', of: (t) => t.bytes },
  { key: 'botShare', label: 'Bot share', kind: 'ratio', of: (t) => t.botShare },
  { key: 'errorRate', label: 'Error rate (5xx)', kind: 'ratio', of: (t) => t.errorRate },
  { key: 'clientErrorRate', label: 'Client errors (4xx)', kind: 'ratio', of: (t) => t.clientErrorRate },
  { key: 'cacheHitRatio', label: 'Cache hit ratio', kind: 'ratio', of: (t) => t.cacheHitRatio },
  { key: 'timeTakenP50', label: 'Time taken p50', kind: 'seconds', of: (t) => t.timeTaken.p50 },
  { key: 'timeTakenP95', label: 'Time taken p95', kind: 'seconds', of: (t) => t.timeTaken.p95 },
  { key: 'timeTakenP99', label: 'Time taken p99', kind: 'seconds', of: (t) => t.timeTaken.p99 },
  { key: 'ttfbP50', label: 'Time to first byte p50', kind: 'seconds', of: (t) => t.timeToFirstByte.p50 },
  { key: 'ttfbP95', label: 'Time to first byte p95', kind: 'seconds', of: (t) => t.timeToFirstByte.p95 },
  { key: 'ttfbP99', label: 'Time to first byte p99', kind: 'seconds', of: (t) => t.timeToFirstByte.p99 },
];

/** The totals, each beside the previous period's when the report has a comparison. */
export function totalRows(report: Report): TotalRow[] {
  const previous = report.comparison?.totals;
  return TOTALS.map(({ key, label, kind, of }) => ({
    key,
    label,
    kind,
    value: of(report.totals),
    ...(previous ? { previous: of(previous) } : {}),
  }));
}

const text = (title: string): TableColumn => ({ title, kind: 'text' });
const count = (title: string): TableColumn => ({ title, kind: 'count' });
const bytes = (title: string): TableColumn => ({ title, kind: 'bytes' });

/** Every panel but the totals, in reading order, as tables. */
export function panelTables(report: Report): PanelTable[] {
  return [
    {
      id: 'traffic_over_time',
      title: `Traffic by ${report.timeSeries.granularity === 'hour' ? 'hour (UTC)' : 'day (UTC)'}`,
      note: 'Visitors are counted in the bucket of their first request of the day.',
      columns: [
        text(report.timeSeries.granularity === 'hour' ? 'Hour' : 'Day'),
        count('Requests'),
        count('Pageviews'),
        count('Visitors'),
        bytes('Data'),
      ],
      rows: report.timeSeries.points.map((p) => [p.start, p.requests, p.pageviews, p.visitors, p.bytes]),
      bar: 1,
    },
    {
      id: 'top_pages',
      title: 'Top pages',
      note: 'By pageviews; requests counts every request for the URI (bots, errors, revalidations).',
      columns: [text('Page'), count('Pageviews'), count('Requests')],
      rows: report.topPages.map((p) => [p.uri, p.pageviews, p.requests]),
      bar: 1,
    },
    {
      id: 'referrers',
      title: 'External referrers',
      note: 'Pageviews whose Referer is set and does not contain the site’s own host.',
      columns: [text('Referrer'), count('Pageviews')],
      rows: report.referrers.map((r) => [r.referrer, r.requests]),
      bar: 1,
    },
    {
      id: 'referring_sites',
      title: 'Referring sites',
      note: 'External referrers by host, without www.',
      columns: [text('Site'), count('Pageviews')],
      rows: report.referringSites.map((s) => [s.site, s.requests]),
      bar: 1,
    },
    {
      id: 'status_codes',
      title: 'Status codes',
      note: 'Every request by HTTP status; 0 means the viewer hung up before the answer.',
      columns: [text('Status'), count('Requests'), bytes('Data')],
      rows: report.statusCodes.map((s) => [s.status === null ? null : String(s.status), s.requests, s.bytes]),
      bar: 1,
    },
    {
      id: 'not_found',
      title: 'Not found (404)',
      note: 'With the pages linking to them (their Referer).',
      columns: [text('Page'), count('Requests'), text('Linked from')],
      rows: report.notFound.map((n) => [
        n.uri,
        n.requests,
        n.referrers.map((r) => `${r.referrer ?? '(no referrer)'} (${r.requests})`).join(', '),
      ]),
      bar: 1,
    },
    {
      id: 'server_errors',
      title: 'Server errors (5xx)',
      note: 'By page, status and CloudFront’s detailed result type.',
      columns: [text('Page'), text('Status'), text('Detail'), count('Requests')],
      rows: report.serverErrors.map((e) => [e.uri, String(e.status), e.detail, e.requests]),
      bar: 3,
    },
    {
      id: 'bots',
      title: 'Bots and crawlers',
      note: 'By name (missing user agents count as bots).',
      columns: [text('Bot'), text('Kind'), count('Requests'), bytes('Data')],
      rows: report.bots.map((b) => [b.name, b.category, b.requests, b.bytes]),
      bar: 2,
    },
    {
      id: 'scanners',
      title: 'Scanners',
      note: 'Clients requesting probe paths such as /wp-login.php or /.env, whatever the answer.',
      columns: [text('Client IP'), text('Country'), count('Probes'), count('Paths')],
      rows: report.scanners.clients.map((c) => [c.ip, c.country, c.requests, c.paths]),
      bar: 2,
    },
    {
      id: 'probed_paths',
      title: 'Probed paths',
      note: 'The probe paths requested, with the number of clients asking for each.',
      columns: [text('Path'), count('Requests'), count('Clients')],
      rows: report.scanners.paths.map((p) => [p.uri, p.requests, p.clients]),
      bar: 1,
    },
    agentTable('browsers', 'Browsers', report.browsers),
    agentTable('operating_systems', 'Operating systems', report.operatingSystems),
    agentTable('devices', 'Devices', report.devices),
    {
      id: 'countries',
      title: 'Visitor countries',
      note: `From the client IP, offline (${report.geoSource}); requests from bots are left out.`,
      columns: [text('Country'), text('Code'), count('Visitors'), count('Requests')],
      rows: report.countries.map((c) => [c.name, c.country, c.visitors, c.requests]),
      bar: 2,
    },
    {
      id: 'edge_locations',
      title: 'Edge locations',
      note: 'Where CloudFront served the requests (not where the viewers are).',
      columns: [text('POP'), text('City'), text('Country'), count('Requests'), bytes('Data')],
      rows: report.edgeLocations.map((e) => [e.code, e.city, e.country, e.requests, e.bytes]),
      bar: 3,
    },
    valueTable('hosts', 'Hosts', 'Host', 'By the Host the viewer asked for (x-host-header).', report.hosts),
    valueTable(
      'http_versions',
      'HTTP versions',
      'Version',
      'By the viewer’s protocol version.',
      report.httpVersions,
    ),
    valueTable(
      'tls_versions',
      'TLS versions',
      'Version',
      'None: plain HTTP (usually redirected).',
      report.tlsVersions,
    ),
    {
      id: 'content_types',
      title: 'Bandwidth by content type',
      note: 'Bytes sent to viewers, by the response’s content type (parameters dropped).',
      columns: [text('Content type'), bytes('Data'), count('Requests')],
      rows: report.contentTypes.map((c) => [c.value, c.bytes, c.requests]),
      bar: 1,
    },
    {
      id: 'result_types',
      title: 'CloudFront result types',
      note: 'Hit, RefreshHit and OriginShieldHit are cache hits; Miss went to the origin; the rest are left out of the ratio.',
      columns: [text('Result'), text('Detailed'), text('Cache'), count('Requests'), bytes('Data')],
      rows: report.resultTypes.map((r) => [r.resultType, r.detailedResultType, r.cache, r.requests, r.bytes]),
      bar: 3,
    },
  ];
}

function agentTable(id: string, title: string, rows: Report['browsers']): PanelTable {
  return {
    id,
    title,
    note: 'Visitors, pageviews and requests of user agents that are not bots.',
    columns: [text(title.replace(/s$/, '')), count('Visitors'), count('Pageviews'), count('Requests')],
    rows: rows.map((r) => [r.name, r.visitors, r.pageviews, r.requests]),
    bar: 1,
  };
}

function valueTable(
  id: string,
  title: string,
  column: string,
  note: string,
  rows: Report['hosts'],
): PanelTable {
  return {
    id,
    title,
    note,
    columns: [text(column), count('Requests'), bytes('Data')],
    rows: rows.map((r) => [r.value, r.requests, r.bytes]),
    bar: 1,
  };
}
