import type { RequestSpec } from './requestSpec.js';
import { DEAD_URLS, SCANNER_PROBES } from './site.js';
import type { BotModel } from './siteModel.js';
import { buildAt, request, type VisitContext } from './visitContext.js';
import { connect } from './visitors.js';

/**
 * Visits by machines. Bots crawl (robots.txt, sitemap, pages, some dead or moved URLs,
 * conditional GETs), render link previews, monitor uptime or run scripts. Scanners probe for
 * weak spots with attack payloads, mostly getting 404 and 403, and ignore redirects to HTTPS.
 */

/** A bot visit starting at `t0`. */
export function botVisit(ctx: VisitContext, t0: number): void {
  const { rng, model } = ctx;
  const bot = model.bots.pick(rng);
  const net = rng.pick(bot.networks);
  const def = bot.def;
  const client = connect(rng, {
    ip: net.block.random(rng),
    ua: def.ua,
    pop: rng.pick(net.pops),
    hostHeader: model.hostNames[model.hostHeaders.pick(rng)] ?? '',
    http2: def.http2,
    http3: 0,
    bandwidth: 20_000_000,
  });
  const https = def.behaviour !== 'script' || rng.chance(0.8);
  const count = rng.int(def.requests[0], def.requests[1]);
  const gap = def.name === 'GPTBot' || def.name === 'ClaudeBot' ? 900 : 6_000;
  let t = t0;
  for (let i = 0; i < count; i++) {
    const spec = botRequest(ctx, bot, i, https);
    const method = rng.chance(def.head) ? 'HEAD' : 'GET';
    if (!ctx.out.send(client, t, method === 'GET' ? spec : { ...spec, method })) return;
    if (!https) return;
    t += 50 + rng.exponential(gap);
  }
}

/** The `i`th request of a bot visit. */
function botRequest(ctx: VisitContext, bot: BotModel, i: number, https: boolean): RequestSpec {
  const { rng, model } = ctx;
  const home = model.pages[0]?.res ?? model.notFoundPage;
  const behaviour = bot.def.behaviour;
  if (!https) return request(home, null, 'redirectHttps', { https: false });
  if (behaviour === 'monitor') return request(home, null);
  if (behaviour === 'preview') {
    if (i > 0) return request(model.files.get('/images/og-default.png') ?? home, null);
    return request(rng.chance(0.7) ? model.blogPosts.pick(rng).res : home, null);
  }
  if (i === 0 && rng.chance(behaviour === 'script' ? 0.2 : 0.35)) {
    return request(model.files.get('/robots.txt') ?? home, null);
  }
  const u = rng.float();
  if (u < 0.05) return request({ ...model.notFoundPage, path: rng.pick(DEAD_URLS) }, null, 'notFound');
  if (u < 0.09) {
    const r = rng.pick(model.redirects);
    return request(r.res, null, r.by === 'function' ? 'redirectFunction' : 'redirectOrigin', {
      status: r.status,
    });
  }
  if (u < 0.12) return request(model.files.get('/sitemap.xml') ?? home, null);
  if (u < 0.16) {
    const bundle = model.bundles[buildAt(ctx, ctx.hour.start)]?.bundle ?? [];
    return request(rng.pick([...bundle, ...model.common]), null);
  }
  const page = model.botPages.pick(rng);
  return request(page.res, null, rng.chance(0.15) ? 'notModified' : 'ok');
}

/** A scanner visit starting at `t0`: a burst of probes from one address. */
export function scannerVisit(ctx: VisitContext, t0: number): void {
  const { rng, model } = ctx;
  const scanner = rng.pick(model.scanners);
  const https = rng.chance(0.7);
  const client = connect(rng, {
    ip: scanner.ip,
    ua: rng.pick(scanner.agents),
    pop: scanner.pop,
    hostHeader: model.hostNames[rng.chance(0.6) ? 0 : 1] ?? '',
    http2: 0.15,
    http3: 0,
    bandwidth: 10_000_000,
  });
  const count = rng.int(4, 30);
  let t = t0;
  for (let i = 0; i < count; i++) {
    if (!ctx.out.send(client, t, probe(ctx, https))) return;
    t += 50 + rng.int(0, 1_500);
    if (rng.chance(0.05)) client.port = rng.int(1024, 65535);
  }
}

function probe(ctx: VisitContext, https: boolean): RequestSpec {
  const { rng, model } = ctx;
  const p = rng.pick(SCANNER_PROBES);
  const page = model.pageByPath.get(p.path);
  const res = page?.res ?? { ...model.notFoundPage, path: p.path };
  const referrer = 'referrer' in p ? p.referrer : null;
  const options = { query: 'query' in p ? p.query : null, method: 'method' in p ? p.method : 'GET', https };
  if (!https) return request(res, referrer, 'redirectHttps', options);
  if (p.status === 200 && page) return request(res, referrer, 'ok', options);
  const outcome =
    p.status === 403
      ? 'forbidden'
      : p.status === 400
        ? 'badRequest'
        : p.status === 204
          ? 'noContent'
          : 'notFound';
  return request(res, referrer, outcome, options);
}
