import { edgePanel } from './enrich/edgePanel.js';
import type { FilterKey } from './filters.js';
import type { AgentRow, ValueRow, VisitMeasures } from './model.js';
import { bytes, count, duration, type PanelColumn, type PanelSources, panel, ratio, text } from './panel.js';
import type { TrafficColumn, TrafficSet } from './queries/trafficQuery.js';
import type { VisitDimension } from './queries/visitsQuery.js';
import { mergeContentTypes } from './trafficPanels.js';
import { visitMeasures } from './visitPanels.js';

/** The filter key of each visit dimension a panel shows. */
const VISIT_FILTER_KEYS: Readonly<Record<Exclude<VisitDimension, 'bucket'>, FilterKey>> = {
  entry_page: 'entry_page',
  exit_page: 'exit_page',
  channel: 'channel',
  utm_source: 'utm_source',
  utm_medium: 'utm_medium',
  utm_campaign: 'utm_campaign',
  referring_site: 'site',
};

/**
 * Every panel of the report but the totals and the time series, in reading order: the JSON model,
 * the text, the CSV and the HTML take their panels from this list. A new panel of requests and
 * bytes by one column is a grouping set in src/report/queries/trafficQuery.ts and a `valuePanel`
 * here.
 */
export const PANELS = [
  panel(
    'topPages',
    (s) => s.pages,
  )({
    id: 'top_pages',
    title: 'Top pages',
    note: 'By pageviews; requests counts every request for the URI (bots, errors, revalidations).',
    columns: [text('Page', 'uri'), count('Pageviews', 'pageviews'), count('Requests', 'requests')],
    bar: 1,
    chart: true,
    filter: { key: 'page', field: 'uri' },
  }),
  visitPanel({
    id: 'entry_pages',
    key: 'entryPages',
    field: 'uri',
    title: 'Entry pages',
    column: 'Page',
    note: 'The first page of each visit.',
    dimension: 'entry_page',
  }),
  visitPanel({
    id: 'exit_pages',
    key: 'exitPages',
    field: 'uri',
    title: 'Exit pages',
    column: 'Page',
    note: 'The last page of each visit.',
    dimension: 'exit_page',
  }),
  panel(
    'referrers',
    (s) => s.views.referrers,
  )({
    id: 'referrers',
    title: 'External referrers',
    note: 'Pageviews whose Referer is set and does not contain the site’s own host.',
    columns: [text('Referrer', 'referrer'), count('Pageviews', 'requests')],
    bar: 1,
    filter: { key: 'referrer', field: 'referrer' },
  }),
  panel(
    'referringSites',
    (s) => s.views.referringSites,
  )({
    id: 'referring_sites',
    title: 'Referring sites',
    note: 'External referrers by host, without www.',
    columns: [text('Site', 'site'), count('Pageviews', 'requests')],
    bar: 1,
    chart: true,
    filter: { key: 'site', field: 'site' },
  }),
  visitPanel({
    id: 'channels',
    key: 'channels',
    field: 'channel',
    title: 'Channels',
    column: 'Channel',
    note: 'What brought each visit, by the first channel rule it matches (see the README).',
    dimension: 'channel',
    chart: true,
  }),
  visitPanel({
    id: 'visit_sites',
    key: 'visitSites',
    field: 'site',
    title: 'Visits by referring site',
    column: 'Site',
    note: 'The referring site of each visit’s entry pageview; (none): no external referrer.',
    dimension: 'referring_site',
  }),
  visitPanel({
    id: 'utm_sources',
    key: 'utmSources',
    field: 'source',
    title: 'UTM sources',
    column: 'utm_source',
    note: 'From the entry page’s query string; (none): not tagged.',
    dimension: 'utm_source',
  }),
  visitPanel({
    id: 'utm_mediums',
    key: 'utmMediums',
    field: 'medium',
    title: 'UTM mediums',
    column: 'utm_medium',
    note: 'From the entry page’s query string; (none): not tagged.',
    dimension: 'utm_medium',
  }),
  visitPanel({
    id: 'utm_campaigns',
    key: 'utmCampaigns',
    field: 'campaign',
    title: 'UTM campaigns',
    column: 'utm_campaign',
    note: 'From the entry page’s query string; (none): not tagged.',
    dimension: 'utm_campaign',
  }),
  panel(
    'statusCodes',
    (s) => s.traffic.statusCodes,
  )({
    id: 'status_codes',
    title: 'Status codes',
    note: 'Every request by HTTP status; 0 means the viewer hung up before the answer.',
    columns: [
      text('Status', (r) => (r.status === null ? null : String(r.status)), 'status'),
      count('Requests', 'requests'),
      bytes('Data', 'bytes'),
    ],
    bar: 1,
    chart: true,
    filter: { key: 'status', field: 'status' },
  }),
  panel(
    'notFound',
    (s) => s.problems.notFound,
  )({
    id: 'not_found',
    title: 'Not found (404)',
    note: 'With the pages linking to them (their Referer).',
    columns: [
      text('Page', 'uri'),
      count('Requests', 'requests'),
      text(
        'Linked from',
        (n) => n.referrers.map((r) => `${r.referrer ?? '(no referrer)'} (${r.requests})`).join(', '),
        'referrers',
      ),
    ],
    bar: 1,
    filter: { key: 'page', field: 'uri' },
  }),
  panel(
    'serverErrors',
    (s) => s.problems.serverErrors,
  )({
    id: 'server_errors',
    title: 'Server errors (5xx)',
    note: 'By page, status and CloudFront’s detailed result type.',
    columns: [
      text('Page', 'uri'),
      text('Status', (e) => String(e.status), 'status'),
      text('Detail', 'detail'),
      count('Requests', 'requests'),
    ],
    bar: 3,
    filter: { key: 'page', field: 'uri' },
  }),
  panel(
    'bots',
    (s) => s.bots,
  )({
    id: 'bots',
    title: 'Bots and crawlers',
    note: 'By name (missing user agents count as bots).',
    columns: [
      text('Bot', 'name'),
      text('Kind', 'category'),
      count('Requests', 'requests'),
      bytes('Data', 'bytes'),
    ],
    bar: 2,
    chart: true,
    top: true,
  }),
  panel(
    'scanners.clients',
    (s) => s.problems.scanners.clients,
  )({
    id: 'scanners',
    title: 'Scanners',
    note: 'Clients requesting probe paths such as /wp-login.php or /.env, whatever the answer.',
    columns: [
      text('Client IP', 'ip'),
      text('Country', 'country'),
      count('Probes', 'requests'),
      count('Paths', 'paths'),
    ],
    bar: 2,
  }),
  panel(
    'scanners.paths',
    (s) => s.problems.scanners.paths,
  )({
    id: 'probed_paths',
    title: 'Probed paths',
    note: 'The probe paths requested, with the number of clients asking for each.',
    columns: [text('Path', 'uri'), count('Requests', 'requests'), count('Clients', 'clients')],
    bar: 1,
    filter: { key: 'page', field: 'uri' },
  }),
  agentPanel('browsers', 'browsers', 'Browsers', 'Browser', true, 'browser'),
  agentPanel('operating_systems', 'operatingSystems', 'Operating systems', 'Operating system', false, 'os'),
  agentPanel('devices', 'devices', 'Devices', 'Device', true, 'device'),
  panel(
    'countries',
    (s) => s.countries,
  )({
    id: 'countries',
    title: 'Visitor countries',
    note: (report) => `From the client IP, offline (${report.geoSource}); requests from bots are left out.`,
    columns: [
      text('Country', 'name'),
      text('Code', 'country'),
      count('Visitors', 'visitors'),
      count('Requests', 'requests'),
    ],
    bar: 2,
    chart: true,
    top: true,
    filter: { key: 'country', field: 'country' },
  }),
  panel('edgeLocations', (s) => edgePanel(s.traffic.values('edgeLocations', 'edge')))({
    id: 'edge_locations',
    title: 'Edge locations',
    note: 'Where CloudFront served the requests (not where the viewers are).',
    columns: [
      text('POP', 'code'),
      text('City', 'city'),
      text('Country', 'country'),
      count('Requests', 'requests'),
      bytes('Data', 'bytes'),
    ],
    bar: 3,
    top: true,
    filter: { key: 'edge', field: 'code' },
  }),
  valuePanel({
    id: 'hosts',
    key: 'hosts',
    title: 'Hosts',
    column: 'Host',
    note: 'By the Host the viewer asked for (x-host-header).',
    top: true,
    values: ['hosts', 'host_header'],
    filter: 'host',
  }),
  valuePanel({
    id: 'http_versions',
    key: 'httpVersions',
    title: 'HTTP versions',
    column: 'Version',
    note: 'By the viewer’s protocol version.',
    values: ['protocol', 'http_version'],
  }),
  valuePanel({
    id: 'tls_versions',
    key: 'tlsVersions',
    title: 'TLS versions',
    column: 'Version',
    note: 'None: plain HTTP (usually redirected).',
    values: ['protocol', 'ssl_protocol'],
  }),
  panel('contentTypes', (s) => mergeContentTypes(s.traffic.values('contentTypes', 'sc_content_type')))({
    id: 'content_types',
    title: 'Bandwidth by content type',
    note: 'Bytes sent to viewers, by the response’s content type (parameters dropped).',
    columns: [text('Content type', 'value'), bytes('Data', 'bytes'), count('Requests', 'requests')],
    bar: 1,
    chart: true,
    top: true,
    // Merged without parameters (`text/html`): the filter contains the type.
    filter: { key: 'content_type', field: 'value', op: '~' },
  }),
  panel(
    'resultTypes',
    (s) => s.traffic.resultTypes,
  )({
    id: 'result_types',
    title: 'CloudFront result types',
    note: 'Hit, RefreshHit and OriginShieldHit are cache hits; Miss went to the origin; the rest are left out of the ratio.',
    columns: [
      text('Result', 'resultType'),
      text('Detailed', 'detailedResultType'),
      text('Cache', 'cache'),
      count('Requests', 'requests'),
      bytes('Data', 'bytes'),
    ],
    bar: 3,
  }),
] as const;

