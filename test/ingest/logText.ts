import { CLOUDFRONT_FIELDS } from '../../src/format/schema.js';

/** The Amplify CSV header, verbatim from real exports. */
export const AMPLIFY_HEADER = CLOUDFRONT_FIELDS.map((f) => f.replace('(', '\\(')).join(',');

const DEFAULTS: Record<string, string> = {
  date: '2026-11-20',
  time: '10:00:00',
  'x-edge-location': 'SEA19-C1',
  'sc-bytes': '1000',
  'c-ip': '192.0.2.10',
  'cs-method': 'GET',
  'cs(Host)': 'd111111abcdef8.cloudfront.net',
  'cs-uri-stem': '/index.html',
  'sc-status': '200',
  'cs(Referer)': '-',
  'cs(User-Agent)': 'Mozilla/5.0%20\\(X11;%20Linux%20x86_64)',
  'cs-uri-query': '-',
  'cs(Cookie)': '-',
  'x-edge-result-type': 'Hit',
  'x-edge-request-id': 'REQ',
  'x-host-header': 'www.example.com',
  'cs-protocol': 'https',
  'cs-bytes': '100',
  'time-taken': '0.010',
  'x-forwarded-for': '-',
  'ssl-protocol': 'TLSv1.3',
  'ssl-cipher': 'TLS_AES_128_GCM_SHA256',
  'x-edge-response-result-type': 'Hit',
  'cs-protocol-version': 'HTTP/2.0',
  'fle-status': '-',
  'fle-encrypted-fields': '-',
  'c-port': '50000',
  'time-to-first-byte': '0.009',
  'x-edge-detailed-result-type': 'Hit',
  'sc-content-type': 'text/html',
  'sc-content-len': '-',
  'sc-range-start': '-',
  'sc-range-end': '-',
};

/** One log line with the given fields changed; `request id` defaults to a unique-looking value. */
export function logLine(fields: Record<string, string> = {}, delimiter: ',' | '\t' = ','): string {
  return CLOUDFRONT_FIELDS.map((f) => fields[f] ?? DEFAULTS[f]).join(delimiter);
}

/** `count` valid lines with request ids `${prefix}0`, `${prefix}1`, ..., an hour apart from 10:00 on `date`. */
export function logLines(
  count: number,
  prefix = 'id',
  date = '2026-11-20',
  delimiter: ',' | '\t' = ',',
): string[] {
  return Array.from({ length: count }, (_, i) =>
    logLine(
      {
        date,
        time: `${String(10 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`,
        'x-edge-request-id': `${prefix}${i}`,
        'sc-bytes': String(100 + i),
      },
      delimiter,
    ),
  );
}

/** An Amplify CSV file: the header, then the lines. */
export function amplifyCsv(lines: readonly string[]): string {
  return `${[AMPLIFY_HEADER, ...lines].join('\n')}\n`;
}
