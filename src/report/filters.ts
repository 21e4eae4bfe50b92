import { CHANNELS } from '../engine/channels.js';
import { UsageError } from '../util/errors.js';

/** `=` equals, `!=` differs, `~` contains (case-insensitive). */
export type FilterOp = '=' | '!=' | '~';

/** One filter of a report, as `--filter KEY=VALUE`, `KEY!=VALUE` or `KEY~TEXT` gives it. */
export interface ReportFilter {
  readonly key: FilterKey;
  readonly op: FilterOp;
  /** The value; empty means "missing" (`site=` keeps visits without a referring site). */
  readonly value: string;
}

/**
 * What a filter key reads:
 * - `column`: SQL over one request row, compared as text (`status` as a number or a class);
 * - `country`: the client address's country, looked up as the countries panel does;
 * - `agent`: what the user agent is (browser, OS, device, bot), classified as the agent panels do;
 * - `visit`: a column of the visit the request belongs to (src/engine/visits.ts).
 */
export type FilterSource =
  | { readonly kind: 'column'; readonly sql: string }
  | { readonly kind: 'status' }
  | { readonly kind: 'country' }
  | { readonly kind: 'agent'; readonly field: 'browser' | 'os' | 'device' | 'bot' }
  | { readonly kind: 'visit'; readonly column: string };

/** The device classes the agent panels name (ua-parser's device types, and `desktop` for none). */
export const DEVICES = [
  'desktop',
  'mobile',
  'tablet',
  'smarttv',
  'wearable',
  'console',
  'embedded',
  'xr',
] as const;

interface FilterKeyDef {
  readonly source: FilterSource;
  /** What the key filters on, for help and errors. */
  readonly about: string;
  /** A code or class, read in this case whatever case it is written in (not with `~`). */
  readonly fold?: 'upper' | 'lower';
  /**
   * The values it can equal, when it has a fixed set: a value outside it would match nothing,
   * so it is refused instead.
   */
  readonly values?: readonly string[];
}

/**
 * Every filter key, in the order help lists them. Request-level keys keep the matching requests
 * (and the pageviews, visitors and visits they make up); visit-level keys keep the matching
 * visits and their requests.
 */
export const FILTER_KEYS = {
  page: { source: { kind: 'column', sql: 'uri' }, about: 'the requested path (uri)' },
  entry_page: { source: { kind: 'visit', column: 'entry_page' }, about: "the visit's first page" },
  exit_page: { source: { kind: 'visit', column: 'exit_page' }, about: "the visit's last page" },
  host: { source: { kind: 'column', sql: 'host_header' }, about: 'the requested host name' },
  status: {
    source: { kind: 'status' },
    about: 'the HTTP status: a number (0: the viewer hung up), or 1xx to 5xx',
    fold: 'lower',
  },
  method: { source: { kind: 'column', sql: 'method' }, about: 'the HTTP method' },
  content_type: { source: { kind: 'column', sql: 'sc_content_type' }, about: 'the response content type' },
  referrer: { source: { kind: 'column', sql: 'referrer' }, about: 'the Referer header' },
  site: { source: { kind: 'visit', column: 'referring_site' }, about: "the visit's referring site" },
  channel: {
    source: { kind: 'visit', column: 'channel' },
    about: "the visit's channel",
    fold: 'lower',
    values: CHANNELS,
  },
  utm_source: { source: { kind: 'visit', column: 'utm_source' }, about: "the visit's utm_source" },
  utm_medium: { source: { kind: 'visit', column: 'utm_medium' }, about: "the visit's utm_medium" },
  utm_campaign: { source: { kind: 'visit', column: 'utm_campaign' }, about: "the visit's utm_campaign" },
  country: { source: { kind: 'country' }, about: "the client's country, an ISO code (DE)" },
  browser: { source: { kind: 'agent', field: 'browser' }, about: 'the browser (Chrome)' },
  os: { source: { kind: 'agent', field: 'os' }, about: 'the operating system (iOS)' },
  device: {
    source: { kind: 'agent', field: 'device' },
    about: 'the device type (mobile)',
    fold: 'lower',
    values: DEVICES,
  },
  edge: {
    source: { kind: 'column', sql: 'substr(location, 1, 3)' },
    about: 'the edge location code (FRA)',
    fold: 'upper',
  },
  bot: {
    source: { kind: 'agent', field: 'bot' },
    about: 'yes or no: the user agent is a bot',
    fold: 'lower',
  },
} as const satisfies Record<string, FilterKeyDef>;

export type FilterKey = keyof typeof FILTER_KEYS;

export const FILTER_KEY_NAMES = Object.keys(FILTER_KEYS) as FilterKey[];

