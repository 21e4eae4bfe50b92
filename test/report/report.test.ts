import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DUCKDB_DIALECT } from '../../src/engine/DuckDBDialect.js';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { type BuildReportOptions, buildReport } from '../../src/report/buildReport.js';
import type { Report } from '../../src/report/model.js';
import { scopeRows } from '../../src/report/queries/scope.js';
import type { LocalStore } from '../../src/store/LocalStore.js';
import { freshStore } from '../helpers.js';
import { CHROME, fixtureStore, GOOGLEBOT, NOW, SCRIPT, V6 } from './fixture.js';

let store: LocalStore;
let engine: DuckDBEngine;
let all: Report;

before(async () => {
  store = await fixtureStore();
  engine = await DuckDBEngine.open({ store, now: () => NOW });
  all = await report({ range: { kind: 'all' } });
});

after(async () => {
  await engine.close();
});

function report(options: Omit<BuildReportOptions, 'now'>): Promise<Report> {
  return buildReport(engine, { now: () => NOW, ...options });
}

describe('report totals', () => {
  test('returns the hand-counted totals when the range is every day of the store', () => {
    const t = all.totals;
    assert.deepEqual(all.range, { from: '2026-11-20', to: '2026-11-21', days: 2, name: 'all' });
    assert.deepEqual(
      { requests: t.requests, pageviews: t.pageviews, visitors: t.visitors, bytes: t.bytes },
      { requests: 17, pageviews: 5, visitors: 5, bytes: 18360 },
    );
    assert.equal(t.botRequests, 6);
    assert.equal(t.botShare, 6 / 17);
    assert.deepEqual([t.serverErrors, t.errorRate], [1, 1 / 17]);
    assert.deepEqual([t.clientErrors, t.clientErrorRate], [4, 4 / 17]);
    assert.deepEqual([t.cacheHits, t.cacheLookups, t.cacheHitRatio], [10, 11, 10 / 11]);
  });

  test('returns quantile_cont percentiles of time_taken and time_to_first_byte when every request has them', () => {
    assert.deepEqual(all.totals.timeTaken, { p50: 0.01, p95: 1.2, p99: 1.84 });
    assert.deepEqual(all.totals.timeToFirstByte, { p50: 0.005, p95: 0.24, p99: 0.848 });
  });

  test('returns the same percentiles as DuckDB quantile_cont when asked directly', async () => {
    const result = await engine.query(
      'SELECT quantile_cont(time_taken, [0.5, 0.95, 0.99]) AS t, quantile_cont(time_to_first_byte, [0.5, 0.95, 0.99]) AS f FROM access_logs',
    );
    const [taken, ttfb] = (result.rows[0] ?? []) as number[][];
    const rounded = (values: number[] | undefined) => (values ?? []).map((v) => Math.round(v * 1e6) / 1e6);
    const { timeTaken, timeToFirstByte } = all.totals;
    assert.deepEqual(rounded(taken), [timeTaken.p50, timeTaken.p95, timeTaken.p99]);
    assert.deepEqual(rounded(ttfb), [timeToFirstByte.p50, timeToFirstByte.p95, timeToFirstByte.p99]);
  });

  test('returns every total beside the previous period when compare is asked', async () => {
    const r = await report({ range: { kind: 'period', name: 'today' }, compare: true });
    assert.deepEqual(r.range, { from: '2026-11-21', to: '2026-11-21', days: 1, name: 'today' });
    assert.equal(r.totals.requests, 1);
    assert.deepEqual(r.comparison?.range, {
      from: '2026-11-20',
      to: '2026-11-20',
      days: 1,
      name: 'previous',
    });
    assert.deepEqual(
      {
        requests: r.comparison?.totals.requests,
        pageviews: r.comparison?.totals.pageviews,
        visitors: r.comparison?.totals.visitors,
        bytes: r.comparison?.totals.bytes,
        bots: r.comparison?.totals.botRequests,
        cache: r.comparison?.totals.cacheHitRatio,
      },
      { requests: 16, pageviews: 4, visitors: 4, bytes: 17360, bots: 6, cache: 9 / 10 },
    );
  });

  test('returns zeros and null ratios when the range holds no request', async () => {
    const r = await report({ range: { kind: 'days', from: '2026-10-01', to: '2026-10-03' }, compare: true });
    assert.equal(r.totals.requests, 0);
    assert.equal(r.totals.visitors, 0);
    assert.equal(r.totals.botShare, null);
    assert.deepEqual(r.totals.timeTaken, { p50: null, p95: null, p99: null });
    assert.equal(r.timeSeries.points.length, 3);
    assert.equal(r.comparison?.range.from, '2026-09-28');
  });

  test('returns the range of today alone when the store is empty and the range is all', async () => {
    const empty = await DuckDBEngine.open({ store: await freshStore(), now: () => NOW });
    try {
      const r = await buildReport(empty, { range: { kind: 'all' }, now: () => NOW });
      assert.deepEqual(r.range, { from: '2026-11-21', to: '2026-11-21', days: 1, name: 'all' });
      assert.equal(r.totals.requests, 0);
      assert.deepEqual(r.topPages, []);
    } finally {
      await empty.close();
    }
  });
});

