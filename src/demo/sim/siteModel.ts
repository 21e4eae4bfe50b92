import { AddressBlock } from './addressBlock.js';
import { BOTS, BROWSERS, type BrowserAgent, SCANNERS } from './agents.js';
import { VISITOR_COUNTRIES, type VisitorCountry } from './geo.js';
import { Weighted, weighted, zipf } from './random.js';
import type { Resource } from './requestSpec.js';
import { localActivity } from './rhythm.js';
import {
  API_CALLS,
  type AssetDef,
  BROKEN_LINKS,
  BUILDS,
  COMMON_ASSETS,
  FILES,
  MEDIA,
  PAGES,
  type PageDef,
  REDIRECTS,
  REFERRERS,
  type ReferrerDef,
  SITE,
} from './site.js';

/**
 * The site tables of `site.ts`, `geo.ts` and `agents.ts` turned into what the simulator walks:
 * resources with cache behaviour, pages with their links and URLs, and precomputed weighted
 * pickers. Built once per process; holds no randomness.
 */

export interface PageNode {
  readonly res: Resource;
  /** Full URL of the page per host header, as a Referer of what it loads. */
  readonly urls: readonly string[];
  readonly images: readonly Resource[];
  readonly media: Resource | undefined;
  readonly brokenLink: { readonly to: Resource; readonly share: number } | undefined;
  readonly apiCall: { readonly res: Resource; readonly share: number } | undefined;
  readonly isBlogPost: boolean;
}

export interface CountryModel {
  readonly def: VisitorCountry;
  readonly ipv4: readonly AddressBlock[];
  readonly ipv6: readonly AddressBlock[];
  readonly pops: Weighted<string>;
}

export interface SiteModel {
  readonly pages: readonly PageNode[];
  readonly pageByPath: ReadonlyMap<string, PageNode>;
  readonly humanPages: Weighted<PageNode>;
  readonly botPages: Weighted<PageNode>;
  readonly blogPosts: Weighted<PageNode>;
  readonly bundles: readonly { readonly fromShare: number; readonly bundle: readonly Resource[] }[];
  readonly common: readonly Resource[];
  readonly files: ReadonlyMap<string, Resource>;
  readonly redirects: readonly { readonly res: Resource; readonly status: 301 | 302; readonly by: string }[];
  readonly referrers: Weighted<ReferrerDef>;
  readonly browsers: Weighted<BrowserAgent>;
  /** Countries weighted by human activity at each UTC hour of day (index 0-23). */
  readonly countriesByHour: readonly Weighted<CountryModel>[];
  readonly hostHeaders: Weighted<number>;
  readonly hostNames: readonly string[];
  readonly bots: Weighted<BotModel>;
  readonly scanners: readonly ScannerModel[];
  readonly notFoundPage: Resource;
}

export interface BotModel {
  readonly def: (typeof BOTS)[number];
  readonly networks: readonly { readonly block: AddressBlock; readonly pops: readonly string[] }[];
}

export type ScannerModel = (typeof SCANNERS)[number];

const HIT_RATES: Record<string, number> = {
  'text/html': 0.72,
  'application/javascript': 0.97,
  'text/css': 0.97,
  'font/woff2': 0.97,
  'application/json': 0,
};

function resource(def: AssetDef, hitRate?: number): Resource {
  const compressed = /html|javascript|css|json|xml|svg|plain/.test(def.contentType);
  return {
    path: def.path,
    contentType: def.contentType,
    bytes: def.bytes,
    hitRate: hitRate ?? HIT_RATES[def.contentType] ?? 0.9,
    contentLength: !compressed,
  };
}

function pageNode(def: PageDef, files: ReadonlyMap<string, Resource>): PageNode {
  const res = resource({ path: def.path, contentType: 'text/html', bytes: def.bytes });
  const broken = BROKEN_LINKS.find((b) => b.from === def.path);
  const api = API_CALLS.find((a) => a.from === def.path);
  const lookup = (path: string): Resource => {
    const found = files.get(path);
    if (!found) throw new Error(`site table: ${def.path} references unknown file ${path}`);
    return found;
  };
  return {
    res,
    urls: SITE.hostHeaders.map(([host]) => `https://${host}${def.path}`),
    images: (def.images ?? []).map(lookup),
    media: def.media === undefined ? undefined : lookup(def.media),
    brokenLink: broken && {
      to: resource({ path: broken.to, contentType: 'text/html', bytes: 0 }),
      share: broken.share,
    },
    apiCall: api && {
      res: resource({ path: api.path, contentType: 'application/json', bytes: 64 }),
      share: api.share,
    },
    isBlogPost: /^\/blog\/(?!tags\/|page\/)[^/]+$/.test(def.path),
  };
}

function countryModel(def: VisitorCountry): CountryModel {
  return {
    def,
    ipv4: def.ipv4.map((cidr) => AddressBlock.parse(cidr)),
    ipv6: def.ipv6.map((cidr) => AddressBlock.parse(cidr)),
    pops: weighted(def.pops),
  };
}

function countriesByHour(countries: readonly CountryModel[]): Weighted<CountryModel>[] {
  return Array.from(
    { length: 24 },
    (_, h) =>
      new Weighted(countries.map((c) => [c, c.def.weight * localActivity(h + c.def.utcOffset)] as const)),
  );
}

function buildModel(): SiteModel {
  const files = new Map<string, Resource>([...FILES, ...MEDIA].map((f) => [f.path, resource(f)]));
  const pages = PAGES.map((p) => pageNode(p, files));
  const countries = VISITOR_COUNTRIES.map(countryModel);
  return {
    pages,
    pageByPath: new Map(pages.map((p) => [p.res.path, p])),
    humanPages: zipf(pages, 1),
    botPages: zipf(pages, 0.5),
    blogPosts: zipf(pages.filter((p) => p.isBlogPost)),
    bundles: BUILDS.map((b) => ({ fromShare: b.fromShare, bundle: b.bundle.map((a) => resource(a)) })),
    common: COMMON_ASSETS.map((a) => resource(a)),
    files,
    redirects: REDIRECTS.map((r) => ({
      res: resource({ path: r.path, contentType: 'text/html', bytes: 0 }),
      status: r.status,
      by: r.by,
    })),
    referrers: weighted(REFERRERS.map((r) => [r, r.weight] as const)),
    browsers: weighted(BROWSERS.map((b) => [b, b.weight] as const)),
    countriesByHour: countriesByHour(countries),
    hostHeaders: weighted(SITE.hostHeaders.map(([, share], i) => [i, share] as const)),
    hostNames: SITE.hostHeaders.map(([host]) => host),
    bots: weighted(
      BOTS.map(
        (def) =>
          [
            { def, networks: def.networks.map((n) => ({ block: AddressBlock.parse(n.cidr), pops: n.pops })) },
            def.weight,
          ] as const,
      ),
    ),
    scanners: SCANNERS,
    notFoundPage: resource({ path: '/404.html', contentType: 'text/html', bytes: 4_812 }),
  };
}

let cached: SiteModel | undefined;

/** The site model, built on first use. */
export function siteModel(): SiteModel {
  cached ??= buildModel();
  return cached;
}
