import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SCANNERS } from '../../../src/demo/sim/agents.js';
import { type SimulateOptions, simulate } from '../../../src/demo/sim/simulate.js';
import { LOG_COLUMNS, type LogRecord } from '../../../src/format/schema.js';

const MONTH: SimulateOptions = {
  seed: 1,
  start: new Date('2026-10-01T00:00:00Z'),
  end: new Date('2026-10-29T00:00:00Z'),
  requests: 100_000,
};

const month = [...simulate(MONTH)];

function instant(r: LogRecord): number {
  return Date.parse(`${r.date}T${r.time}Z`);
}

function share(records: readonly LogRecord[], test: (r: LogRecord) => boolean): number {
  return records.filter(test).length / records.length;
}

const BOT_UA = /bot|crawler|spider|facebookexternalhit|curl|python-requests|Go-http-client|UptimeRobot/i;
const SCANNER_IPS = new Set<string>(SCANNERS.map((s) => s.ip));

test('returns the same records when run twice with the same seed', () => {
  const options = { ...MONTH, requests: 5_000 };
  assert.deepEqual([...simulate(options)], [...simulate(options)]);
});

test('returns different records when the seed differs', () => {
  const a = [...simulate({ ...MONTH, requests: 2_000 })];
  const b = [...simulate({ ...MONTH, requests: 2_000, seed: 2 })];
  assert.notDeepEqual(
    a.map((r) => r.request_id),
    b.map((r) => r.request_id),
  );
});

test('returns exactly the requested count when the period is short or odd', () => {
  assert.equal(month.length, MONTH.requests);
  const odd = {
    seed: 3,
    start: new Date('2026-03-01T10:17:03Z'),
    end: new Date('2026-03-01T12:41:00Z'),
    requests: 777,
  };
  const records = [...simulate(odd)];
  assert.equal(records.length, 777);
  for (const r of records) {
    assert.ok(instant(r) >= Math.floor(odd.start.getTime() / 1000) * 1000 && instant(r) < odd.end.getTime());
  }
  assert.equal([...simulate({ ...odd, requests: 0 })].length, 0);
});

test('returns a RangeError when the period is empty or the count is not a whole number', () => {
  assert.throws(() => simulate({ ...MONTH, end: MONTH.start }), RangeError);
  assert.throws(() => simulate({ ...MONTH, requests: 1.5 }), RangeError);
});

