import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import type { CountryLookup } from '../../src/format/address/CountryLookup.js';
import { buildReport } from '../../src/report/buildReport.js';
import { describeFilter, parseFilter, valueMatches } from '../../src/report/filters.js';
import type { Report } from '../../src/report/model.js';
import { renderJson } from '../../src/report/render/renderJson.js';
import { UsageError } from '../../src/util/errors.js';
import { NOW } from './fixture.js';
import { VISIT_HITS, visitsStore } from './visitsFixture.js';

/**
 * Filters on the visits fixture (test/report/visitsFixture.ts), whose 19 requests make 14 visits
 * worked out by hand in its comment and in visits.test.ts:
 *   V1 1.1.1.1 10:00 [/, /a] search · V2 1.1.1.1 11:00:01 [/b] email (until the end of the day)
 *   V3 2.2.2.2 [/] direct · V4 2.2.2.2 the next day [/c] direct
 *   V5 3.3.3.3 [/first, /second] search (Firefox)
 *   V6 4.4.4.4 13:00 [/] social (its visitor's 304 at 13:20 belongs to it; Googlebot's hit does not)
 *   V7 4.4.4.4 13:40 [/d] paid
 *   V8 5.5.5.5 [/ on www, /cart on shop] social, utm_campaign=launch (Safari)
 *   V9 to V14 6.6.6.6, one page each: search, referral, referral, search, search, referral
 * Every expected figure below is counted from that list.
 */

/** Countries of the fixture's addresses, for the country filter (the real lookup is tested elsewhere). */
const COUNTRIES: CountryLookup = {
  source: 'test table',
  country: (ip) => ({ '1.1.1.1': 'AU', '6.6.6.6': 'DE' })[ip] ?? null,
};

let engine: DuckDBEngine;

before(async () => {
  engine = await DuckDBEngine.open({ store: await visitsStore(), now: () => NOW });
});
after(() => engine.close());

async function reportWith(...expressions: string[]): Promise<Report> {
  return buildReport(engine, {
    range: { kind: 'all' },
    now: () => NOW,
    filters: expressions.map(parseFilter),
    countries: async () => COUNTRIES,
  });
}

/** requests, pageviews, visitors, visits, bounces of a report. */
async function figures(...expressions: string[]) {
  const { totals } = await reportWith(...expressions);
  return {
    requests: totals.requests,
    pageviews: totals.pageviews,
    visitors: totals.visitors,
    visits: totals.visits,
    bounces: Math.round((totals.bounceRate ?? 0) * totals.visits),
  };
}

describe('parseFilter', () => {
  test('returns key, operator and value for =, != and ~, an empty value meaning missing', () => {
    assert.deepEqual(parseFilter('page=/pricing'), { key: 'page', op: '=', value: '/pricing' });
    assert.deepEqual(parseFilter('status!=4xx'), { key: 'status', op: '!=', value: '4xx' });
    assert.deepEqual(parseFilter('referrer~news=1'), { key: 'referrer', op: '~', value: 'news=1' });
    assert.deepEqual(parseFilter('site='), { key: 'site', op: '=', value: '' });
    assert.equal(describeFilter(parseFilter('site=')), 'site is missing');
    assert.equal(describeFilter(parseFilter('country!=DE')), 'country is not DE');
  });

  test('throws a usage error naming the keys for an unknown key or a malformed expression', () => {
    for (const bad of ['nope=1', 'page', '=x', 'Page=/', ' page=/', 'page:/x']) {
      assert.throws(
        () => parseFilter(bad),
        (error: unknown) =>
          error instanceof UsageError &&
          error.exitCode === 2 &&
          /page, entry_page, exit_page, host, status/.test(error.hint ?? ''),
        bad,
      );
    }
  });

  test('throws a usage error for a value the key cannot hold', () => {
    for (const bad of [
      'status=40',
      'status=6xx',
      'status~4',
      'bot=maybe',
      'bot~y',
      'country=Germany',
      'page~',
      'channel=foo',
      'device=phone',
    ]) {
      assert.throws(
        () => parseFilter(bad),
        (error: unknown) =>
          error instanceof UsageError &&
          error.exitCode === 2 &&
          /Keys: page, entry_page/.test(error.hint ?? ''),
        bad,
      );
    }
    assert.throws(
      () => parseFilter('channel=foo'),
      /channel is one of paid, email, social, search, referral, direct/,
    );
    assert.throws(() => parseFilter('device=phone'), /device is one of desktop, mobile, tablet/);
  });

  test('reads codes and classes without case: edge, channel, device, bot; browsers and systems match without it', () => {
    assert.deepEqual(parseFilter('edge=fra'), { key: 'edge', op: '=', value: 'FRA' });
    assert.deepEqual(parseFilter('channel!=Search'), { key: 'channel', op: '!=', value: 'search' });
    assert.deepEqual(parseFilter('device=Mobile'), { key: 'device', op: '=', value: 'mobile' });
    assert.deepEqual(parseFilter('bot=YES'), { key: 'bot', op: '=', value: 'yes' });
    assert.deepEqual(parseFilter('status!=4XX'), { key: 'status', op: '!=', value: '4xx' });
    assert.deepEqual(
      parseFilter('page=/About'),
      { key: 'page', op: '=', value: '/About' },
      'paths keep their case',
    );
    assert.deepEqual(parseFilter('edge~fr'), { key: 'edge', op: '~', value: 'fr' });
    assert.equal(valueMatches(parseFilter('browser=chrome'), 'Chrome'), true);
    assert.equal(valueMatches(parseFilter('os!=ios'), 'iOS'), false);
  });

  test('matches values found in JavaScript as SQL does: missing never equals, ~ ignores case', () => {
    assert.equal(valueMatches(parseFilter('browser=Chrome'), null), false);
    assert.equal(valueMatches(parseFilter('browser!=Chrome'), null), true);
    assert.equal(valueMatches(parseFilter('browser~chr'), 'Chrome'), true);
    assert.equal(valueMatches(parseFilter('browser~chr'), null), false);
    assert.equal(valueMatches(parseFilter('country=de'), 'DE'), true);
    assert.equal(valueMatches(parseFilter('device='), null), true);
  });
});

