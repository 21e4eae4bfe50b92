import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { importFiles } from '../../src/ingest/importFiles.js';
import type { LocalStore } from '../../src/store/LocalStore.js';
import { freshStore, tempDir } from '../helpers.js';
import { amplifyCsv, logLine } from '../ingest/logText.js';

/** The clock of the fixture: "today" is 2026-11-21, "yesterday" 2026-11-20. */
export const NOW = new Date('2026-11-21T12:00:00Z');

export const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML like Gecko) Chrome/124.0.0.0 Safari/537.36';
export const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0';
export const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1';
export const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
export const SCRIPT = '<script>alert(1)</script>';
export const V6 = '2a01:4f8:c012:3d5b::1';

interface Row {
  date?: string;
  time: string;
  ip: string;
  ua: string | null;
  method?: string;
  uri: string;
  status: string;
  type: string | null;
  referrer?: string;
  host?: string;
  bytes: number;
  result: string;
  detail?: string;
  taken: string;
  ttfb: string;
  http?: string;
  tls?: string | null;
  pop?: string;
}

/**
 * Seventeen requests whose every answer is worked out by hand in report.test.ts: two visitors on
 * one IP (Chrome and Firefox), the Chrome one again the next day, an iPhone on IPv6, a visitor of
 * a second host, Googlebot, a scanner without user agent, a bot whose user agent is a script tag;
 * 200/304/404/403/502 and a hang-up (000); Hit, RefreshHit, Miss, OriginShieldHit and errors.
 */
export const ROWS: readonly Row[] = [
  {
    time: '10:00:00',
    ip: '8.8.8.8',
    ua: CHROME,
    uri: '/',
    status: '200',
    type: 'text/html',
    referrer: 'https://www.google.com/search?q=x',
    bytes: 1000,
    result: 'Hit',
    taken: '0.010',
    ttfb: '0.005',
  },
  {
    time: '10:00:01',
    ip: '8.8.8.8',
    ua: CHROME,
    uri: '/app.js',
    status: '200',
    type: 'application/javascript',
    referrer: 'https://www.example.com/',
    bytes: 5000,
    result: 'Hit',
    taken: '0.020',
    ttfb: '0.004',
  },
  {
    time: '10:01:00',
    ip: '8.8.8.8',
    ua: CHROME,
    uri: '/pricing',
    status: '200',
    type: 'text/html; charset=utf-8',
    referrer: 'https://www.example.com/',
    bytes: 2000,
    result: 'Miss',
    taken: '0.100',
    ttfb: '0.050',
  },
  {
    time: '10:02:00',
    ip: '8.8.8.8',
    ua: CHROME,
    uri: '/old',
    status: '404',
    type: 'text/html',
    referrer: 'https://www.example.com/pricing',
    bytes: 300,
    result: 'Error',
    taken: '0.030',
    ttfb: '0.030',
  },
  {
    date: '2026-11-21',
    time: '09:00:00',
    ip: '8.8.8.8',
    ua: CHROME,
    uri: '/',
    status: '200',
    type: 'text/html',
    bytes: 1000,
    result: 'RefreshHit',
    taken: '0.040',
    ttfb: '0.020',
    pop: 'FRA56-P5',
  },
  {
    time: '11:00:00',
    ip: V6,
    ua: SAFARI,
    uri: '/',
    status: '200',
    type: 'text/html',
    referrer: 'https://t.co/abc',
    bytes: 1500,
    result: 'Miss',
    detail: 'OriginShieldHit',
    taken: '0.050',
    ttfb: '0.010',
    http: 'HTTP/3.0',
    pop: 'FRA56-P5',
  },
  {
    time: '11:00:05',
    ip: V6,
    ua: SAFARI,
    uri: '/api/data',
    status: '502',
    type: 'application/json',
    referrer: 'https://www.example.com/',
    bytes: 200,
    result: 'Error',
    detail: 'OriginConnectError',
    taken: '1.000',
    ttfb: '1.000',
    http: 'HTTP/3.0',
    pop: 'FRA56-P5',
  },
  {
    time: '11:00:06',
    ip: V6,
    ua: SAFARI,
    method: 'HEAD',
    uri: '/',
    status: '200',
    type: 'text/html',
    bytes: 0,
    result: 'Hit',
    taken: '0.001',
    ttfb: '0.001',
    http: 'HTTP/3.0',
    pop: 'FRA56-P5',
  },
  {
    time: '12:00:00',
    ip: '8.8.8.8',
    ua: FIREFOX,
    uri: '/pricing',
    status: '304',
    type: null,
    bytes: 100,
    result: 'RefreshHit',
    taken: '0.005',
    ttfb: '0.005',
  },
  {
    time: '13:00:00',
    ip: '66.249.66.1',
    ua: GOOGLEBOT,
    uri: '/',
    status: '200',
    type: 'text/html',
    bytes: 1000,
    result: 'Hit',
    taken: '0.002',
    ttfb: '0.001',
    http: 'HTTP/1.1',
  },
  {
    time: '13:00:01',
    ip: '66.249.66.1',
    ua: GOOGLEBOT,
    uri: '/robots.txt',
    status: '200',
    type: 'text/plain',
    bytes: 100,
    result: 'Hit',
    taken: '0.002',
    ttfb: '0.001',
    http: 'HTTP/1.1',
  },
  {
    time: '14:00:00',
    ip: '5.255.253.1',
    ua: null,
    uri: '/wp-login.php',
    status: '404',
    type: 'text/html',
    bytes: 50,
    result: 'Error',
    taken: '0.003',
    ttfb: '0.003',
    http: 'HTTP/1.1',
    tls: null,
    pop: 'AMS54-C1',
  },
  {
    time: '14:00:01',
    ip: '5.255.253.1',
    ua: null,
    uri: '/.env',
    status: '404',
    type: 'text/html',
    bytes: 50,
    result: 'Error',
    taken: '0.003',
    ttfb: '0.003',
    http: 'HTTP/1.1',
    tls: null,
    pop: 'AMS54-C1',
  },
  {
    time: '14:00:02',
    ip: '5.255.253.1',
    ua: null,
    method: 'POST',
    uri: '/wp-login.php',
    status: '403',
    type: 'text/html',
    bytes: 50,
    result: 'Error',
    taken: '0.003',
    ttfb: '0.003',
    http: 'HTTP/1.1',
    tls: null,
    pop: 'AMS54-C1',
  },
  {
    time: '15:00:00',
    ip: '1.0.0.1',
    ua: CHROME,
    uri: '/',
    status: '200',
    type: 'text/html',
    referrer: 'https://www.example.com/',
    host: 'main.d123.amplifyapp.com',
    bytes: 1000,
    result: 'Hit',
    taken: '0.010',
    ttfb: '0.005',
  },
  {
    time: '16:00:00',
    ip: '8.8.8.8',
    ua: CHROME,
    uri: '/big.mp4',
    status: '000',
    type: 'video/mp4',
    referrer: 'https://www.example.com/',
    bytes: 5000,
    result: 'Error',
    detail: 'ClientCommError',
    taken: '2.000',
    ttfb: '0.010',
  },
  {
    time: '17:00:00',
    ip: '10.0.0.1',
    ua: SCRIPT,
    uri: '/x',
    status: '200',
    type: 'text/html',
    bytes: 10,
    result: 'Hit',
    taken: '0.001',
    ttfb: '0.001',
  },
];

