import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { simulate } from '../../../src/demo/sim/simulate.js';
import {
  AMPLIFY_HEADER,
  AMPLIFY_HEADER_ESCAPED_PAREN,
  type CloudFrontEra,
  cloudFrontPreamble,
  expectedAfterAmplify,
  expectedAfterCloudFront,
  formatAmplifyLine,
  formatCloudFrontLine,
  percentEncode,
} from '../../../src/demo/sim/writers.js';
import { CLOUDFRONT_FIELDS, LOG_COLUMNS, type LogRecord } from '../../../src/format/schema.js';

const SAMPLES = new URL('../../fixtures/real/', import.meta.url);

function sampleLines(name: string): string[] {
  return readFileSync(new URL(name, SAMPLES), 'utf8').split('\n');
}

function record(values: Partial<LogRecord>): LogRecord {
  const empty = Object.fromEntries(LOG_COLUMNS.map((c) => [c.name, null])) as LogRecord;
  return { ...empty, ...values };
}

const MAC_CHROME_102 =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/102.0.0.0 Safari/537.36';
const WIN_CHROME_78 =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36';

test('returns the real Amplify header when asked for the header and its variant', () => {
  assert.equal(AMPLIFY_HEADER, sampleLines('amplify_csv__logzio_fixture.csv')[0]);
  assert.ok(AMPLIFY_HEADER_ESCAPED_PAREN.includes('cs\\(Host\\),cs-uri-stem'));
  assert.equal(AMPLIFY_HEADER_ESCAPED_PAREN.split(',').length, 33);
});

test('returns the exact real line when writing a 2022 export with -0 markers', () => {
  const line = formatAmplifyLine(
    record({
      date: '2022-06-13',
      time: '13:52:05',
      location: 'TLV50-C2',
      bytes: 1024,
      request_ip: '80.179.110.98',
      method: 'GET',
      host: 'zzz.cloudfront.net',
      uri: '/',
      status: 200,
      user_agent: MAC_CHROME_102,
      result_type: 'Miss',
      request_id: 'mnKM9AcgsaDFLFGPdIKVgrslLGBBtTWFep2GzhHIIOSXsqiLz5cIHg==',
      host_header: 'master.zzz.amplifyapp.com',
      request_protocol: 'https',
      request_bytes: 484,
      time_taken: 0.302,
      ssl_protocol: 'TLSv1.3',
      ssl_cipher: 'TLS_AES_128_GCM_SHA256',
      response_result_type: 'Miss',
      http_version: 'HTTP/2.0',
      c_port: 50382,
      time_to_first_byte: 0.302,
      x_edge_detailed_result_type: 'Miss',
      sc_content_type: 'text/html',
      sc_content_len: 644,
    }),
    { emptyMarker: '-0' },
  );
  assert.equal(line, sampleLines('amplify_csv__logzio_fixture.csv')[1]);
});

test('returns the exact real line when the query string holds = and the marker is -', () => {
  const line = formatAmplifyLine(
    record({
      date: '2026-08-16',
      time: '16:25:50',
      location: 'BNA50-P1',
      bytes: 6110,
      request_ip: '203.0.113.40',
      method: 'GET',
      host: 'd47zhgcam9txj.cloudfront.net',
      uri: '/auth/callback',
      status: 200,
      referrer: 'https://accounts.google.com/',
      user_agent: MAC_CHROME_102.replace('102.0.0.0', '151.0.0.0'),
      query_string: 'code=REDACTED&state=REDACTED',
      result_type: 'Miss',
      request_id: 'x_XaI0l',
      host_header: 'learner.quantumenv.dev',
      request_protocol: 'https',
      request_bytes: 827,
      time_taken: 0.093,
      ssl_protocol: 'TLSv1.3',
      ssl_cipher: 'TLS_AES_128_GCM_SHA256',
      response_result_type: 'Miss',
      http_version: 'HTTP/3.0',
      c_port: 60221,
      time_to_first_byte: 0.093,
      x_edge_detailed_result_type: 'Miss',
      sc_content_type: 'text/html',
    }),
    { emptyMarker: '-' },
  );
  assert.equal(line, sampleLines('amplify_csv__unnamed_repo_classify_test_row.csv')[1]);
});

const DEVGUIDE_HIT = record({
  date: '2019-12-04',
  time: '21:02:31',
  location: 'LAX1',
  bytes: 392,
  request_ip: '192.0.2.100',
  method: 'GET',
  host: 'd111111abcdef8.cloudfront.net',
  uri: '/index.html',
  status: 200,
  user_agent: WIN_CHROME_78,
  result_type: 'Hit',
  request_id: 'f37nTMVvnKvV2ZSvEsivup_c2kZ7VXzYdjC-GUQZ5qNs-89BlWazbw==',
  host_header: 'd111111abcdef8.cloudfront.net',
  request_protocol: 'https',
  request_bytes: 23,
  time_taken: 0.001,
  ssl_protocol: 'TLSv1.2',
  ssl_cipher: 'ECDHE-RSA-AES128-GCM-SHA256',
  response_result_type: 'Hit',
  http_version: 'HTTP/2.0',
  c_port: 11040,
  time_to_first_byte: 0.001,
  x_edge_detailed_result_type: 'Hit',
  sc_content_type: 'text/html',
  sc_content_len: 78,
});

