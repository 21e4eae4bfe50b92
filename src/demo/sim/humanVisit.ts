import { loadPageAssets, playMedia } from './pageLoad.js';
import type { Client } from './requestSpec.js';
import { DEAD_URLS, LANDING_QUERIES, SEARCH_TERMS, SPIKE_PAGE, SPIKE_REFERRER } from './site.js';
import type { PageNode } from './siteModel.js';
import { request, type VisitContext } from './visitContext.js';
import { connectVisitor, newVisitor, type Visitor } from './visitors.js';

/**
 * One human visit: a visitor (new, or returning on a later day) lands on a page, from an external
 * referrer or directly; the page's assets follow with the page as referrer; then maybe more pages,
 * each with the previous one as referrer. Some visits type `http://` and get redirected, land on
 * an old URL (404) or a redirect, follow a broken internal link, search, watch the product video
 * or submit a form.
 */

const HOUR = 3_600_000;

interface Landing {
  readonly page: PageNode;
  readonly referrer: string | null;
  readonly query: string | null;
}

/** A human visit starting at `t0`; a new visitor is remembered so it can come back later. */
export function humanVisit(ctx: VisitContext, t0: number): void {
  const { rng, model, pool } = ctx;
  const returning = rng.chance(0.3) ? pool.returning(rng, t0 - 2 * HOUR) : undefined;
  const visitor = returning ?? newVisitor(rng, model, new Date(t0).getUTCHours());
  const client = connectVisitor(rng, model, visitor);
  const landing = land(ctx, returning !== undefined);
  let t = t0;
  if (landing.referrer === null && rng.chance(0.02)) {
    if (!ctx.out.send(client, t, request(landing.page.res, null, 'redirectHttps', { https: false }))) return;
    t += 60 + rng.int(0, 300);
  }
  const next = detour(ctx, client, t, landing);
  if (next < 0) return;
  browse(ctx, client, visitor, next, landing, returning !== undefined);
  visitor.lastSeen = t0;
  if (!returning) pool.remember(visitor);
}

/** Where the visit lands and who sent it. */
function land(ctx: VisitContext, returning: boolean): Landing {
  const { rng, model, hour } = ctx;
  const home = model.pages[0] as PageNode;
  if (hour.spike > 0 && rng.chance(hour.spike)) {
    return { page: model.pageByPath.get(SPIKE_PAGE) ?? home, referrer: SPIKE_REFERRER, query: null };
  }
  if (rng.chance(returning ? 0.6 : 0.34)) {
    return { page: rng.chance(0.55) ? home : model.humanPages.pick(rng), referrer: null, query: null };
  }
  const ref = model.referrers.pick(rng);
  switch (ref.kind) {
    case 'newsletter':
      return { page: model.blogPosts.pick(rng), referrer: ref.url, query: LANDING_QUERIES.newsletter };
    case 'social':
    case 'news':
      return {
        page: rng.chance(0.7) ? model.blogPosts.pick(rng) : model.humanPages.pick(rng),
        referrer: ref.url,
        query: rng.chance(0.25) ? LANDING_QUERIES.social : null,
      };
    default:
      return {
        page: model.humanPages.pick(rng),
        referrer: ref.url,
        query: ref.kind === 'search' && rng.chance(0.04) ? LANDING_QUERIES.ads : null,
      };
  }
}

/**
 * Old outside links: a few landings hit a dead URL (404) or a redirecting path first. Returns the
 * time the visit goes on at, or -1 when it stopped.
 */
function detour(ctx: VisitContext, client: Client, t: number, landing: Landing): number {
  const { rng, model, out } = ctx;
  const u = rng.float();
  if (u < 0.012) {
    const dead = { ...model.notFoundPage, path: rng.pick(DEAD_URLS) };
    if (!out.send(client, t, request(dead, landing.referrer, 'notFound'))) return -1;
    return t + 2_000 + rng.int(0, 8_000);
  }
  if (u < 0.03) {
    const r = rng.pick(model.redirects);
    const outcome = r.by === 'function' ? 'redirectFunction' : 'redirectOrigin';
    if (!out.send(client, t, request(r.res, landing.referrer, outcome, { status: r.status }))) return -1;
    return t + 40 + rng.int(0, 200);
  }
  return t;
}

/** Page views: the landing page, then more pages while the visitor stays. */
function browse(
  ctx: VisitContext,
  client: Client,
  visitor: Visitor,
  t0: number,
  landing: Landing,
  returning: boolean,
): void {
  const { rng, model, out } = ctx;
  let page = landing.page;
  let referrer = landing.referrer;
  let query = page.res.path === '/search' ? `q=${rng.pick(SEARCH_TERMS)}` : landing.query;
  let t = t0;
  for (let view = 0; view < 12; view++) {
    const outcome = returning && rng.chance(0.3) ? 'notModified' : 'ok';
    if (!out.send(client, t, request(page.res, referrer, outcome, { query }))) return;
    const url =
      query === null ? (page.urls[visitor.hostIndex] as string) : `${page.urls[visitor.hostIndex]}?${query}`;
    const loaded = loadPageAssets(ctx, client, visitor, page, url, t, !returning, view === 0);
    if (loaded < 0) return;
    if (page.media && rng.chance(0.5) && playMedia(ctx, client, page.media, url, loaded) < 0) return;
    t = loaded + Math.min(900_000, rng.logNormal(35_000, 1));
    if (page.apiCall && rng.chance(page.apiCall.share)) {
      if (
        visitor.hostIndex !== 0 &&
        !out.send(client, t, request(page.apiCall.res, url, 'noContent', { method: 'OPTIONS' }))
      ) {
        return;
      }
      if (!out.send(client, t + 40, request(page.apiCall.res, url, 'ok', { method: 'POST' }))) return;
      t += 1_000 + rng.int(0, 5_000);
    }
    if (!rng.chance(view === 0 ? 0.5 : 0.4)) return;
    if (page.brokenLink && rng.chance(page.brokenLink.share)) {
      if (!out.send(client, t, request(page.brokenLink.to, url, 'notFound'))) return;
      t += 3_000 + rng.int(0, 7_000);
    }
    referrer = url;
    page = model.humanPages.pick(rng);
    query = page.res.path === '/search' ? `q=${rng.pick(SEARCH_TERMS)}` : null;
  }
}
