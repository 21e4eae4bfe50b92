import type { Random } from './random.js';
import type { Outcome, RequestSpec, Resource } from './requestSpec.js';
import type { Hour } from './rhythm.js';
import type { SiteModel } from './siteModel.js';
import type { VisitOutput } from './visitOutput.js';
import type { VisitorPool } from './visitors.js';

/** What a visit generator needs: randomness, the site, the output, the hour and the period. */
export interface VisitContext {
  readonly rng: Random;
  readonly model: SiteModel;
  readonly out: VisitOutput;
  readonly hour: Hour;
  /** The simulated period, ms since epoch: [start, end). */
  readonly start: number;
  readonly end: number;
  readonly pool: VisitorPool;
}

/** A request for `res` over HTTPS (or HTTP when `https` is false). */
export function request(
  res: Resource,
  referrer: string | null,
  outcome: Outcome = 'ok',
  options: { query?: string | null; method?: string; https?: boolean; status?: number } = {},
): RequestSpec {
  return {
    uri: res.path,
    query: options.query ?? null,
    method: options.method ?? 'GET',
    referrer,
    res,
    outcome,
    https: options.https ?? true,
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}

/** The bundle of the build live at `t`: the site is redeployed during the period. */
export function buildAt(ctx: VisitContext, t: number): number {
  const share = (t - ctx.start) / Math.max(1, ctx.end - ctx.start);
  let index = 0;
  ctx.model.bundles.forEach((b, i) => {
    if (b.fromShare <= share) index = i;
  });
  return index;
}
