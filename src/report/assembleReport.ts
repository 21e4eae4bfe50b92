import type { AgentTraffic } from './enrich/agentPanels.js';
import { agentPanels, botPanel } from './enrich/agentPanels.js';
import type { AgentInfo } from './enrich/classifyAgent.js';
import { edgePanel } from './enrich/edgePanel.js';
import type {
  Comparison,
  CountryRow,
  Granularity,
  PageRow,
  Report,
  ReportRange,
  TimePoint,
} from './model.js';
import type { PageviewPanels } from './pageviewPanels.js';
import type { ProblemPanels } from './problemPanels.js';
import { bucketsOf } from './range.js';
import { totalsOf } from './totals.js';
import type { TrafficPanels } from './trafficPanels.js';
import type { VisitorPanels } from './visitorPanels.js';

/** Everything the queries and the enrichment produced for one range. */
export interface ReportParts {
  readonly now: Date;
  readonly range: ReportRange;
  readonly granularity: Granularity;
  readonly host: string | undefined;
  readonly excludeBots: boolean;
  /** Rows kept in each long panel. */
  readonly limit: number;
  readonly traffic: TrafficPanels;
  readonly agents: readonly AgentTraffic[];
  readonly classified: ReadonlyMap<string | null, AgentInfo>;
  readonly views: PageviewPanels;
  readonly visitors: VisitorPanels;
  /** Every request for each top page's URI. */
  readonly pageRequests: ReadonlyMap<string | null, number>;
  readonly problems: ProblemPanels;
  readonly countries: readonly CountryRow[];
  readonly comparison: Comparison | null;
  readonly geoSource: string;
}

/** The report model from its parts (pure). */
export function assembleReport(parts: ReportParts): Report {
  const { traffic, views, visitors, limit } = parts;
  const cut = <T>(rows: readonly T[]) => rows.slice(0, limit);
  const bots = parts.excludeBots ? [] : botPanel(parts.agents, parts.classified);
  const panels = agentPanels(visitors.agents, views.agents, parts.classified);
  return {
    schema: 1,
    generatedAt: parts.now.toISOString(),
    range: parts.range,
    filters: { host: parts.host ?? null, excludeBots: parts.excludeBots },
    totals: totalsOf(traffic, {
      pageviews: views.pageviews,
      visitors: visitors.visitors,
      botRequests: bots.reduce((sum, bot) => sum + bot.requests, 0),
    }),
    comparison: parts.comparison,
    timeSeries: { granularity: parts.granularity, points: timeSeriesOf(parts) },
    topPages: views.pages.map(
      (page): PageRow => ({
        uri: page.uri,
        requests: parts.pageRequests.get(page.uri) ?? page.pageviews,
        pageviews: page.pageviews,
      }),
    ),
    referrers: views.referrers,
    referringSites: views.referringSites,
    statusCodes: traffic.statusCodes,
    ...parts.problems,
    bots: cut(bots),
    browsers: cut(panels.browsers),
    operatingSystems: cut(panels.operatingSystems),
    devices: cut(panels.devices),
    countries: cut(parts.countries),
    edgeLocations: cut(edgePanel(traffic.edgePrefixes)),
    hosts: cut(traffic.hosts),
    httpVersions: traffic.httpVersions,
    tlsVersions: traffic.tlsVersions,
    contentTypes: cut(traffic.contentTypes),
    resultTypes: traffic.resultTypes,
    geoSource: parts.geoSource,
  };
}

/** Every bucket of the range, empty ones as zeros. */
function timeSeriesOf(parts: ReportParts): TimePoint[] {
  return bucketsOf(parts.range, parts.granularity).map((start) => {
    const counts = parts.traffic.buckets.get(start);
    return {
      start,
      requests: counts?.requests ?? 0,
      pageviews: parts.views.buckets.get(start) ?? 0,
      visitors: parts.visitors.buckets.get(start) ?? 0,
      bytes: counts?.bytes ?? 0,
    };
  });
}