/** Browsers, operating systems or device classes: visitors, pageviews and requests of non-bots. */
function agentPanel<const K extends 'browsers' | 'operatingSystems' | 'devices'>(
  id: string,
  key: K,
  title: string,
  column: string,
  chart: boolean,
  filter: FilterKey,
) {
  return panel(
    key,
    (s: PanelSources) => s.agents[key],
  )({
    filter: { key: filter, field: 'name' },
    id,
    title,
    note: 'Visitors, pageviews and requests of user agents that are not bots.',
    columns: [
      text<AgentRow>(column, 'name'),
      count<AgentRow>('Visitors', 'visitors'),
      count<AgentRow>('Pageviews', 'pageviews'),
      count<AgentRow>('Requests', 'requests'),
    ],
    bar: 1,
    chart,
    top: true,
  });
}

/** Visits, bounce rate and mean duration by one value of the visits (src/engine/visits.ts). */
function visitPanel<const K extends string, const F extends string>(options: {
  id: string;
  key: K;
  /** The JSON field of the value. */
  field: F;
  title: string;
  column: string;
  note: string;
  dimension: Exclude<VisitDimension, 'bucket'>;
  chart?: boolean;
}) {
  type Row = { readonly [_ in F]: string | null } & VisitMeasures;
  const rows = (s: PanelSources): Row[] =>
    s.visits
      .by(options.dimension)
      .map((group) => ({ [options.field]: group.value, ...visitMeasures(group) }) as Row);
  const value = ((row: Row) => row[options.field]) as PanelColumn<Row>['value'];
  return panel(
    options.key,
    rows,
  )({
    filter: { key: VISIT_FILTER_KEYS[options.dimension], field: options.field },
    id: options.id,
    title: options.title,
    note: options.note,
    columns: [
      text<Row>(options.column, value, options.field),
      count<Row>('Visits', 'visits'),
      ratio<Row>('Bounce rate', 'bounceRate'),
      duration<Row>('Visit duration', 'visitDuration'),
    ],
    bar: 1,
    chart: options.chart ?? false,
  });
}

/** Requests and bytes by the values of one column of the traffic query. */
function valuePanel<const K extends string>(options: {
  id: string;
  key: K;
  title: string;
  column: string;
  note: string;
  top?: boolean;
  values: readonly [TrafficSet, TrafficColumn];
  /** The filter key of the values, when there is one. */
  filter?: FilterKey;
}) {
  const [set, column] = options.values;
  return panel(options.key, (s: PanelSources) => s.traffic.values(set, column))({
    ...(options.filter ? { filter: { key: options.filter, field: 'value' } } : {}),
    id: options.id,
    title: options.title,
    note: options.note,
    columns: [
      text<ValueRow>(options.column, 'value'),
      count<ValueRow>('Requests', 'requests'),
      bytes<ValueRow>('Data', 'bytes'),
    ],
    bar: 1,
    top: options.top ?? false,
  });
}
