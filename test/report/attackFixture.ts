import { logLine } from '../ingest/logText.js';

export const SCRIPT = '<script>alert(1)</script>';
export const IMG = '"><img src=x onerror=alert(1)>';

/**
 * Requests of `day` carrying the two payloads in their URI, user agent and referrer, as CloudFront
 * encodes them; three of each, the first answered 404 unless `allFound`.
 */
export function attackLines(day = '2026-11-20', allFound = false): string[] {
  return [SCRIPT, IMG].flatMap((payload, p) =>
    Array.from({ length: 3 }, (_, i) =>
      logLine({
        date: day,
        time: `18:0${i}:0${p}`,
        'x-edge-request-id': `attack-${p}-${i}`,
        'c-ip': '203.0.113.7',
        'cs-uri-stem': encodeURIComponent(`/${payload}`),
        'cs(Referer)': encodeURIComponent(`https://evil.example/${payload}`),
        'cs(User-Agent)': encodeURIComponent(`Mozilla/5.0 ${payload}`),
        'sc-status': i === 0 && !allFound ? '404' : '200',
        'sc-content-type': 'text/html',
      }),
    ),
  );
}
