import type { AgentTraffic } from './enrich/agentPanels.js';
import { agentPanels, botPanel } from './enrich/agentPanels.js';
import type { AgentInfo } from './enrich/classifyAgent.js';
import type { ReportFilter } from './filters.js';
import type {
  Comparison,
  CountryRow,
  Granularity,
  Report,
  ReportNote,
  ReportPrivacy,
  ReportRange,
  TimePoint,
} from './model.js';
import type { PageviewPanels } from './pageviewPanels.js';
import type { PanelSources } from './panel.js';
import { PANELS } from './panels.js';
import type { ProblemPanels } from './problemPanels.js';
import { bucketsOf } from './range.js';
import { totalsOf } from './totals.js';
import type { TrafficPanels } from './trafficPanels.js';
import type { VisitorPanels } from './visitorPanels.js';
import type { VisitPanels } from './visitPanels.js';

/** Everything the queries and the enrichment produced for one range. */
export interface ReportParts {
  readonly now: Date;
  readonly range: ReportRange;
  readonly granularity: Granularity;
  readonly filters: readonly ReportFilter[];
  readonly excludeBots: boolean;
  readonly notes: readonly ReportNote[];
  /** Rows kept in each long panel. */
  readonly limit: number;
  readonly traffic: TrafficPanels;
  readonly agents: readonly AgentTraffic[];
  readonly classified: ReadonlyMap<string | null, AgentInfo>;
  readonly views: PageviewPanels;
  readonly visitors: VisitorPanels;
  readonly visits: VisitPanels;
  /** Every request for each top page's URI. */
  readonly pageRequests: ReadonlyMap<string | null, number>;
  readonly problems: ProblemPanels;
  readonly countries: readonly CountryRow[];
  readonly comparison: Comparison | null;
  readonly geoSource: string;
  readonly privacy: ReportPrivacy;
}

/** The report model from its parts (pure): the header, then every panel of `PANELS`, in order. */
export function assembleReport(parts: ReportParts): Report {
  const sources = panelSources(parts);
  const report: Record<string, unknown> = {
    schema: 2,
    generatedAt: parts.now.toISOString(),
    range: parts.range,
    filters: parts.filters,
    excludeBots: parts.excludeBots,
    notes: parts.notes,
    privacy: parts.privacy,
    totals: totalsOf(parts.traffic, {
      pageviews: parts.views.pageviews,
      visitors: parts.visitors.visitors,
      visits: parts.visits.total,
      botRequests: sources.bots.reduce((sum, bot) => sum + bot.requests, 0),
    }),
    comparison: parts.comparison,
    timeSeries: { granularity: parts.granularity, points: timeSeriesOf(parts) },
  };
  for (const panel of PANELS) {
    const rows = panel.rows(sources);
    setPath(report, panel.key, panel.top ? rows.slice(0, parts.limit) : rows);
  }
  report.geoSource = parts.geoSource;
  return report as unknown as Report;
}

function panelSources(parts: ReportParts): PanelSources {
  return {
    traffic: parts.traffic,
    views: parts.views,
    visitors: parts.visitors,
    visits: parts.visits,
    problems: parts.problems,
    pages: parts.views.pages.map((page) => ({
      uri: page.uri,
      requests: parts.pageRequests.get(page.uri) ?? page.pageviews,
      pageviews: page.pageviews,
    })),
    bots: parts.excludeBots ? [] : botPanel(parts.agents, parts.classified),
    agents: agentPanels(parts.visitors.agents, parts.views.agents, parts.classified),
    countries: parts.countries,
    userAgents: parts.agents,
    classified: parts.classified,
  };
}

/** Sets `value` at a `a` or `a.b` key of `target`. */
function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const [first = '', second] = key.split('.');
  if (second === undefined) {
    target[first] = value;
    return;
  }
  target[first] ??= {};
  (target[first] as Record<string, unknown>)[second] = value;
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
      visits: parts.visits.buckets.get(start) ?? 0,
      bytes: counts?.bytes ?? 0,
    };
  });
}