describe('report panels', () => {
  test('returns hourly buckets that add up to the totals when the range is two days or less', () => {
    const { granularity, points } = all.timeSeries;
    assert.equal(granularity, 'hour');
    assert.equal(points.length, 48);
    assert.deepEqual(
      points.find((p) => p.start === '2026-11-20T10:00Z'),
      { start: '2026-11-20T10:00Z', requests: 4, pageviews: 2, visitors: 1, visits: 1, bytes: 8300 },
    );
    const sum = (key: 'requests' | 'pageviews' | 'visitors' | 'visits' | 'bytes') =>
      points.reduce((s, p) => s + p[key], 0);
    assert.deepEqual(
      [sum('requests'), sum('pageviews'), sum('visitors'), sum('visits'), sum('bytes')],
      [17, 5, 5, 4, 18360],
    );
  });

  test('returns daily buckets when the range is longer than two days', async () => {
    const r = await report({ range: { kind: 'period', name: 'week' } });
    assert.equal(r.timeSeries.granularity, 'day');
    assert.equal(r.timeSeries.points.length, 8);
    assert.deepEqual(r.timeSeries.points.at(-2), {
      start: '2026-11-20',
      requests: 16,
      pageviews: 4,
      visitors: 4,
      visits: 3,
      bytes: 17360,
    });
  });

  test('returns top pages by pageviews with every request for the URI', () => {
    assert.deepEqual(all.topPages, [
      { uri: '/', requests: 6, pageviews: 4 },
      { uri: '/pricing', requests: 2, pageviews: 1 },
    ]);
  });

  test('returns external referrers by the recipe and referring sites when the referrer lacks the host', () => {
    assert.deepEqual(all.referrers, [
      { referrer: 'https://t.co/abc', requests: 1 },
      { referrer: 'https://www.example.com/', requests: 1 },
      { referrer: 'https://www.google.com/search?q=x', requests: 1 },
    ]);
    assert.deepEqual(all.referringSites, [
      { site: 'example.com', requests: 1 },
      { site: 'google.com', requests: 1 },
      { site: 't.co', requests: 1 },
    ]);
  });

  test('returns every status code with requests and bytes, 000 as 0', () => {
    assert.deepEqual(all.statusCodes, [
      { status: 0, requests: 1, bytes: 5000 },
      { status: 200, requests: 10, bytes: 12610 },
      { status: 304, requests: 1, bytes: 100 },
      { status: 403, requests: 1, bytes: 50 },
      { status: 404, requests: 3, bytes: 400 },
      { status: 502, requests: 1, bytes: 200 },
    ]);
  });

  test('returns not-found pages with the pages linking to them, and server errors with their detail', () => {
    assert.deepEqual(all.notFound, [
      { uri: '/.env', requests: 1, referrers: [{ referrer: null, requests: 1 }] },
      { uri: '/old', requests: 1, referrers: [{ referrer: 'https://www.example.com/pricing', requests: 1 }] },
      { uri: '/wp-login.php', requests: 1, referrers: [{ referrer: null, requests: 1 }] },
    ]);
    assert.deepEqual(all.serverErrors, [
      { uri: '/api/data', status: 502, detail: 'OriginConnectError', requests: 1 },
    ]);
  });

  test('returns bots by name and scanners by the paths they probe', () => {
    assert.deepEqual(all.bots, [
      { name: '(no user agent)', category: 'other', requests: 3, bytes: 150 },
      { name: 'Googlebot', category: 'search', requests: 2, bytes: 1100 },
      { name: '<script>alert', category: 'other', requests: 1, bytes: 10 },
    ]);
    assert.deepEqual(all.scanners, {
      clients: [{ ip: '5.255.253.1', country: 'RU', requests: 3, paths: 2 }],
      paths: [
        { uri: '/wp-login.php', requests: 2, clients: 1 },
        { uri: '/.env', requests: 1, clients: 1 },
      ],
    });
  });

  test('returns browsers, operating systems and devices of visitors that are not bots', () => {
    assert.deepEqual(all.browsers, [
      { name: 'Chrome', visitors: 3, pageviews: 4, requests: 7 },
      { name: 'Mobile Safari', visitors: 1, pageviews: 1, requests: 3 },
      { name: 'Firefox', visitors: 1, pageviews: 0, requests: 1 },
    ]);
    assert.deepEqual(all.operatingSystems, [
      { name: 'Windows', visitors: 4, pageviews: 4, requests: 8 },
      { name: 'iOS', visitors: 1, pageviews: 1, requests: 3 },
    ]);
    assert.deepEqual(all.devices, [
      { name: 'desktop', visitors: 4, pageviews: 4, requests: 8 },
      { name: 'mobile', visitors: 1, pageviews: 1, requests: 3 },
    ]);
  });

  test('returns visitor countries from IPv4 and IPv6 addresses offline', () => {
    assert.deepEqual(all.countries, [
      { country: 'US', name: 'United States', visitors: 3, requests: 7 },
      { country: 'DE', name: 'Germany', visitors: 1, requests: 3 },
      { country: 'AU', name: 'Australia', visitors: 1, requests: 1 },
    ]);
    assert.equal(all.geoSource, 'DB-IP Lite');
  });

  test('returns edge locations with their city and country', () => {
    assert.deepEqual(all.edgeLocations, [
      { code: 'SEA', city: 'Seattle', country: 'US', requests: 10, bytes: 15510 },
      { code: 'FRA', city: 'Frankfurt', country: 'DE', requests: 4, bytes: 2700 },
      { code: 'AMS', city: 'Amsterdam', country: 'NL', requests: 3, bytes: 150 },
    ]);
  });

  test('returns hosts, HTTP and TLS versions, bandwidth by content type and every result type', () => {
    assert.deepEqual(all.hosts, [
      { value: 'www.example.com', requests: 16, bytes: 17360 },
      { value: 'main.d123.amplifyapp.com', requests: 1, bytes: 1000 },
    ]);
    assert.deepEqual(all.httpVersions, [
      { value: 'HTTP/2.0', requests: 9, bytes: 15410 },
      { value: 'HTTP/1.1', requests: 5, bytes: 1250 },
      { value: 'HTTP/3.0', requests: 3, bytes: 1700 },
    ]);
    assert.deepEqual(all.tlsVersions, [
      { value: 'TLSv1.3', requests: 14, bytes: 18210 },
      { value: null, requests: 3, bytes: 150 },
    ]);
    assert.deepEqual(all.contentTypes, [
      { value: 'text/html', requests: 12, bytes: 7960 },
      { value: 'application/javascript', requests: 1, bytes: 5000 },
      { value: 'video/mp4', requests: 1, bytes: 5000 },
      { value: 'application/json', requests: 1, bytes: 200 },
      { value: null, requests: 1, bytes: 100 },
      { value: 'text/plain', requests: 1, bytes: 100 },
    ]);
    const results = all.resultTypes.map((r) => [r.resultType, r.detailedResultType, r.cache, r.requests]);
    assert.deepEqual(
      results.sort((a, b) => String(a).localeCompare(String(b))),
      [
        ['Error', 'ClientCommError', 'none', 1],
        ['Error', 'Error', 'none', 4],
        ['Error', 'OriginConnectError', 'none', 1],
        ['Hit', 'Hit', 'hit', 7],
        ['Miss', 'Miss', 'miss', 1],
        ['Miss', 'OriginShieldHit', 'hit', 1],
        ['RefreshHit', 'RefreshHit', 'hit', 2],
      ],
    );
  });
});

