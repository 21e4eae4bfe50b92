import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { buildReport } from '../../src/report/buildReport.js';
import type { Report } from '../../src/report/model.js';
import { storeBotAgents } from '../../src/report/storeBots.js';
import { logLine } from '../ingest/logText.js';
import { CHROME, NOW, storeOfLines } from './fixture.js';
import { visitsStore } from './visitsFixture.js';

/**
 * Visits, bounce rate, duration, entry and exit pages, channels and UTM tags on the visits
 * fixture (test/report/visitsFixture.ts), every figure worked out by hand from its comment.
 */

let engine: DuckDBEngine;
let report: Report;

before(async () => {
  engine = await DuckDBEngine.open({ store: await visitsStore(), now: () => NOW });
  report = await buildReport(engine, { range: { kind: 'all' }, now: () => NOW });
  await engine.defineVisits(await storeBotAgents(engine));
});
after(() => engine.close());

/** The visits view's rows, in start order, the columns a test looks at. */
async function visitRows(columns: string, view = 'visits') {
  const result = await engine.query(`SELECT ${columns} FROM ${view} ORDER BY "start", entry_page`);
  return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]])));
}

describe('visits', () => {
  test('splits at a gap over 30:00, at UTC midnight, and ignores bots and 304s between pageviews', async () => {
    const rows = await visitRows(`CAST("date" AS VARCHAR) AS day, strftime("start", '%H:%M:%S') AS starts,
      strftime("end", '%H:%M:%S') AS ends, duration, pageviews, entry_page, exit_page`);
    assert.deepEqual(rows, [
      {
        day: '2026-11-20',
        starts: '10:00:00',
        ends: '10:30:00',
        duration: 1800,
        pageviews: 2,
        entry_page: '/',
        exit_page: '/a',
      },
      {
        day: '2026-11-20',
        starts: '11:00:01',
        ends: '11:00:01',
        duration: 0,
        pageviews: 1,
        entry_page: '/b',
        exit_page: '/b',
      },
      {
        day: '2026-11-20',
        starts: '12:00:00',
        ends: '12:00:00',
        duration: 0,
        pageviews: 2,
        entry_page: '/first',
        exit_page: '/second',
      },
      {
        day: '2026-11-20',
        starts: '13:00:00',
        ends: '13:00:00',
        duration: 0,
        pageviews: 1,
        entry_page: '/',
        exit_page: '/',
      },
      {
        day: '2026-11-20',
        starts: '13:40:00',
        ends: '13:40:00',
        duration: 0,
        pageviews: 1,
        entry_page: '/d',
        exit_page: '/d',
      },
      {
        day: '2026-11-20',
        starts: '14:00:00',
        ends: '14:10:00',
        duration: 600,
        pageviews: 2,
        entry_page: '/',
        exit_page: '/cart',
      },
      ...['15:00:00', '15:45:00', '16:30:00', '17:15:00', '18:00:00', '18:45:00'].map((t) => ({
        day: '2026-11-20',
        starts: t,
        ends: t,
        duration: 0,
        pageviews: 1,
        entry_page: '/',
        exit_page: '/',
      })),
      {
        day: '2026-11-20',
        starts: '23:50:00',
        ends: '23:50:00',
        duration: 0,
        pageviews: 1,
        entry_page: '/',
        exit_page: '/',
      },
      {
        day: '2026-11-21',
        starts: '00:05:00',
        ends: '00:05:00',
        duration: 0,
        pageviews: 1,
        entry_page: '/c',
        exit_page: '/c',
      },
    ]);
  });

  test('tags each visit from its entry pageview: channel by the first matching rule, UTM as stored, site and host', async () => {
    const rows = await visitRows(
      `strftime("start", '%H:%M') AS at, channel, referring_site, utm_source, utm_medium, utm_campaign, host`,
    );
    const none = { utm_source: null, utm_medium: null, utm_campaign: null, host: 'www.example.com' };
    assert.deepEqual(rows, [
      { at: '10:00', channel: 'search', referring_site: 'google.com', ...none },
      {
        at: '11:00',
        channel: 'email',
        referring_site: null,
        ...none,
        utm_source: 'Newsletter',
        utm_medium: 'EMAIL',
      },
      { at: '12:00', channel: 'search', referring_site: 'google.com', ...none },
      { at: '13:00', channel: 'social', referring_site: 'm.facebook.com', ...none },
      {
        at: '13:40',
        channel: 'paid',
        referring_site: 'mail.google.com',
        ...none,
        utm_source: 'fb',
        utm_medium: 'cpc',
      },
      {
        at: '14:00',
        channel: 'social',
        referring_site: 'news.ycombinator.com',
        ...none,
        utm_campaign: 'launch',
      },
      { at: '15:00', channel: 'search', referring_site: 'google.co.uk', ...none },
      { at: '15:45', channel: 'referral', referring_site: 'blog.example.org', ...none },
      { at: '16:30', channel: 'referral', referring_site: null, ...none, utm_source: 'partner' },
      { at: '17:15', channel: 'search', referring_site: 'de.search.yahoo.com', ...none },
      { at: '18:00', channel: 'search', referring_site: null, ...none, utm_medium: 'organic' },
      { at: '18:45', channel: 'referral', referring_site: 'notfacebook.com', ...none },
      { at: '23:50', channel: 'direct', referring_site: null, ...none },
      { at: '00:05', channel: 'direct', referring_site: null, ...none },
    ]);
  });

  test('names a visitor by a hash of the key, never by its address', async () => {
    const rows = await visitRows('visitor, entry_page');
    const visitors = new Set(rows.map((r) => r.visitor));
    assert.equal(visitors.size, 6, 'six visitor keys (2.2.2.2 is one key on two days)');
    for (const { visitor } of rows) assert.match(String(visitor), /^[0-9a-f]{32}$/);
    const first = await engine.query('SELECT visitor FROM visits ORDER BY "start" LIMIT 1');
    const expected = await engine.query(`SELECT md5('1.1.1.1' || chr(10) || $ua) AS h`, {
      ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML like Gecko) Chrome/124.0.0.0 Safari/537.36',
    });
    assert.equal(first.rows[0]?.[0], expected.rows[0]?.[0]);
  });

  test('reads only the period’s days in the period views', async () => {
    const today = await visitRows('entry_page', 'visits_today');
    assert.deepEqual(today, [{ entry_page: '/c' }]);
    const counted = await engine.query('SELECT count(*) FROM visits_yesterday');
    assert.equal(Number(counted.rows[0]?.[0]), 13);
  });
});

