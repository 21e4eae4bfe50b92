import type { LocalStore } from '../../src/store/LocalStore.js';
import { logLine } from '../ingest/logText.js';
import { CHROME, FIREFOX, GOOGLEBOT, SAFARI, storeOfLines } from './fixture.js';

/** One request of the visits fixture; a pageview unless `status`, `type` or `ua` say otherwise. */
interface Hit {
  readonly id: string;
  readonly day?: string;
  readonly time: string;
  readonly ip: string;
  readonly ua?: string;
  readonly uri: string;
  readonly query?: string;
  readonly referrer?: string;
  readonly host?: string;
  readonly status?: string;
}

/**
 * Requests whose visits are worked out by hand in visits.test.ts, one visitor per rule (all on
 * 2026-11-20 unless said):
 * - 1.1.1.1: pageviews 30:00 apart (one visit), then 30:01 later (a second visit, tagged
 *   utm_source=Newsletter, utm_medium=EMAIL, with an internal referrer: email);
 * - 2.2.2.2: 23:50 and 00:05 the next day: two visits, one per day (direct);
 * - 3.3.3.3: two pageviews in one second, ordered by page (`/first` before `/second`, though
 *   their request ids and their lines are in the other order), from Google's Android app (search);
 * - 4.4.4.4: pageviews 40 minutes apart, Googlebot (same address) and a 304 in between: two
 *   visits (social from m.facebook.com; then paid: utm_medium=cpc wins over a second utm_medium
 *   and over an e-mail referrer);
 * - 5.5.5.5: one visit over two hosts, entry on www.example.com (social: news.ycombinator.com;
 *   utm_source empty: absent; utm_campaign=launch);
 * - 6.6.6.6: six bounces 45 minutes apart: google.co.uk (search), blog.example.org (referral),
 *   utm_source=partner alone (referral), de.search.yahoo.com (search), utm_medium=organic
 *   (search), notfacebook.com (referral: not a subdomain of facebook.com).
 */
export const VISIT_HITS: readonly Hit[] = [
  { id: 'v1-a', time: '10:00:00', ip: '1.1.1.1', uri: '/', referrer: 'https://www.google.com/' },
  { id: 'v1-b', time: '10:30:00', ip: '1.1.1.1', uri: '/a', referrer: 'https://www.example.com/' },
  {
    id: 'v1-c',
    time: '11:00:01',
    ip: '1.1.1.1',
    uri: '/b',
    query: 'utm_source=Newsletter&utm_medium=EMAIL',
    referrer: 'https://www.example.com/a',
  },
  { id: 'v2-a', time: '23:50:00', ip: '2.2.2.2', uri: '/' },
  { id: 'v2-b', day: '2026-11-21', time: '00:05:00', ip: '2.2.2.2', uri: '/c' },
  {
    id: 'v3-a',
    time: '12:00:00',
    ip: '3.3.3.3',
    ua: FIREFOX,
    uri: '/second',
    referrer: 'android-app://com.google.android.googlequicksearchbox/',
  },
  {
    id: 'v3-b',
    time: '12:00:00',
    ip: '3.3.3.3',
    ua: FIREFOX,
    uri: '/first',
    referrer: 'android-app://com.google.android.googlequicksearchbox/',
  },
  { id: 'v4-a', time: '13:00:00', ip: '4.4.4.4', uri: '/', referrer: 'https://m.facebook.com/' },
  { id: 'v4-bot', time: '13:20:00', ip: '4.4.4.4', ua: GOOGLEBOT, uri: '/' },
  { id: 'v4-304', time: '13:20:00', ip: '4.4.4.4', uri: '/', status: '304' },
  {
    id: 'v4-b',
    time: '13:40:00',
    ip: '4.4.4.4',
    uri: '/d',
    query: 'utm_source=fb&utm_medium=cpc&utm_medium=email',
    referrer: 'https://mail.google.com/',
  },
  {
    id: 'v5-a',
    time: '14:00:00',
    ip: '5.5.5.5',
    ua: SAFARI,
    uri: '/',
    query: 'utm_source=&utm_campaign=launch',
    referrer: 'https://news.ycombinator.com/item?id=1',
  },
  { id: 'v5-b', time: '14:10:00', ip: '5.5.5.5', ua: SAFARI, uri: '/cart', host: 'shop.example.com' },
  { id: 'v6-a', time: '15:00:00', ip: '6.6.6.6', uri: '/', referrer: 'https://www.google.co.uk/' },
  { id: 'v6-b', time: '15:45:00', ip: '6.6.6.6', uri: '/', referrer: 'https://blog.example.org/post' },
  { id: 'v6-c', time: '16:30:00', ip: '6.6.6.6', uri: '/', query: 'utm_source=partner' },
  { id: 'v6-d', time: '17:15:00', ip: '6.6.6.6', uri: '/', referrer: 'https://de.search.yahoo.com/' },
  { id: 'v6-e', time: '18:00:00', ip: '6.6.6.6', uri: '/', query: 'utm_medium=organic' },
  { id: 'v6-f', time: '18:45:00', ip: '6.6.6.6', uri: '/', referrer: 'https://notfacebook.com/' },
];

/** The hits as Amplify CSV lines, in the order given (the import does not need time order). */
export function visitLines(): string[] {
  return VISIT_HITS.map((hit) =>
    logLine({
      date: hit.day ?? '2026-11-20',
      time: hit.time,
      'c-ip': hit.ip,
      'cs(User-Agent)': encodeURIComponent(hit.ua ?? CHROME),
      'cs-uri-stem': encodeURIComponent(hit.uri),
      'cs-uri-query': hit.query === undefined ? '-' : hit.query,
      'cs(Referer)': hit.referrer === undefined ? '-' : encodeURIComponent(hit.referrer),
      'x-host-header': hit.host ?? 'www.example.com',
      'sc-status': hit.status ?? '200',
      'sc-content-type': 'text/html',
      'x-edge-request-id': hit.id,
    }),
  );
}

/** A fresh local store holding the visits fixture (today is `NOW`, 2026-11-21). */
export function visitsStore(): Promise<LocalStore> {
  return storeOfLines(visitLines());
}