describe('report filters', () => {
  test('returns only the host asked for when a host is given', async () => {
    const r = await report({ range: { kind: 'all' }, host: 'main.d123.amplifyapp.com' });
    assert.deepEqual([r.totals.requests, r.totals.pageviews, r.totals.visitors], [1, 1, 1]);
    assert.deepEqual(r.referrers, [{ referrer: 'https://www.example.com/', requests: 1 }]);
    assert.deepEqual(r.filters, [{ key: 'host', op: '=', value: 'main.d123.amplifyapp.com' }]);
    assert.equal(r.excludeBots, false);
  });

  test('returns no bot in any panel when bots are excluded', async () => {
    const r = await report({ range: { kind: 'all' }, excludeBots: true });
    assert.deepEqual([r.totals.requests, r.totals.botRequests, r.totals.botShare], [11, 0, 0]);
    assert.deepEqual([r.totals.pageviews, r.totals.visitors], [5, 5]);
    assert.deepEqual(r.bots, []);
    assert.deepEqual(r.topPages[0], { uri: '/', requests: 5, pageviews: 4 });
    assert.deepEqual(r.scanners.clients, []);
    assert.equal(
      r.statusCodes.reduce((s, c) => s + c.requests, 0),
      11,
    );
  });

  test('returns the same human rows whether the bot list is bound as parameters, as JSON, or is long', async () => {
    const count = async (agents: string[], filter: 'scan' | 'join') => {
      const { from, params } = scopeRows(
        DUCKDB_DIALECT,
        { from: '2026-11-20', to: '2026-11-21', botAgents: agents },
        true,
        filter,
      );
      return (await engine.query(`SELECT count(*) FROM ${from}`, params)).rows[0]?.[0];
    };
    const many = [GOOGLEBOT, SCRIPT, ...Array.from({ length: 600 }, (_, i) => `bot ${i}`)];
    assert.equal(await count([GOOGLEBOT, SCRIPT], 'scan'), 11);
    assert.equal(await count([GOOGLEBOT, SCRIPT], 'join'), 11);
    assert.equal(await count(many, 'scan'), 11);
    assert.equal(await count([], 'scan'), 14, 'only the requests without a user agent are left out');
  });

  test('returns log text as it is in the model, scripts included, for the renderers to escape', () => {
    assert.ok(all.bots.some((b) => b.name.startsWith('<script>')));
    assert.ok(SCRIPT.startsWith('<script>') && CHROME.length > 0 && V6.includes(':'));
  });
});
