import type { Client, Outcome, Resource } from './requestSpec.js';
import type { PageNode } from './siteModel.js';
import { buildAt, request, type VisitContext } from './visitContext.js';
import type { Visitor } from './visitors.js';

/**
 * What a browser fetches after a page: the bundle, fonts (with the stylesheet as referrer), icons
 * and the page's images, all with the page URL as referrer; and media played in pieces with Range
 * requests (206). A returning visitor finds much of it in its cache: skipped or revalidated (304).
 */

/** Outcome for a cached file: fetched, revalidated, or not requested at all (undefined). */
function cachedOutcome(ctx: VisitContext, stale: boolean): Outcome | undefined {
  if (stale) return 'ok';
  const u = ctx.rng.float();
  if (u < 0.6) return undefined;
  return u < 0.9 ? 'notModified' : 'ok';
}

/**
 * Requests the page's assets at `t` (when the HTML arrived). `fresh`: the visitor has nothing
 * cached; `firstView`: first page of the visit (the bundle and icons load only then).
 * Returns when the last asset was requested, or -1 when the visit must stop.
 */
export function loadPageAssets(
  ctx: VisitContext,
  client: Client,
  visitor: Visitor,
  page: PageNode,
  url: string,
  t: number,
  fresh: boolean,
  firstView: boolean,
): number {
  const { rng, model, out } = ctx;
  let at = t + 30 + rng.int(0, 250);
  if (firstView) {
    const build = buildAt(ctx, t);
    const bundle = model.bundles[build]?.bundle ?? [];
    const stale = fresh || visitor.build !== build;
    visitor.build = build;
    const css = bundle.find((r) => r.contentType === 'text/css');
    const cssUrl = css ? `https://${client.hostHeader}${css.path}` : url;
    for (const res of [...bundle, ...model.common]) {
      if (res.path === '/favicon.ico' && !fresh && !rng.chance(0.1)) continue;
      if (res.path === '/site.webmanifest' && !rng.chance(0.4)) continue;
      const outcome = cachedOutcome(ctx, stale);
      if (outcome === undefined) continue;
      const referrer = res.contentType.startsWith('font/') ? cssUrl : url;
      at += rng.int(1, 60);
      if (!out.send(client, at, request(res, referrer, outcome))) return -1;
    }
  }
  for (const res of page.images) {
    const outcome = cachedOutcome(ctx, fresh);
    if (outcome === undefined) continue;
    at += rng.int(5, 120);
    if (!out.send(client, at, request(res, url, outcome))) return -1;
  }
  return at;
}

/**
 * Plays `media` from `url` starting at `t`: a video streams in 1-4 MB ranges (Safari first probes
 * bytes 0-1); a PDF downloads whole or in ranges. Returns when playing stopped, or -1.
 */
export function playMedia(
  ctx: VisitContext,
  client: Client,
  media: Resource,
  url: string,
  t: number,
): number {
  const { rng, out } = ctx;
  let at = t + 200 + rng.int(0, 1_500);
  const video = media.contentType.startsWith('video/');
  if (!video && rng.chance(0.5)) {
    return out.send(client, at, request(media, url)) ? at + (media.bytes / client.bandwidth) * 1000 : -1;
  }
  const pieces = video ? rng.int(2, 6) : rng.int(2, 3);
  let pos = 0;
  if (video && client.ua?.includes('Safari/60') && !out.send(client, at, range(media, url, 0, 1))) return -1;
  for (let i = 0; i < pieces && pos < media.bytes; i++) {
    const length = video ? rng.int(1_000_000, 4_000_000) : rng.int(65_536, 1_048_576);
    const end = Math.min(media.bytes - 1, pos + length - 1);
    at += rng.int(20, 400);
    if (!out.send(client, at, range(media, url, pos, end))) return -1;
    at +=
      ((end - pos + 1) / client.bandwidth) * 1000 + (video ? rng.int(2_000, 15_000) : rng.int(100, 2_000));
    pos = end + 1;
  }
  return at;
}

function range(media: Resource, url: string, start: number, end: number) {
  return { ...request(media, url, 'partial'), range: { start, end } };
}