test('returns the exact real CloudFront lines when writing 33 fields, with and without a stray tab', () => {
  const lines = sampleLines('cloudfront_tsv__aws_cloudfront_devguide_example.log');
  assert.equal(cloudFrontPreamble(33), `${lines[0]}\n${lines[1]}\n`);
  assert.equal(formatCloudFrontLine(DEVGUIDE_HIT, { fieldCount: 33, trailingTab: true }), lines[4]);
  const error = record({
    ...DEVGUIDE_HIT,
    date: '2019-12-13',
    time: '22:36:27',
    location: 'SEA19-C1',
    bytes: 900,
    request_ip: '192.0.2.200',
    uri: '/favicon.ico',
    status: 502,
    referrer: 'http://www.example.com/',
    result_type: 'Error',
    request_id: '1pkpNfBQ39sYMnjjUQjmH2w1wdJnbHYTbag21o_3OfcQgPzdL2RSSQ==',
    host_header: 'www.example.com',
    request_protocol: 'http',
    request_bytes: 675,
    time_taken: 0.102,
    ssl_protocol: null,
    ssl_cipher: null,
    response_result_type: 'Error',
    http_version: 'HTTP/1.1',
    c_port: 25260,
    time_to_first_byte: 0.102,
    x_edge_detailed_result_type: 'OriginDnsError',
    sc_content_len: 507,
  });
  assert.equal(formatCloudFrontLine(error, { fieldCount: 33 }), lines[5]);
});

test('returns the exact real lines when writing the 19- and 24-field eras, spaces double-encoded', () => {
  const old = record({
    date: '2014-05-23',
    time: '01:13:11',
    location: 'FRA2',
    bytes: 182,
    request_ip: '192.0.2.10',
    method: 'GET',
    host: 'd111111abcdef8.cloudfront.net',
    uri: '/view/my/file.html',
    status: 200,
    referrer: 'www.displaymyfiles.com',
    user_agent: 'Mozilla/4.0 (compatible; MSIE 5.0b1; Mac_PowerPC)',
    cookie: 'zip=98101',
    result_type: 'RefreshHit',
    request_id: 'MRVMF7KydIvxMWfJIglgwHQwZsbG2IhRJ07sn9AkKUFSHS9EXAMPLE==',
    host_header: 'd111111abcdef8.cloudfront.net',
    request_protocol: 'http',
    time_taken: 0.001,
    response_result_type: 'RefreshHit',
    http_version: 'HTTP/1.1',
  });
  assert.equal(
    formatCloudFrontLine(old, { fieldCount: 19 }),
    sampleLines('cloudfront_tsv__webreadr_log.aws')[2],
  );
  const iphone = {
    ...old,
    user_agent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 10_2_1 like Mac OS X) AppleWebKit/602.4.6 (KHTML, like Gecko) Version/10.0 Mobile/14D27 Safari/602.1',
  };
  const line = formatCloudFrontLine(iphone, { fieldCount: 24, doubleEncodeSpaces: true });
  assert.equal(line, sampleLines('cloudfront_tsv__claygregory_web-1-0.txt')[2]);
  assert.equal(
    expectedAfterCloudFront(iphone, { fieldCount: 24, doubleEncodeSpaces: true }).user_agent,
    iphone.user_agent.replaceAll(' ', '%20'),
  );
});

test('returns as many fields as the era has when writing 19, 24, 26 and 33 fields', () => {
  const [r] = simulate({
    seed: 4,
    start: new Date('2026-01-01T00:00:00Z'),
    end: new Date('2026-01-02T00:00:00Z'),
    requests: 1,
  });
  for (const era of [19, 24, 26, 33] as CloudFrontEra[]) {
    const fields = cloudFrontPreamble(era).split('\n')[1]?.replace('#Fields: ', '').split(' ');
    assert.deepEqual(fields, CLOUDFRONT_FIELDS.slice(0, era));
    assert.equal(formatCloudFrontLine(r as LogRecord, { fieldCount: era }).split('\t').length, era);
    assert.equal(
      formatCloudFrontLine(r as LogRecord, { fieldCount: era, trailingTab: true }).split('\t').length,
      era + 1,
    );
    const expected = expectedAfterCloudFront(r as LogRecord, { fieldCount: era });
    assert.ok(LOG_COLUMNS.slice(era).every((c) => expected[c.name] === null));
  }
});