/** Free text as CloudFront writes it: percent-encoded (the import decodes it once). */
function encoded(text: string | null | undefined): string {
  return text === null || text === undefined ? '-' : encodeURIComponent(text);
}

/** The fixture's rows as Amplify CSV lines. */
export function fixtureLines(): string[] {
  return ROWS.map((row, i) =>
    logLine({
      date: row.date ?? '2026-11-20',
      time: row.time,
      'x-edge-location': row.pop ?? 'SEA19-C1',
      'sc-bytes': String(row.bytes),
      'c-ip': row.ip,
      'cs-method': row.method ?? 'GET',
      'cs-uri-stem': encoded(row.uri),
      'sc-status': row.status,
      'cs(Referer)': encoded(row.referrer),
      'cs(User-Agent)': encoded(row.ua),
      'x-edge-result-type': row.result,
      'x-edge-response-result-type': row.result,
      'x-edge-detailed-result-type': row.detail ?? row.result,
      'x-edge-request-id': `fixture-${i}`,
      'x-host-header': encoded(row.host ?? 'www.example.com'),
      'time-taken': row.taken,
      'time-to-first-byte': row.ttfb,
      'cs-protocol-version': row.http ?? 'HTTP/2.0',
      'ssl-protocol': row.tls === null ? '-' : (row.tls ?? 'TLSv1.3'),
      'cs-protocol': row.tls === null ? 'http' : 'https',
      'sc-content-type': encoded(row.type),
    }),
  );
}

/** A fresh local store holding `lines` (Amplify CSV lines), imported as of `NOW`. */
export async function storeOfLines(lines: readonly string[]): Promise<LocalStore> {
  const file = path.join(await tempDir(), 'fixture.csv');
  await fs.writeFile(file, amplifyCsv(lines));
  const store = await freshStore();
  await importFiles([file], { store, now: () => NOW });
  return store;
}

/** A fresh local store holding the fixture. */
export function fixtureStore(): Promise<LocalStore> {
  return storeOfLines(fixtureLines());
}