/** The source of a key. */
export function filterSource(key: FilterKey): FilterSource {
  return FILTER_KEYS[key].source;
}

/** Whether the key filters visits (and their requests) rather than requests. */
export function isVisitLevel(key: FilterKey): boolean {
  return FILTER_KEYS[key].source.kind === 'visit';
}

const EXPRESSION = /^([^=!~]*)(!=|=|~)([\s\S]*)$/;
const STATUS = /^(?:0|[1-5]\d\d|[1-5]xx)$/;

/**
 * Reads `KEY=VALUE`, `KEY!=VALUE` or `KEY~TEXT`. Throws a UsageError (exit 2) naming the keys for
 * an unknown key or a malformed expression, and saying what the key takes for a value it cannot
 * hold: `status` takes a number or `4xx`, `bot` `yes` or `no` (neither with `~`), `channel` and
 * `device` one of their classes, `country` a two-letter code; `~` needs some text. Codes and
 * classes are read without case: `edge=fra` is `edge=FRA`, `channel=Search` is `channel=search`.
 */
export function parseFilter(expression: string): ReportFilter {
  const match = EXPRESSION.exec(expression);
  if (!match) {
    throw new UsageError(
      `--filter ${JSON.stringify(expression)}: write KEY=VALUE, KEY!=VALUE or KEY~TEXT`,
      `Keys: ${FILTER_KEY_NAMES.join(', ')}.`,
    );
  }
  const [, key = '', op, written = ''] = match;
  if (!Object.hasOwn(FILTER_KEYS, key)) {
    throw new UsageError(
      `--filter ${JSON.stringify(expression)}: unknown key ${JSON.stringify(key)}`,
      `Keys: ${FILTER_KEY_NAMES.join(', ')}.`,
    );
  }
  const { fold }: FilterKeyDef = FILTER_KEYS[key as FilterKey];
  const value =
    op === '~' || fold === undefined
      ? written
      : fold === 'upper'
        ? written.toUpperCase()
        : written.toLowerCase();
  const filter: ReportFilter = { key: key as FilterKey, op: op as FilterOp, value };
  checkValue(filter, expression);
  return filter;
}

function checkValue(filter: ReportFilter, expression: string): void {
  const bad = (why: string) =>
    new UsageError(
      `--filter ${JSON.stringify(expression)}: ${why}`,
      `${filter.key}: ${FILTER_KEYS[filter.key].about}. Keys: ${FILTER_KEY_NAMES.join(', ')}.`,
    );
  if (filter.op === '~' && filter.value === '') throw bad('~ needs the text to look for');
  if (filter.key === 'status') {
    if (filter.op === '~') throw bad('status takes = or !=');
    if (!STATUS.test(filter.value)) throw bad('status is a number (404) or a class (4xx)');
  }
  if (filter.key === 'bot') {
    if (filter.op === '~') throw bad('bot takes = or !=');
    if (filter.value !== 'yes' && filter.value !== 'no') throw bad('bot is yes or no');
  }
  const closed = (FILTER_KEYS[filter.key] as FilterKeyDef).values;
  if (closed && filter.op !== '~' && filter.value !== '' && !closed.includes(filter.value)) {
    throw bad(`${filter.key} is one of ${closed.join(', ')}`);
  }
  if (
    filter.key === 'country' &&
    filter.value !== '' &&
    filter.op !== '~' &&
    !/^[A-Za-z]{2}$/.test(filter.value)
  )
    throw bad('country is a two-letter ISO code (DE)');
}

/** The filter as it was written: `page=/pricing`. */
export function filterText(filter: ReportFilter): string {
  return `${filter.key}${filter.op}${filter.value}`;
}

/** The filter in words, for report headers: `page is /pricing`, `site is missing`. */
export function describeFilter(filter: ReportFilter): string {
  if (filter.op === '~') return `${filter.key} contains ${JSON.stringify(filter.value)}`;
  const value = filter.value === '' ? 'missing' : filter.value;
  return `${filter.key} ${filter.op === '=' ? 'is' : 'is not'} ${value}`;
}

/**
 * Whether a value found in JavaScript (a country, a browser, ...; null when missing) satisfies
 * the filter, with the SQL filters' meaning: `=` equal (empty: missing), `!=` the opposite,
 * `~` contains ignoring case (never a missing value). Countries, browsers, systems and devices,
 * being names of classes, compare without case (`browser=chrome` is Chrome).
 */
export function valueMatches(filter: ReportFilter, found: string | null): boolean {
  const fold = (text: string) => text.toLowerCase();
  if (filter.op === '~') return found !== null && fold(found).includes(fold(filter.value));
  const equal = filter.value === '' ? found === null : found !== null && fold(found) === fold(filter.value);
  return filter.op === '=' ? equal : !equal;
}
