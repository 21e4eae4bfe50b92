import type { BotCategory } from '../model.js';

export interface NamedBot {
  readonly name: string;
  readonly category: BotCategory;
  /** Tested against the whole user agent; the first bot whose pattern matches names it. */
  readonly pattern: RegExp;
}

/**
 * Bots, crawlers, tools and scanners by name, most specific first. A user agent matching one of
 * these is a bot even where `isbot` would not say so (link previews such as WhatsApp, HTTP
 * libraries, scanners); a bot that matches none is named after what `isbot` found in it.
 */
export const BOT_NAMES: readonly NamedBot[] = [
  // Search engines
  { name: 'Google-InspectionTool', category: 'search', pattern: /Google-InspectionTool/i },
  { name: 'AdsBot-Google', category: 'search', pattern: /AdsBot-Google/i },
  { name: 'Googlebot', category: 'search', pattern: /Googlebot|Google-Site-Verification|Storebot-Google/i },
  {
    name: 'Google (other)',
    category: 'search',
    pattern: /Mediapartners-Google|APIs-Google|Google-Extended/i,
  },
  { name: 'bingbot', category: 'search', pattern: /bingbot|BingPreview|msnbot|adidxbot/i },
  { name: 'Applebot', category: 'search', pattern: /Applebot/i },
  { name: 'DuckDuckBot', category: 'search', pattern: /DuckDuck(Go-Favicons-)?Bot/i },
  { name: 'YandexBot', category: 'search', pattern: /Yandex(Bot|Images|Mobile|Metrika|\w*Bot)/i },
  { name: 'Baiduspider', category: 'search', pattern: /Baiduspider/i },
  { name: 'Sogou', category: 'search', pattern: /Sogou/i },
  { name: 'SeznamBot', category: 'search', pattern: /SeznamBot/i },
  { name: 'Yeti (Naver)', category: 'search', pattern: /Yeti\//i },
  { name: 'PetalBot', category: 'search', pattern: /PetalBot|AspiegelBot/i },
  { name: 'Qwant', category: 'search', pattern: /Qwant(bot|ify)/i },
  { name: 'Mojeek', category: 'search', pattern: /MojeekBot/i },
  // AI crawlers and assistants
  { name: 'GPTBot', category: 'ai', pattern: /GPTBot/i },
  { name: 'ChatGPT-User', category: 'ai', pattern: /ChatGPT-User|OAI-SearchBot/i },
  { name: 'ClaudeBot', category: 'ai', pattern: /ClaudeBot|Claude-User|Claude-SearchBot|anthropic-ai/i },
  { name: 'PerplexityBot', category: 'ai', pattern: /Perplexity(Bot|-User)/i },
  { name: 'Bytespider', category: 'ai', pattern: /Bytespider/i },
  { name: 'CCBot', category: 'ai', pattern: /CCBot/i },
  { name: 'Amazonbot', category: 'ai', pattern: /Amazonbot/i },
  { name: 'Meta AI', category: 'ai', pattern: /meta-externalagent|meta-externalfetcher|FacebookBot/i },
  { name: 'cohere-ai', category: 'ai', pattern: /cohere-ai/i },
  { name: 'Diffbot', category: 'ai', pattern: /Diffbot/i },
  // SEO tools
  { name: 'AhrefsBot', category: 'seo', pattern: /AhrefsBot|AhrefsSiteAudit/i },
  { name: 'SemrushBot', category: 'seo', pattern: /SemrushBot|SiteAuditBot/i },
  { name: 'MJ12bot', category: 'seo', pattern: /MJ12bot/i },
  { name: 'DotBot', category: 'seo', pattern: /DotBot/i },
  { name: 'Barkrowler', category: 'seo', pattern: /Barkrowler/i },
  { name: 'DataForSeoBot', category: 'seo', pattern: /DataForSeoBot/i },
  { name: 'serpstatbot', category: 'seo', pattern: /serpstatbot/i },
  { name: 'BLEXBot', category: 'seo', pattern: /BLEXBot/i },
  { name: 'Screaming Frog', category: 'seo', pattern: /Screaming Frog/i },
  // Link previews
  { name: 'facebookexternalhit', category: 'social', pattern: /facebookexternalhit|facebookcatalog/i },
  { name: 'Twitterbot', category: 'social', pattern: /Twitterbot/i },
  { name: 'LinkedInBot', category: 'social', pattern: /LinkedInBot/i },
  { name: 'Slackbot', category: 'social', pattern: /Slackbot|Slack-ImgProxy/i },
  { name: 'Discordbot', category: 'social', pattern: /Discordbot/i },
  { name: 'TelegramBot', category: 'social', pattern: /TelegramBot/i },
  { name: 'WhatsApp', category: 'social', pattern: /WhatsApp/i },
  { name: 'Pinterestbot', category: 'social', pattern: /Pinterestbot|Pinterest\/0\./i },
  { name: 'redditbot', category: 'social', pattern: /redditbot/i },
  { name: 'Mastodon', category: 'social', pattern: /Mastodon\//i },
  { name: 'Iframely', category: 'social', pattern: /Iframely/i },
  // Uptime and performance monitors
  { name: 'UptimeRobot', category: 'monitor', pattern: /UptimeRobot/i },
  { name: 'Pingdom', category: 'monitor', pattern: /Pingdom/i },
  { name: 'StatusCake', category: 'monitor', pattern: /StatusCake/i },
  { name: 'Site24x7', category: 'monitor', pattern: /Site24x7/i },
  { name: 'Datadog Synthetics', category: 'monitor', pattern: /DatadogSynthetics/i },
  { name: 'Better Uptime', category: 'monitor', pattern: /Better ?Uptime|Betteruptime/i },
  { name: 'Amazon Route 53 health check', category: 'monitor', pattern: /Amazon-Route53-Health-Check/i },
  { name: 'Lighthouse', category: 'monitor', pattern: /Chrome-Lighthouse|PTST\//i },
  // Scanners
  { name: 'CensysInspect', category: 'scanner', pattern: /CensysInspect/i },
  { name: 'zgrab', category: 'scanner', pattern: /zgrab/i },
  { name: 'Nuclei', category: 'scanner', pattern: /Nuclei/i },
  { name: 'LeakIX (l9scan)', category: 'scanner', pattern: /l9scan|l9explore|LeakIX/i },
  { name: 'Expanse', category: 'scanner', pattern: /Expanse, a Palo Alto/i },
  { name: 'masscan', category: 'scanner', pattern: /masscan/i },
  { name: 'Nmap', category: 'scanner', pattern: /Nmap/i },
  { name: 'Nikto', category: 'scanner', pattern: /Nikto/i },
  { name: 'sqlmap', category: 'scanner', pattern: /sqlmap/i },
  { name: 'WPScan', category: 'scanner', pattern: /WPScan/i },
  { name: 'InternetMeasurement', category: 'scanner', pattern: /InternetMeasurement/i },
  { name: 'Shellshock probe', category: 'scanner', pattern: /^\(\)\s*\{/ },
  // Tools and HTTP libraries
  { name: 'curl', category: 'tool', pattern: /^curl\//i },
  { name: 'Wget', category: 'tool', pattern: /^Wget\//i },
  { name: 'python-requests', category: 'tool', pattern: /python-requests/i },
  { name: 'Python (other)', category: 'tool', pattern: /python-urllib|aiohttp|httpx|python\//i },
  { name: 'Go-http-client', category: 'tool', pattern: /Go-http-client/i },
  { name: 'axios', category: 'tool', pattern: /^axios\//i },
  { name: 'node-fetch', category: 'tool', pattern: /node-fetch|undici|^node$/i },
  { name: 'okhttp', category: 'tool', pattern: /okhttp/i },
  { name: 'Java', category: 'tool', pattern: /^Java\/|Apache-HttpClient/i },
  { name: 'libwww-perl', category: 'tool', pattern: /libwww-perl/i },
  { name: 'Scrapy', category: 'tool', pattern: /Scrapy/i },
  { name: 'HeadlessChrome', category: 'tool', pattern: /HeadlessChrome/i },
  { name: 'PostmanRuntime', category: 'tool', pattern: /PostmanRuntime/i },
];

/** The named bot a user agent belongs to, if any. */
export function namedBot(userAgent: string): NamedBot | undefined {
  return BOT_NAMES.find((bot) => bot.pattern.test(userAgent));
}
