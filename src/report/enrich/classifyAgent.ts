import { isbot, isbotMatch } from 'isbot';
import { UAParser } from 'ua-parser-js';
import type { BotCategory } from '../model.js';
import { namedBot } from './botNames.js';

/** What one user agent string says about its sender. */
export type AgentInfo =
  | { readonly bot: true; readonly name: string; readonly category: BotCategory }
  | {
      readonly bot: false;
      /** Browser name as `ua-parser-js` gives it (`Chrome`, `Mobile Safari`, ...) or `Other`. */
      readonly browser: string;
      readonly os: string;
      /** `desktop` when the parser names no device type, else `mobile`, `tablet`, `smarttv`, ... */
      readonly device: string;
    };

/** The name shown for requests without a user agent, which every browser sends: they count as bots. */
export const NO_USER_AGENT = '(no user agent)';

/**
 * Classifies a user agent: a bot when it is missing or blank, matches the named list
 * (`BOT_NAMES`), or is a bot for `isbot`; otherwise a browser, operating system and device class
 * read by `ua-parser-js`. Runs once per distinct user agent, never per request.
 */
export function classifyAgent(userAgent: string | null): AgentInfo {
  if (userAgent === null || userAgent.trim() === '')
    return { bot: true, name: NO_USER_AGENT, category: 'other' };
  const named = namedBot(userAgent);
  if (named) return { bot: true, name: named.name, category: named.category };
  if (isbot(userAgent)) return { bot: true, name: unnamedBot(userAgent), category: 'other' };
  const result = new UAParser(userAgent).getResult();
  return {
    bot: false,
    browser: result.browser.name ?? 'Other',
    os: result.os.name ?? 'Other',
    device: result.device.type ?? 'desktop',
  };
}

/**
 * A short name for a bot `isbot` recognises but the list does not: the word of the user agent
 * holding the match, without its version (`Mozilla/5.0 (compatible; Foobot/1.2)` → `Foobot`).
 */
function unnamedBot(userAgent: string): string {
  const match = (isbotMatch(userAgent) ?? '').toLowerCase();
  const words = userAgent.split(/[\s;()+,]+/).filter((word) => word !== '');
  const word = words.find((w) => match !== '' && w.toLowerCase().includes(match)) ?? words[0] ?? '';
  const name = word.split('/')[0]?.slice(0, 60) ?? '';
  return name === '' ? 'Other bot' : name;
}
