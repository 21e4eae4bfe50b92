import type { SpelledPrivacy } from '../store/privacy.js';
import type { ReportFilter } from './filters.js';
import type { PanelFields } from './panel.js';
import type { PANELS } from './panels.js';

/**
 * The report model: plain JSON-safe objects (strings, numbers, null, arrays), built once by
 * `buildReport` and rendered by pure functions to text, JSON, CSV or HTML. Every string that comes
 * from the logs (URIs, referrers, user agents, hosts) is kept as it is here and escaped by each
 * renderer for its medium.
 *
 * Definitions (the README states the same sentences):
 * - request: one line of the access log, any method and status;
 * - pageview: a GET request answered 200 with an HTML document (`sc_content_type` starting with
 *   `text/html`) whose user agent is not a bot;
 * - visitor: a distinct (client IP, UTC day, user agent) among requests that are not from bots,
 *   any status: GoAccess's "unique visitor" counted as with `--4xx-to-unique-count` and without bots;
 * - visit: a maximal run of one visitor key's pageviews within one UTC day with no gap over 30
 *   minutes (src/engine/visits.ts); bounce: a visit of one pageview; visit duration: from its
 *   first pageview to its last, in seconds; entry and exit pages: its first and last pageview;
 *   channel and UTM tags: from its entry pageview (src/engine/channels.ts);
 * - bot: a request whose user agent is missing, matches the named bot list, or is a bot for `isbot`;
 * - error rate: the share of requests answered 5xx; client errors (4xx) are counted apart;
 * - cache hit ratio: requests served from a CloudFront cache (result type `Hit` or `RefreshHit`, or
 *   detailed type `OriginShieldHit`) over those plus misses (`Miss`); see `CACHE_RESULT_TYPES`.
 */

/** A UTC calendar day, `YYYY-MM-DD`. */
export type Day = string;

/** How the time series is bucketed: by UTC hour for ranges of up to two days, else by day. */
export type Granularity = 'hour' | 'day';

export interface ReportRange {
  /** First day, inclusive. */
  readonly from: Day;
  /** Last day, inclusive. */
  readonly to: Day;
  readonly days: number;
  /** How the range was asked for: `today`, `yesterday`, `week`, `month`, `all` or `custom`. */
  readonly name: string;
}

