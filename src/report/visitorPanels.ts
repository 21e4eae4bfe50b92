import type { QueryResult } from '../engine/QueryEngine.js';
import type { AgentVisits } from './enrich/agentPanels.js';
import { VISITOR_ROWS } from './queries/visitorsQuery.js';
import { num, rowObjects, str } from './rowValues.js';
import { bucketKey } from './trafficPanels.js';

/** What the visitors query says: the total, visitors by bucket and by user agent, the packed addresses. */
export interface VisitorPanels {
  readonly visitors: number;
  /** Visitors by bucket key, counted in the bucket of their first request. */
  readonly buckets: Map<string, number>;
  readonly agents: AgentVisits[];
  /** `ip visitors requests` lines, or null. */
  readonly addresses: string | null;
}

/** Splits the rows of `visitorsQuery` by kind. */
export function visitorPanels(result: QueryResult): VisitorPanels {
  const rows = rowObjects(result);
  const of = (kind: number) => rows.filter((row) => num(row.kind) === kind);
  return {
    visitors: num(of(VISITOR_ROWS.total)[0]?.visitors),
    buckets: new Map(
      of(VISITOR_ROWS.bucket).map((row) => [bucketKey(str(row.bucket) ?? ''), num(row.visitors)]),
    ),
    agents: of(VISITOR_ROWS.agent).map((row) => ({
      userAgent: str(row.user_agent),
      visitors: num(row.visitors),
      requests: num(row.requests),
    })),
    addresses: str(of(VISITOR_ROWS.addresses)[0]?.addresses),
  };
}