test('returns every column with valid required fields, dates and times inside the period', () => {
  const names = LOG_COLUMNS.map((c) => c.name);
  for (const r of month) {
    assert.deepEqual(Object.keys(r), names);
    assert.match(r.date ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.match(r.time ?? '', /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);
    const t = instant(r);
    assert.ok(t >= MONTH.start.getTime() && t < MONTH.end.getTime(), `${r.date} ${r.time}`);
    for (const c of LOG_COLUMNS) {
      const v = r[c.name];
      if (v === null) continue;
      if (c.type === 'VARCHAR' || c.type === 'DATE') assert.equal(typeof v, 'string', c.name);
      else assert.ok(typeof v === 'number' && Number.isFinite(v), c.name);
    }
    assert.equal(r.cookie, null);
    assert.equal(r.fle_status, null);
    assert.equal(r.fle_encrypted_fields, null);
  }
});

test('returns unique 56-character request ids ending with == over 100,000 records', () => {
  const ids = new Set<string>();
  for (const r of month) {
    assert.match(r.request_id ?? '', /^[A-Za-z0-9_-]{54}==$/);
    ids.add(r.request_id as string);
  }
  assert.equal(ids.size, month.length);
});

/** The consistency rules documented in recordFactory.ts. */
function consistent(r: LogRecord): boolean {
  const status = r.status as number;
  const result = r.result_type;
  const detailed = r.x_edge_detailed_result_type;
  if (status === 0)
    return (
      result === 'Error' && detailed === 'ClientCommError' && /^(Hit|Miss)$/.test(`${r.response_result_type}`)
    );
  if (r.response_result_type !== result) return false;
  if ((status >= 200 && status < 300) || status === 304) {
    if (!['Hit', 'RefreshHit', 'Miss'].includes(`${result}`)) return false;
    return detailed === result || (result === 'Miss' && detailed === 'OriginShieldHit');
  }
  if (status === 301 || status === 302) {
    return (
      ['Redirect', 'FunctionGeneratedResponse', 'Hit', 'Miss'].includes(`${result}`) && detailed === result
    );
  }
  if (status === 503 && (result === 'LimitExceeded' || result === 'CapacityExceeded'))
    return detailed === result;
  return result === 'Error' && /^(Error|InvalidRequest|Origin\w*Error)$/.test(`${detailed}`);
}

test('returns result types consistent with the status when checking every record', () => {
  const broken = month.filter((r) => !consistent(r));
  assert.deepEqual(broken.slice(0, 3), []);
  const redirects = month.filter((r) => r.result_type === 'Redirect');
  assert.ok(
    redirects.every((r) => r.status === 301 && r.request_protocol === 'http' && r.ssl_protocol === null),
  );
  const partial = month.filter((r) => r.status === 206);
  assert.ok(partial.length > 0);
  for (const r of partial) assert.ok((r.sc_range_start as number) <= (r.sc_range_end as number));
  assert.ok(month.every((r) => r.status === 206 || r.sc_range_start === null));
});

test('returns the status mix of a real site when counting statuses and result types', () => {
  const statuses = new Set(month.map((r) => r.status));
  for (const s of [200, 206, 301, 302, 304, 403, 404, 0]) assert.ok(statuses.has(s), `status ${s}`);
  assert.ok(
    [500, 502, 503, 504].some((s) => statuses.has(s)),
    '5xx',
  );
  const results = new Set(month.map((r) => r.result_type));
  for (const t of ['Hit', 'RefreshHit', 'Miss', 'Error', 'Redirect', 'FunctionGeneratedResponse'])
    assert.ok(results.has(t), t);
  assert.ok(share(month, (r) => r.status === 200) > 0.7);
  assert.ok(share(month, (r) => r.status === 0) < 0.01);
  assert.ok(share(month, (r) => (r.status as number) >= 500) < 0.01);
  const notFound = month.filter(
    (r) =>
      r.status === 404 &&
      r.sc_content_type === 'text/html' &&
      r.referrer?.startsWith('https://www.example-shop.com/'),
  );
  assert.ok(notFound.length > 0, 'broken internal links: 404s referred by the site itself');
});

test('returns bots, scanners and IPv6 clients in plausible shares', () => {
  const bots = share(month, (r) => BOT_UA.test(r.user_agent ?? ''));
  const scanners = share(month, (r) => SCANNER_IPS.has(r.request_ip ?? ''));
  const v6 = share(month, (r) => (r.request_ip ?? '').includes(':'));
  assert.ok(bots > 0.18 && bots < 0.32, `bots ${bots}`);
  assert.ok(scanners > 0.01 && scanners < 0.06, `scanners ${scanners}`);
  assert.ok(v6 > 0.08 && v6 < 0.2, `IPv6 ${v6}`);
});

test('returns realistic protocols, methods, ports and sizes', () => {
  assert.ok(share(month, (r) => r.request_protocol === 'https') > 0.95);
  assert.ok(share(month, (r) => r.http_version === 'HTTP/2.0') > 0.5);
  for (const v of ['HTTP/1.1', 'HTTP/3.0'])
    assert.ok(
      month.some((r) => r.http_version === v),
      v,
    );
  for (const m of ['GET', 'HEAD', 'POST', 'OPTIONS'])
    assert.ok(
      month.some((r) => r.method === m),
      m,
    );
  assert.ok(share(month, (r) => r.method === 'GET') > 0.95);
  for (const r of month) {
    assert.ok((r.c_port as number) >= 1024 && (r.c_port as number) <= 65535);
    assert.ok((r.request_bytes as number) >= 50 && (r.request_bytes as number) <= 2000, `${r.request_bytes}`);
    assert.equal(r.ssl_protocol === null, r.request_protocol === 'http');
    if (r.status === 304) assert.ok((r.bytes as number) < 1000);
  }
  const js = month.filter(
    (r) => r.status === 200 && r.method === 'GET' && r.sc_content_type === 'application/javascript',
  );
  assert.ok(js.every((r) => (r.bytes as number) > 50_000));
});

test('returns timings with 3 decimals, hits faster than misses, ttfb never above time taken', () => {
  for (const r of month) {
    const taken = r.time_taken as number;
    const ttfb = r.time_to_first_byte as number;
    assert.ok(ttfb >= 0 && ttfb <= taken, `${ttfb} > ${taken}`);
    assert.equal(Math.round(taken * 1000) / 1000, taken);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1] as number;
  const hits = median(
    month.filter((r) => r.result_type === 'Hit').map((r) => r.time_to_first_byte as number),
  );
  const misses = median(
    month.filter((r) => r.result_type === 'Miss').map((r) => r.time_to_first_byte as number),
  );
  assert.ok(hits < 0.01 && misses > 0.05, `hit ${hits} miss ${misses}`);
});

test('returns true decoded text when values hold spaces, commas, parentheses and non-ASCII', () => {
  assert.ok(month.some((r) => r.uri === '/blog/café-au-lait'));
  assert.ok(month.some((r) => r.user_agent?.includes('(KHTML, like Gecko)')));
  assert.ok(month.some((r) => r.query_string?.includes('=') && r.query_string.includes('&')));
  assert.ok(
    month.some((r) => r.referrer === null) &&
      month.some((r) => r.referrer?.startsWith('https://www.google.')),
  );
  assert.ok(month.every((r) => r.uri?.startsWith('/')));
});

test('returns records roughly but not strictly in time order', () => {
  let backwards = 0;
  let latest = 0;
  for (const r of month) {
    const t = instant(r);
    if (t < latest) {
      backwards++;
      assert.ok(latest - t <= 120_000, 'never more than two minutes back');
    }
    latest = Math.max(latest, t);
  }
  assert.ok(backwards > 100, `${backwards}`);
});

test('returns a daily rhythm, a spike day and visitors coming back when looking at days', () => {
  const byDay = new Map<string, number>();
  const byHour = new Array<number>(24).fill(0);
  for (const r of month) {
    byDay.set(r.date as string, (byDay.get(r.date as string) ?? 0) + 1);
    const h = Number(r.time?.slice(0, 2));
    byHour[h] = (byHour[h] ?? 0) + 1;
  }
  const counts = [...byDay.values()].sort((a, b) => a - b);
  const median = counts[counts.length >> 1] as number;
  assert.ok((counts.at(-1) as number) > 1.6 * median, 'one spike day');
  assert.ok(Math.max(...byHour) > 1.3 * Math.min(...byHour), 'busy and quiet hours');
  const daysByIp = new Map<string, Set<string>>();
  for (const r of month) {
    if (BOT_UA.test(r.user_agent ?? '')) continue;
    const days = daysByIp.get(r.request_ip as string) ?? new Set();
    days.add(r.date as string);
    daysByIp.set(r.request_ip as string, days);
  }
  assert.ok([...daysByIp.values()].filter((d) => d.size > 1).length > 100, 'returning visitors');
});
