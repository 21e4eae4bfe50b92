import type { Totals } from './model.js';
import type { TrafficPanels } from './trafficPanels.js';
import type { VisitSums } from './visitPanels.js';

/** The totals panel from the traffic query's panels and the counts the other queries make. */
export function totalsOf(
  traffic: TrafficPanels,
  counts: {
    readonly pageviews: number;
    readonly visitors: number;
    readonly visits: VisitSums;
    readonly botRequests: number;
  },
): Totals {
  const { pageviews, visitors, visits, botRequests } = counts;
  const { requests } = traffic;
  const statusCount = (low: number, high: number) =>
    traffic.statusCodes
      .filter((s) => s.status !== null && s.status >= low && s.status <= high)
      .reduce((sum, s) => sum + s.requests, 0);
  const cacheCount = (outcome: 'hit' | 'miss') =>
    traffic.resultTypes.filter((r) => r.cache === outcome).reduce((sum, r) => sum + r.requests, 0);
  const serverErrors = statusCount(500, 599);
  const clientErrors = statusCount(400, 499);
  const cacheHits = cacheCount('hit');
  const cacheLookups = cacheHits + cacheCount('miss');
  return {
    requests,
    pageviews,
    visitors,
    visits: visits.visits,
    bounceRate: ratio(visits.bounces, visits.visits),
    visitDuration: ratio(visits.duration, visits.visits),
    pagesPerVisit: ratio(visits.pageviews, visits.visits),
    bytes: traffic.bytes,
    botRequests,
    botShare: ratio(botRequests, requests),
    serverErrors,
    errorRate: ratio(serverErrors, requests),
    clientErrors,
    clientErrorRate: ratio(clientErrors, requests),
    cacheHits,
    cacheLookups,
    cacheHitRatio: ratio(cacheHits, cacheLookups),
    timeTaken: traffic.timeTaken,
    timeToFirstByte: traffic.timeToFirstByte,
  };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
