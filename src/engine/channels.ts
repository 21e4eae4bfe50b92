/**
 * The channel of a visit: the first rule of `CHANNEL_RULES` that matches its UTM medium (lower
 * case) or its referring site (src/engine/referrers.ts). One table, read by the SQL below and
 * printed in the README, so anyone can see why a visit got its channel.
 */

export type Channel = 'paid' | 'email' | 'social' | 'search' | 'referral' | 'direct';

export interface ChannelRule {
  readonly channel: Channel;
  /** `utm_medium` values (compared in lower case). */
  readonly mediums: readonly string[];
  /** Referring sites matched exactly. */
  readonly sites: readonly string[];
  /** Referring sites matched exactly or as a subdomain (`m.facebook.com` for `facebook.com`). */
  readonly domains: readonly string[];
  /** Referring sites matched by a SQL `LIKE` pattern (`google.%`: any host whose first label is `google`). */
  readonly patterns: readonly string[];
  /** Matches any visit with a referring site or a `utm_source`. */
  readonly anySource?: boolean;
}

export const CHANNEL_RULES: readonly ChannelRule[] = [
  {
    channel: 'paid',
    mediums: ['cpc', 'ppc', 'paid', 'paidsearch', 'paid-social', 'display', 'cpm'],
    sites: [],
    domains: [],
    patterns: [],
  },
  {
    channel: 'email',
    mediums: ['email', 'e-mail', 'newsletter'],
    sites: ['mail.google.com', 'outlook.live.com', 'mail.yahoo.com', 'outlook.office.com'],
    domains: [],
    patterns: [],
  },
  {
    channel: 'social',
    mediums: ['social', 'social-network'],
    sites: [],
    domains: [
      'facebook.com',
      'instagram.com',
      't.co',
      'twitter.com',
      'x.com',
      'linkedin.com',
      'lnkd.in',
      'reddit.com',
      'youtube.com',
      'pinterest.com',
      'tiktok.com',
      'news.ycombinator.com',
      'mastodon.social',
      'bsky.app',
      'threads.net',
    ],
    patterns: [],
  },
  {
    channel: 'search',
    mediums: ['organic'],
    sites: [
      'bing.com',
      'duckduckgo.com',
      'search.yahoo.com',
      'yahoo.co.jp',
      'yandex.ru',
      'yandex.com',
      'baidu.com',
      'ecosia.org',
      'search.brave.com',
      'startpage.com',
      'kagi.com',
    ],
    domains: [],
    patterns: ['google.%', '%.search.yahoo.com'],
  },
  { channel: 'referral', mediums: [], sites: [], domains: [], patterns: [], anySource: true },
];

/** What a visit matches with; else it is `direct`. */
export const DEFAULT_CHANNEL: Channel = 'direct';

/** Every channel a visit can have, in the rules' order, then the default. */
export const CHANNELS: readonly Channel[] = [
  ...new Set([...CHANNEL_RULES.map((rule) => rule.channel), DEFAULT_CHANNEL]),
];

const quoted = (values: readonly string[]) => values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ');

/**
 * The channel as a SQL `CASE` over three expressions of a visit: its `utm_medium`, referring site
 * and `utm_source` (NULL when absent). SQL both engines share.
 */
export function channelSql(medium: string, site: string, source: string): string {
  const whens = CHANNEL_RULES.map((rule) => {
    const tests: string[] = [];
    if (rule.mediums.length > 0) tests.push(`lower(${medium}) IN (${quoted(rule.mediums)})`);
    if (rule.sites.length > 0) tests.push(`${site} IN (${quoted(rule.sites)})`);
    if (rule.domains.length > 0) {
      tests.push(`${site} IN (${quoted(rule.domains)})`);
      tests.push(...rule.domains.map((domain) => `${site} LIKE ${quoted([`%.${domain}`])}`));
    }
    tests.push(...rule.patterns.map((pattern) => `${site} LIKE ${quoted([pattern])}`));
    if (rule.anySource) tests.push(`${site} IS NOT NULL`, `${source} IS NOT NULL`);
    return `WHEN ${tests.join(' OR ')} THEN '${rule.channel}'`;
  });
  return `CASE ${whens.join(' ')} ELSE '${DEFAULT_CHANNEL}' END`;
}