describe('report visits', () => {
  test('totals: visits, bounce rate, mean duration and pages per visit', () => {
    const { totals } = report;
    assert.equal(totals.visits, 14);
    assert.equal(totals.bounceRate, 11 / 14);
    assert.equal(totals.visitDuration, 2400 / 14);
    assert.equal(totals.pagesPerVisit, 17 / 14);
    assert.equal(totals.pageviews, 17);
    assert.equal(totals.visitors, 7);
  });

  test('entry and exit pages with their visits, bounce rate and mean duration', () => {
    assert.deepEqual(report.entryPages, [
      { uri: '/', visits: 10, bounceRate: 0.8, visitDuration: 240 },
      { uri: '/b', visits: 1, bounceRate: 1, visitDuration: 0 },
      { uri: '/c', visits: 1, bounceRate: 1, visitDuration: 0 },
      { uri: '/d', visits: 1, bounceRate: 1, visitDuration: 0 },
      { uri: '/first', visits: 1, bounceRate: 0, visitDuration: 0 },
    ]);
    assert.deepEqual(
      report.exitPages.map((p) => [p.uri, p.visits]),
      [
        ['/', 8],
        ['/a', 1],
        ['/b', 1],
        ['/c', 1],
        ['/cart', 1],
        ['/d', 1],
        ['/second', 1],
      ],
    );
  });

  test('channels, referring sites by visits and UTM tags', () => {
    assert.deepEqual(
      report.channels.map((c) => [c.channel, c.visits, c.bounceRate, c.visitDuration]),
      [
        ['search', 5, 3 / 5, 1800 / 5],
        ['referral', 3, 1, 0],
        ['direct', 2, 1, 0],
        ['social', 2, 1 / 2, 300],
        ['email', 1, 1, 0],
        ['paid', 1, 1, 0],
      ],
    );
    assert.deepEqual(
      report.visitSites.map((s) => [s.site, s.visits]),
      [
        [null, 5],
        ['google.com', 2],
        ['blog.example.org', 1],
        ['de.search.yahoo.com', 1],
        ['google.co.uk', 1],
        ['m.facebook.com', 1],
        ['mail.google.com', 1],
        ['news.ycombinator.com', 1],
        ['notfacebook.com', 1],
      ],
    );
    assert.deepEqual(
      report.utmSources.map((s) => [s.source, s.visits]),
      [
        [null, 11],
        ['Newsletter', 1],
        ['fb', 1],
        ['partner', 1],
      ],
    );
    assert.deepEqual(
      report.utmMediums.map((s) => [s.medium, s.visits]),
      [
        [null, 11],
        ['EMAIL', 1],
        ['cpc', 1],
        ['organic', 1],
      ],
    );
    assert.deepEqual(
      report.utmCampaigns.map((s) => [s.campaign, s.visits]),
      [
        [null, 13],
        ['launch', 1],
      ],
    );
  });

  test('visits over time, in the bucket of their start; the buckets add up to the total', () => {
    const points = report.timeSeries.points;
    const at = (start: string) => points.find((p) => p.start === start)?.visits;
    assert.equal(at('2026-11-20T10:00Z'), 1);
    assert.equal(at('2026-11-20T13:00Z'), 2);
    assert.equal(at('2026-11-21T00:00Z'), 1);
    assert.equal(
      points.reduce((sum, p) => sum + p.visits, 0),
      14,
    );
  });

  test('compares visits with the previous period', async () => {
    const today = await buildReport(engine, {
      range: { kind: 'period', name: 'today' },
      compare: true,
      now: () => NOW,
    });
    assert.equal(today.totals.visits, 1);
    assert.equal(today.comparison?.totals.visits, 13);
    assert.equal(today.comparison?.totals.bounceRate, 10 / 13);
    assert.equal(today.comparison?.totals.visitDuration, 2400 / 13);
  });

  test('a visit lies in its day: reports of single days add up to the two days’ report', async () => {
    const today = await buildReport(engine, { range: { kind: 'period', name: 'today' }, now: () => NOW });
    const yesterday = await buildReport(engine, {
      range: { kind: 'period', name: 'yesterday' },
      now: () => NOW,
    });
    assert.equal(today.totals.visits + yesterday.totals.visits, report.totals.visits);
  });
});