describe('report filters, request-level keys', () => {
  test('returns the unfiltered figures of the fixture', async () => {
    assert.equal(VISIT_HITS.length, 19);
    assert.deepEqual(await figures(), { requests: 19, pageviews: 17, visitors: 7, visits: 14, bounces: 11 });
  });

  test('returns the requests of one page, and the one-page visits its pageviews make', async () => {
    // 10 pageviews of /, plus Googlebot's hit and the 304; each / pageview is its own visit.
    assert.deepEqual(await figures('page=/'), {
      requests: 12,
      pageviews: 10,
      visitors: 5,
      visits: 10,
      bounces: 10,
    });
    // /a and /b (30:01 apart: two visits), /c, /first + /second, /d, /cart.
    assert.deepEqual(await figures('page!=/'), {
      requests: 7,
      pageviews: 7,
      visitors: 5,
      visits: 6,
      bounces: 5,
    });
    assert.equal((await figures('page~SECOND')).requests, 1);
  });

  test('returns one host, a status, a status class and its complement', async () => {
    assert.deepEqual(await figures('host=shop.example.com'), {
      requests: 1,
      pageviews: 1,
      visitors: 1,
      visits: 1,
      bounces: 1,
    });
    assert.equal((await figures('status=304')).requests, 1);
    assert.equal((await figures('status=3xx')).requests, 1);
    assert.equal((await figures('status!=200')).requests, 1);
    assert.equal((await figures('status=2xx')).requests, 18);
    assert.equal((await figures('status=5xx')).requests, 0);
  });

  test('returns the method, content type, referrer and edge location asked for', async () => {
    assert.equal((await figures('method=GET')).requests, 19);
    assert.equal((await figures('method!=GET')).requests, 0);
    assert.equal((await figures('content_type=text/html')).requests, 19);
    // m.facebook.com and notfacebook.com.
    assert.equal((await figures('referrer~FACEBOOK')).requests, 2);
    // No Referer: v2-a, v2-b, v4-bot, v4-304, v5-b, v6-c, v6-e.
    assert.equal((await figures('referrer=')).requests, 7);
    const edge = await reportWith();
    const code = edge.edgeLocations[0]?.code ?? '';
    assert.equal((await figures(`edge=${code}`)).requests, 19);
    assert.equal((await figures(`edge!=${code}`)).requests, 0);
  });

  test('returns the bots or the humans, and one browser', async () => {
    assert.deepEqual(await figures('bot=yes'), {
      requests: 1,
      pageviews: 0,
      visitors: 0,
      visits: 0,
      bounces: 0,
    });
    assert.equal((await figures('bot=no')).requests, 18);
    assert.deepEqual(await figures('browser=Firefox'), {
      requests: 2,
      pageviews: 2,
      visitors: 1,
      visits: 1,
      bounces: 0,
    });
    assert.equal((await figures('browser!=Firefox')).requests, 17);
  });

  test('returns the countries looked up for each address, before any address is compared', async () => {
    assert.deepEqual(await figures('country=de'), {
      requests: 6,
      pageviews: 6,
      visitors: 1,
      visits: 6,
      bounces: 6,
    });
    assert.equal((await figures('country!=DE')).requests, 13);
    // 2.2.2.2 to 5.5.5.5 have no country in the table.
    assert.equal((await figures('country=')).requests, 10);
  });
});

