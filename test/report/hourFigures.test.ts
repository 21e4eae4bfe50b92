import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { type HourFigures, hourFigures } from '../../src/report/hourFigures.js';
import { fixtureStore, NOW } from './fixture.js';

const ZERO = {
  requests: 0,
  pageviews: 0,
  bytes: 0,
  botRequests: 0,
  botShare: null,
  serverErrors: 0,
  errorRate: null,
  clientErrors: 0,
  cacheHits: 0,
  cacheLookups: 0,
  cacheHitRatio: null,
  notFound: 0,
  timeToFirstByteP95: null,
};

const at = (text: string) => new Date(`${text}:00:00Z`);

/** The fixture's hours worked out by hand from test/report/fixture.ts. */
describe('hourly figures', () => {
  let engine: DuckDBEngine;
  before(async () => {
    engine = await DuckDBEngine.open({ store: await fixtureStore(), now: () => NOW });
  });
  after(() => engine.close());

  test('returns each asked hour of a domain with the report definitions, zeros for an hour without requests', async () => {
    const figures = await hourFigures(engine, {
      domain: 'example.com',
      hours: [
        '2026-11-21T09',
        '2026-11-20T17',
        '2026-11-20T15',
        '2026-11-20T14',
        '2026-11-20T11',
        '2026-11-20T10',
        '2026-11-20T05',
        '2026-11-20T10',
      ].map(at),
    });
    const byHour = Object.fromEntries(figures.map((f) => [f.hour, f])) as Record<string, HourFigures>;
    assert.deepEqual(
      figures.map((f) => f.hour),
      [
        '2026-11-20T05:00Z',
        '2026-11-20T10:00Z',
        '2026-11-20T11:00Z',
        '2026-11-20T14:00Z',
        '2026-11-20T15:00Z',
        '2026-11-20T17:00Z',
        '2026-11-21T09:00Z',
      ],
    );
    assert.deepEqual(byHour['2026-11-20T05:00Z'], { hour: '2026-11-20T05:00Z', ...ZERO });
    // Chrome: / (Hit), /app.js (Hit), /pricing (Miss, text/html; charset), /old (404, Error).
    assert.deepEqual(byHour['2026-11-20T10:00Z'], {
      hour: '2026-11-20T10:00Z',
      requests: 4,
      pageviews: 2,
      bytes: 8300,
      botRequests: 0,
      botShare: 0,
      serverErrors: 0,
      errorRate: 0,
      clientErrors: 1,
      cacheHits: 2,
      cacheLookups: 3,
      cacheHitRatio: 2 / 3,
      notFound: 1,
      // 0.004, 0.005, 0.030, 0.050: rank 3 x 0.95 = 2.85 -> 0.030 + 0.85 x 0.020
      timeToFirstByteP95: 0.047,
    });
    // Safari: / (OriginShieldHit), /api/data (502), HEAD / (Hit).
    const eleven = byHour['2026-11-20T11:00Z'];
    assert.deepEqual(
      [eleven?.requests, eleven?.pageviews, eleven?.serverErrors, eleven?.errorRate, eleven?.cacheHitRatio],
      [3, 1, 1, 1 / 3, 1],
    );
    assert.equal(eleven?.timeToFirstByteP95, 0.901);
    // The scanner without a user agent: two 404s and a 403, all from a bot.
    const fourteen = byHour['2026-11-20T14:00Z'];
    assert.deepEqual(
      [
        fourteen?.requests,
        fourteen?.botRequests,
        fourteen?.botShare,
        fourteen?.notFound,
        fourteen?.clientErrors,
        fourteen?.pageviews,
      ],
      [3, 3, 1, 2, 3, 0],
    );
    // main.d123.amplifyapp.com is not example.com.
    assert.deepEqual(byHour['2026-11-20T15:00Z'], { hour: '2026-11-20T15:00Z', ...ZERO });
    // The script-tag user agent is a bot: its HTML page is no pageview.
    assert.deepEqual([byHour['2026-11-20T17:00Z']?.requests, byHour['2026-11-20T17:00Z']?.pageviews], [1, 0]);
    assert.deepEqual([byHour['2026-11-21T09:00Z']?.requests, byHour['2026-11-21T09:00Z']?.pageviews], [1, 1]);
  });

  test('returns the subdomains of the domain asked for and nothing of the others', async () => {
    const [amplify] = await hourFigures(engine, {
      domain: 'd123.amplifyapp.com',
      hours: [at('2026-11-20T15')],
    });
    assert.deepEqual([amplify?.requests, amplify?.pageviews, amplify?.cacheHitRatio], [1, 1, 1]);
    const [other] = await hourFigures(engine, { domain: 'ample.com', hours: [at('2026-11-20T10')] });
    assert.equal(other?.requests, 0, 'www.example.com is not a subdomain of ample.com');
  });
});
