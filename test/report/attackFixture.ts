import { logLine } from '../ingest/logText.js';

export const SCRIPT = '<script>alert(1)</script>';
export const IMG = '"><img src=x onerror=alert(1)>';

/** Requests carrying the two payloads in their URI, user agent and referrer, as CloudFront encodes them. */
export function attackLines(): string[] {
  return [SCRIPT, IMG].flatMap((payload, p) =>
    Array.from({ length: 3 }, (_, i) =>
      logLine({
        date: '2026-11-20',
        time: `18:0${i}:0${p}`,
        'x-edge-request-id': `attack-${p}-${i}`,
        'c-ip': '203.0.113.7',
        'cs-uri-stem': encodeURIComponent(`/${payload}`),
        'cs(Referer)': encodeURIComponent(`https://evil.example/${payload}`),
        'cs(User-Agent)': encodeURIComponent(`Mozilla/5.0 ${payload}`),
        'sc-status': i === 0 ? '404' : '200',
        'sc-content-type': 'text/html',
      }),
    ),
  );
}
