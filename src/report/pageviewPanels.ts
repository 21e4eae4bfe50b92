import type { QueryResult } from '../engine/QueryEngine.js';
import type { ReferrerRow, SiteRow } from './model.js';
import { num, rowObjects, str } from './rowValues.js';
import { bucketKey } from './trafficPanels.js';

/** What the pageviews query says. */
export interface PageviewPanels {
  readonly pageviews: number;
  /** Pageviews by bucket key. */
  readonly buckets: Map<string, number>;
  /** The top URIs by pageviews, most first. */
  readonly pages: { uri: string | null; pageviews: number }[];
  readonly referrers: ReferrerRow[];
  readonly referringSites: SiteRow[];
  /** Pageviews by user agent (bots have none). */
  readonly agents: Map<string | null, number>;
}

/** Splits the rows of `pageviewsQuery` by kind. */
export function pageviewPanels(result: QueryResult): PageviewPanels {
  const rows = rowObjects(result);
  const of = (kind: string) => rows.filter((row) => row.kind === kind);
  return {
    pageviews: num(of('total')[0]?.pageviews),
    buckets: new Map(of('bucket').map((row) => [bucketKey(str(row.bucket) ?? ''), num(row.pageviews)])),
    pages: of('uri').map((row) => ({ uri: str(row.uri), pageviews: num(row.pageviews) })),
    referrers: of('referrer').map((row) => ({
      referrer: str(row.referrer) ?? '',
      requests: num(row.pageviews),
    })),
    agents: new Map(of('agent').map((row) => [str(row.user_agent), num(row.pageviews)])),
    referringSites: of('site').map((row) => ({
      site: str(row.site) ?? '(not a URL)',
      requests: num(row.pageviews),
    })),
  };
}