describe('report filters, visit-level keys', () => {
  test('returns the visits of a channel and every request made during them', async () => {
    // V1, V5, V9, V12, V13: 2 + 2 + 1 + 1 + 1 requests and pageviews.
    assert.deepEqual(await figures('channel=search'), {
      requests: 7,
      pageviews: 7,
      visitors: 3,
      visits: 5,
      bounces: 3,
    });
    // V6 (with its visitor's 304, not Googlebot's hit at the same second) and V8.
    assert.deepEqual(await figures('channel=social'), {
      requests: 4,
      pageviews: 3,
      visitors: 2,
      visits: 2,
      bounces: 1,
    });
    assert.equal((await figures('channel!=search')).visits, 9);
  });

  test('returns the visits of a referring site (missing included), a campaign, an entry and an exit page', async () => {
    // V2 (internal referrer), V3, V4, V11 (utm_source alone), V13 (utm_medium alone).
    assert.equal((await figures('site=')).visits, 5);
    assert.deepEqual(await figures('utm_campaign=launch'), {
      requests: 2,
      pageviews: 2,
      visitors: 1,
      visits: 1,
      bounces: 0,
    });
    assert.equal((await figures('entry_page=/first')).pageviews, 2);
    assert.equal((await figures('exit_page~CART')).visits, 1);
    assert.equal((await figures('utm_source=partner')).visits, 1);
    assert.equal((await figures('utm_medium=cpc')).visits, 1);
  });

  test('returns the requests of the kept visits that pass the request-level filters too', async () => {
    // Of the search visits' pages, / is requested by V1, V9, V12 and V13.
    assert.deepEqual(await figures('channel=search', 'page=/'), {
      requests: 4,
      pageviews: 4,
      visitors: 2,
      visits: 4,
      bounces: 4,
    });
    // A visit-level key reads visits made before any request filter: V8 entered on www, and its
    // request on shop.example.com is kept.
    assert.equal((await figures('utm_campaign=launch', 'host=shop.example.com')).requests, 1);
    assert.equal((await figures('channel=search', 'channel=social')).requests, 0);
  });

  test('returns the filters in the model and narrows the panels and the comparison alike', async () => {
    const report = await buildReport(engine, {
      range: { kind: 'days', from: '2026-11-21', to: '2026-11-21' },
      compare: true,
      now: () => NOW,
      filters: [parseFilter('channel=direct')],
      countries: async () => COUNTRIES,
    });
    assert.deepEqual(report.filters, [{ key: 'channel', op: '=', value: 'direct' }]);
    assert.deepEqual(
      report.channels.map((row) => [row.channel, row.visits]),
      [['direct', 1]],
    );
    // The day before: V3 is the one direct visit.
    assert.equal(report.comparison?.totals.visits, 1);
    assert.equal(report.comparison?.totals.requests, 1);
  });
});

describe('a report with a visit-level filter, from a temporary table of its rows', () => {
  const CASES: readonly { name: string; filters: string[]; excludeBots?: boolean }[] = [
    { name: 'a channel', filters: ['channel=search'] },
    {
      name: 'with a country and a browser',
      filters: ['utm_campaign!=launch', 'country=AU', 'browser~chrome'],
    },
    {
      name: 'an entry page, a status class, bots left out',
      filters: ['entry_page=/', 'status=2xx'],
      excludeBots: true,
    },
    { name: 'no referring site, humans', filters: ['site=', 'bot=no'] },
    { name: 'an exit page and a page', filters: ['exit_page~a', 'page=/'] },
  ];

  for (const { name, filters, excludeBots } of CASES) {
    test(`returns what the day files give, and reads them when the rows pass the limit: ${name}`, async () => {
      const json = async (materializeRows?: number) =>
        renderJson(
          await buildReport(engine, {
            range: { kind: 'days', from: '2026-11-20', to: '2026-11-21' },
            compare: true,
            now: () => NOW,
            filters: filters.map(parseFilter),
            ...(excludeBots ? { excludeBots } : {}),
            countries: async () => COUNTRIES,
            ...(materializeRows === undefined ? {} : { materializeRows }),
          }),
        );
      const fromFiles = await json(0);
      assert.equal(await json(), fromFiles, 'from the temporary table');
      assert.equal(await json(1), fromFiles, 'over the limit of 1 row: the day files again');
      const { rows } = await engine.query('SELECT count(*) FROM duckdb_tables() WHERE temporary');
      assert.equal(Number(rows[0]?.[0]), 0, 'the report dropped its tables');
    });
  }
});