test('returns CloudFront percent-encoding when encoding unsafe, special and non-ASCII characters', () => {
  assert.equal(percentEncode('café'), 'caf%C3%A9');
  assert.equal(percentEncode('東京 cdn'), '%E6%9D%B1%E4%BA%AC%20cdn');
  assert.equal(percentEncode('😀'), '%F0%9F%98%80');
  assert.equal(percentEncode('<>"#%{}|\\^~[]`\''), '%3C%3E%22%23%25%7B%7D%7C%5C%5E%7E%5B%5D%60%27');
  assert.equal(percentEncode('\t\n\u0000\u007f '), '%09%0A%00%7F%20');
  assert.equal(percentEncode('a(b),c=d&e;f/g:h?i+j@k!l$m*n-o.p_q'), 'a(b),c=d&e;f/g:h?i+j@k!l$m*n-o.p_q');
  assert.equal(percentEncode('a b', true), 'a%2520b');
});

test('returns the escaped Amplify fields when a record holds attack payloads and odd text', () => {
  const r = record({
    date: '2026-11-24',
    time: '10:00:00',
    uri: '/products/"><img src=x onerror=alert(1)>',
    query_string: "q=<script>alert(1)</script>&id=1' OR 1=1--",
    referrer: 'https://www.example-shop.com/blog/café-au-lait',
    user_agent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    request_id: 'AbC_-9==',
    status: 0,
    time_taken: 0.0005,
    sc_content_type: 'application/json; charset=utf-8',
  });
  const fields = formatAmplifyLine(r, { emptyMarker: '-' }).split(',');
  assert.equal(fields.length, 33);
  assert.equal(fields[7], '/products/%22%3E%3Cimg%20src=x%20onerror=alert\\(1)%3E');
  assert.equal(fields[8], '000');
  assert.equal(fields[9], 'https://www.example-shop.com/blog/caf%C3%A9-au-lait');
  assert.equal(
    fields[10],
    'Mozilla/5.0%20\\(X11;%20Linux%20x86_64)%20AppleWebKit/537.36%20\\(KHTML%20like%20Gecko)%20Chrome/124.0.0.0%20Safari/537.36',
  );
  assert.equal(fields[11], 'q\\=%3Cscript%3Ealert\\(1)%3C/script%3E&id\\=1%27%20OR%201\\=1--');
  assert.equal(fields[14], 'AbC_-9\\=\\=');
  assert.equal(fields[18], '0.001');
  assert.equal(fields[29], 'application/json;%20charset=utf-8');
  const paren = formatAmplifyLine(r, { emptyMarker: '-', escapeCloseParen: true }).split(',');
  assert.equal(paren[7], '/products/%22%3E%3Cimg%20src=x%20onerror=alert\\(1\\)%3E');
  const cloudFront = formatCloudFrontLine(r, { fieldCount: 33 }).split('\t');
  assert.equal(
    cloudFront[10],
    'Mozilla/5.0%20(X11;%20Linux%20x86_64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/124.0.0.0%20Safari/537.36',
  );
  assert.equal(cloudFront[11], 'q=%3Cscript%3Ealert(1)%3C/script%3E&id=1%27%20OR%201=1--');
});

/** A minimal reader: split, strip backslashes, percent-decode once, markers to null. */
function readBack(line: string, delimiter: string, markers: readonly string[]): LogRecord {
  const fields = line.split(delimiter);
  const out: Record<string, string | number | null> = {};
  LOG_COLUMNS.forEach((c, i) => {
    const raw = fields[i];
    if (raw === undefined || markers.includes(raw)) out[c.name] = null;
    else if (c.type === 'VARCHAR' || c.type === 'DATE')
      out[c.name] = decodeURIComponent(raw.replace(/\\(.)/g, '$1'));
    else out[c.name] = Number(raw);
  });
  return out as unknown as LogRecord;
}

test('returns the expected values when simulated lines are read back', () => {
  const records = simulate({
    seed: 9,
    start: new Date('2026-05-01T00:00:00Z'),
    end: new Date('2026-05-03T00:00:00Z'),
    requests: 20_000,
  });
  for (const r of records) {
    for (const marker of ['-', '-0'] as const) {
      const line = formatAmplifyLine(r, { emptyMarker: marker, escapeCloseParen: marker === '-0' });
      assert.deepEqual(readBack(line, ',', [marker]), expectedAfterAmplify(r));
    }
    for (const double of [false, true]) {
      const line = formatCloudFrontLine(r, { fieldCount: 33, doubleEncodeSpaces: double });
      assert.deepEqual(
        readBack(line, '\t', ['-']),
        expectedAfterCloudFront(r, { fieldCount: 33, doubleEncodeSpaces: double }),
      );
    }
  }
});

test('returns values without commas and floats at 3 decimals when predicting an Amplify read', () => {
  const r = record({ user_agent: 'a, b,c', referrer: 'x', time_taken: 0.0004, bytes: 12 });
  const expected = expectedAfterAmplify(r);
  assert.equal(expected.user_agent, 'a bc');
  assert.equal(expected.time_taken, 0);
  assert.equal(expected.bytes, 12);
  assert.equal(expected.cookie, null);
});