/** Seconds, as CloudFront logs them; null when no request had a value. */
export interface Percentiles {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export interface Totals {
  readonly requests: number;
  readonly pageviews: number;
  readonly visitors: number;
  readonly visits: number;
  /** Visits of one pageview over visits; null without visits. */
  readonly bounceRate: number | null;
  /** Mean visit duration in seconds (last pageview's timestamp minus the first's); null without visits. */
  readonly visitDuration: number | null;
  /** Mean pageviews per visit; null without visits. */
  readonly pagesPerVisit: number | null;
  readonly bytes: number;
  readonly botRequests: number;
  /** botRequests / requests; null without requests. */
  readonly botShare: number | null;
  /** Requests answered 5xx. */
  readonly serverErrors: number;
  /** serverErrors / requests. */
  readonly errorRate: number | null;
  /** Requests answered 4xx. */
  readonly clientErrors: number;
  readonly clientErrorRate: number | null;
  /** Requests served from a CloudFront cache (Hit, RefreshHit, OriginShieldHit). */
  readonly cacheHits: number;
  /** cacheHits + requests that went to the origin (Miss other than OriginShieldHit). */
  readonly cacheLookups: number;
  /** cacheHits / cacheLookups. */
  readonly cacheHitRatio: number | null;
  /** `time_taken`: from the request's arrival to the last byte sent. */
  readonly timeTaken: Percentiles;
  /** `time_to_first_byte`: from the request's arrival to the first byte of the response. */
  readonly timeToFirstByte: Percentiles;
}

export interface TimePoint {
  /** The bucket's start: `YYYY-MM-DD` for days, `YYYY-MM-DDTHH:00Z` for hours. */
  readonly start: string;
  readonly requests: number;
  readonly pageviews: number;
  /** Visitors whose first request of their day fell in this bucket (so the buckets add up). */
  readonly visitors: number;
  /** Visits that started in this bucket. */
  readonly visits: number;
  readonly bytes: number;
}

export interface PageRow {
  readonly uri: string | null;
  /** Every request for the URI, bots and errors included. */
  readonly requests: number;
  readonly pageviews: number;
}

/** A full external referrer URL, counted in pageviews it brought. */
export interface ReferrerRow {
  readonly referrer: string;
  readonly requests: number;
}

/** The host of external referrers (lower case, without `www.`), counted in pageviews. */
export interface SiteRow {
  readonly site: string;
  readonly requests: number;
}

/** Visits by one of their values (an entry page, a channel, a UTM tag, a referring site). */
export interface VisitMeasures {
  readonly visits: number;
  /** Visits of one pageview over visits. */
  readonly bounceRate: number | null;
  /** Mean visit duration, seconds. */
  readonly visitDuration: number | null;
}

export interface EntryPageRow extends VisitMeasures {
  readonly uri: string | null;
}

export interface ExitPageRow extends VisitMeasures {
  readonly uri: string | null;
}

export interface ChannelRow extends VisitMeasures {
  readonly channel: string;
}

export interface UtmSourceRow extends VisitMeasures {
  readonly source: string | null;
}

export interface UtmMediumRow extends VisitMeasures {
  readonly medium: string | null;
}

export interface UtmCampaignRow extends VisitMeasures {
  readonly campaign: string | null;
}

/** Visits by the referring site of their entry pageview; null: no external referrer. */
export interface VisitSiteRow extends VisitMeasures {
  readonly site: string | null;
}

export interface StatusRow {
  /** 0 when the viewer hung up before the response (`000` in the log). */
  readonly status: number | null;
  readonly requests: number;
  readonly bytes: number;
}

export interface NotFoundRow {
  readonly uri: string | null;
  readonly requests: number;
  /** The pages linking to it (the `Referer`), most frequent first; null for none. */
  readonly referrers: readonly { readonly referrer: string | null; readonly requests: number }[];
}

export interface ServerErrorRow {
  readonly uri: string | null;
  readonly status: number;
  /** CloudFront's detailed result type, e.g. `OriginConnectError`. */
  readonly detail: string | null;
  readonly requests: number;
}

export type BotCategory = 'search' | 'ai' | 'seo' | 'social' | 'monitor' | 'tool' | 'scanner' | 'other';

export interface BotRow {
  readonly name: string;
  readonly category: BotCategory;
  readonly requests: number;
  readonly bytes: number;
}

export interface ScannerRow {
  readonly ip: string | null;
  readonly country: string | null;
  readonly requests: number;
  /** Distinct probed paths. */
  readonly paths: number;
}

export interface ProbeRow {
  readonly uri: string | null;
  readonly requests: number;
  /** Distinct client IPs probing it. */
  readonly clients: number;
}

/** A browser, operating system or device class, over requests that are not from bots. */
export interface AgentRow {
  readonly name: string;
  readonly visitors: number;
  readonly pageviews: number;
  readonly requests: number;
}

export interface CountryRow {
  /** ISO 3166-1 alpha-2, or null when the address is not in the database. */
  readonly country: string | null;
  /** English name, e.g. `Germany`, or `Unknown`. */
  readonly name: string;
  readonly visitors: number;
  /** Requests by those visitors. */
  readonly requests: number;
}

export interface EdgeLocationRow {
  /** The POP prefix (three letters of `x-edge-location`, e.g. `SEA`). */
  readonly code: string | null;
  readonly city: string | null;
  readonly country: string | null;
  readonly requests: number;
  readonly bytes: number;
}

/** Requests and bytes of one value of a column (host, HTTP version, TLS version, content type). */
export interface ValueRow {
  readonly value: string | null;
  readonly requests: number;
  readonly bytes: number;
}

export type CacheOutcome = 'hit' | 'miss' | 'none';

export interface ResultTypeRow {
  readonly resultType: string | null;
  readonly detailedResultType: string | null;
  /** How the cache hit ratio counts it. */
  readonly cache: CacheOutcome;
  readonly requests: number;
  readonly bytes: number;
}

export interface Comparison {
  readonly range: ReportRange;
  readonly totals: Totals;
}

/** The report's fields that are not panels: what was asked, the totals and the time series. */
/**
 * A note on the figures: `client-navigation` says visit depth is understated because the site
 * navigates in the browser (src/report/clientNavigation.ts).
 */
export interface ReportNote {
  readonly code: 'client-navigation';
  readonly text: string;
}

/** Privacy settings as the report states them: `none` and `forever` spelled out, as the CLI takes them. */
export type ReportPrivacy = SpelledPrivacy;

export interface ReportHeader {
  /** Version of this model's shape. */
  readonly schema: 2;
  readonly generatedAt: string;
  readonly range: ReportRange;
  /** Every filter the figures passed (`--host` as `host=`), in order; all must hold. */
  readonly filters: readonly ReportFilter[];
  /** Bots left out of every panel (`--exclude-bots`). */
  readonly excludeBots: boolean;
  /** What the reader should know to read the figures right (see `ReportNote`). */
  readonly notes: readonly ReportNote[];
  /** The store's privacy settings when the report was made (src/store/privacy.ts). */
  readonly privacy: ReportPrivacy;
  readonly totals: Totals;
  /** The previous period of the same length (with `--compare`), else null. */
  readonly comparison: Comparison | null;
  readonly timeSeries: { readonly granularity: Granularity; readonly points: readonly TimePoint[] };
}

/**
 * The report: the header, then each panel's rows under its key (`PANELS`, in their order), then
 * where the countries come from, for the credit line (`DB-IP Lite` or a MaxMind file name).
 */
export type Report = ReportHeader & PanelFields<typeof PANELS> & { readonly geoSource: string };