describe('the single-page application note', () => {
  /** `visitors` visitors each loading one page, `navigating` of them then fetching `data` paths. */
  async function noteOf(visitors: number, navigating: number, data: string, pages = 1) {
    const lines: string[] = [];
    for (let v = 0; v < visitors; v++) {
      const ip = `10.0.0.${v + 1}`;
      for (let p = 0; p < pages; p++) {
        lines.push(spaLine(`${ip}-page-${p}`, ip, `/p${p}`, '-', 'text/html', `10:0${p}:00`));
      }
      if (v < navigating) lines.push(spaLine(`${ip}-data`, ip, data, '-', 'application/json', '10:05:00'));
    }
    const store = await storeOfLines(lines);
    const spa = await DuckDBEngine.open({ store, now: () => NOW });
    try {
      return (await buildReport(spa, { range: { kind: 'all' }, now: () => NOW })).notes;
    } finally {
      await spa.close();
    }
  }

  test('returns the note when visits average one page and a tenth of their visitors fetch page data', async () => {
    const notes = await noteOf(10, 1, '/_next/data/build-1/pricing.json');
    assert.equal(notes.length, 1);
    assert.equal(notes[0]?.code, 'client-navigation');
    assert.match(notes[0]?.text ?? '', /^Visits average 1\.0 pageviews while 10% of their visitors/);
  });

  test('returns no note below a tenth, for a web app manifest, or when visits see more pages', async () => {
    assert.deepEqual(await noteOf(11, 1, '/_next/data/build-1/pricing.json'), []);
    assert.deepEqual(await noteOf(4, 4, '/site.webmanifest.json/manifest.json'), []);
    assert.deepEqual(await noteOf(4, 4, '/_next/data/b/x.json', 2), []);
    assert.equal((await noteOf(4, 2, '/pricing')).length, 0, 'a page path is no data request');
  });
});

function spaLine(id: string, ip: string, uri: string, query: string, type: string, time: string): string {
  return logLine({
    date: '2026-11-20',
    time,
    'c-ip': ip,
    'cs(User-Agent)': encodeURIComponent(CHROME),
    'cs-uri-stem': encodeURIComponent(uri),
    'cs-uri-query': query,
    'sc-status': '200',
    'sc-content-type': type,
    'x-edge-request-id': id,
  });
}
