// Visitors, visits and countries must read the same whether a store keeps addresses in clear or
// anonymised: anonymised from the first import, rewritten by `privacy set` afterwards, or half
// and half (rows arriving after the rewrite join the visitors of the rows before it).
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { DuckDBEngine } from '../../src/engine/DuckDBEngine.js';
import { anonymizeIp } from '../../src/format/address/anonymizeAddress.js';
import { DbipCountryLookup } from '../../src/format/address/DbipCountryLookup.js';
import { visitorKey } from '../../src/format/visitorKey.js';
import { anonymizeStoredDays } from '../../src/ingest/anonymizeStoredDays.js';
import { importFiles } from '../../src/ingest/importFiles.js';
import { buildReport } from '../../src/report/buildReport.js';
import type { Report } from '../../src/report/model.js';
import type { LocalStore } from '../../src/store/LocalStore.js';
import { type PrivacySettings, saltKey, writePrivacy } from '../../src/store/privacy.js';
import { freshStore, queryRows, tempDir } from '../helpers.js';
import { amplifyCsv, logLine } from '../ingest/logText.js';
import { CHROME, fixtureLines, NOW, SAFARI } from '../report/fixture.js';
import { visitLines } from '../report/visitsFixture.js';

/** Addresses whose country differs from that of their /8 network, so a lookup after truncation would be wrong. */
const TRAVELLERS = [
  '5.9.10.10',
  '31.13.64.35',
  '77.88.55.60',
  '185.60.216.35',
  '2.56.8.1',
  '91.198.174.192',
  '194.1.2.3',
  '212.58.244.20',
  '80.80.80.80',
  '46.4.0.1',
  '62.210.16.6',
  '109.70.100.1',
];

/** Visitors a truncated address alone would merge: one /24 and one /64 with one user agent each. */
function crowdLines(): string[] {
  const lines: string[] = [];
  const hit = (id: string, time: string, ip: string, ua: string, xff = '-') =>
    lines.push(
      logLine({
        date: '2026-11-20',
        time,
        'c-ip': ip,
        'cs(User-Agent)': encodeURIComponent(ua),
        'cs-uri-stem': '/crowd',
        'sc-content-type': 'text/html',
        'x-edge-request-id': id,
        'x-forwarded-for': xff,
      }),
    );
  for (let i = 1; i <= 12; i++) {
    hit(
      `c4-${i}-a`,
      `0${i % 10}:00:00`,
      `203.0.113.${i}`,
      CHROME,
      encodeURIComponent(`198.51.100.${i}, 10.0.0.${i}`),
    );
    if (i % 3 === 0) hit(`c4-${i}-b`, `0${i % 10}:10:00`, `203.0.113.${i}`, CHROME);
  }
  for (let i = 1; i <= 4; i++) hit(`c6-${i}`, `12:0${i}:00`, `2001:db8:1:2::${i}`, SAFARI);
  for (const [i, ip] of TRAVELLERS.entries())
    hit(`t-${i}`, `14:${String(i).padStart(2, '0')}:00`, ip, CHROME);
  hit('mapped', '15:00:00', '::ffff:203.0.113.200', CHROME);
  return lines;
}

const LINES = [...fixtureLines(), ...visitLines(), ...crowdLines()];
const ANONYMISED: PrivacySettings = { anonymizeIp: 24, rawDays: null, keepMonths: null };

async function csvOf(lines: readonly string[]): Promise<string> {
  const file = path.join(await tempDir(), `part-${lines.length}.csv`);
  await fs.writeFile(file, amplifyCsv(lines));
  return file;
}

async function importLines(store: LocalStore, lines: readonly string[]): Promise<void> {
  await importFiles([await csvOf(lines)], { store, now: () => NOW });
}

async function reportOf(store: LocalStore): Promise<Report> {
  const engine = await DuckDBEngine.open({ store, now: () => NOW });
  try {
    return await buildReport(engine, { now: () => NOW, range: { kind: 'all' } });
  } finally {
    await engine.close();
  }
}

/** The visits view without the `visitor` column (a salted key in one store, an MD5 in the other), in a fixed order. */
async function visitsOf(store: LocalStore): Promise<unknown[]> {
  const engine = await DuckDBEngine.open({ store, now: () => NOW });
  try {
    await engine.defineVisits([]);
    const result = await engine.query('SELECT * EXCLUDE (visitor) FROM visits ORDER BY ALL');
    return result.rows.map((row) => JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? Number(v) : v)));
  } finally {
    await engine.close();
  }
}

/** The parts of a report visitors, visits and countries decide (the rest does not depend on the address). */
function figures(report: Report) {
  const { totals } = report;
  const stripped = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
  delete stripped.scanners;
  delete stripped.privacy;
  delete stripped.generatedAt;
  return { totals, stripped };
}

let clear: LocalStore;
const anonymised: Record<string, LocalStore> = {};

before(async () => {
  clear = await freshStore();
  await importLines(clear, LINES);

  anonymised.fromTheStart = await freshStore();
  await writePrivacy(anonymised.fromTheStart, { ...ANONYMISED, rewritePending: false });
  await importLines(anonymised.fromTheStart, LINES);

  anonymised.rewritten = await freshStore();
  await importLines(anonymised.rewritten, LINES);
  await writePrivacy(anonymised.rewritten, { ...ANONYMISED, rewritePending: true });
  await anonymizeStoredDays(anonymised.rewritten, { now: NOW });

  anonymised.halfAndHalf = await freshStore();
  const half = Math.floor(LINES.length / 2);
  await importLines(
    anonymised.halfAndHalf,
    LINES.filter((_, i) => i % 2 === 0 && i < half * 2),
  );
  await writePrivacy(anonymised.halfAndHalf, { ...ANONYMISED, anonymizeIp: 8, rewritePending: true });
  await anonymizeStoredDays(anonymised.halfAndHalf, { now: NOW });
  await writePrivacy(anonymised.halfAndHalf, { ...ANONYMISED, rewritePending: true });
  await importLines(
    anonymised.halfAndHalf,
    LINES.filter((_, i) => !(i % 2 === 0 && i < half * 2)),
  );
  await anonymizeStoredDays(anonymised.halfAndHalf, { now: NOW });
});

describe('figures of an anonymised store', () => {
  let expected: ReturnType<typeof figures>;
  let expectedVisits: unknown[];
  before(async () => {
    expected = figures(await reportOf(clear));
    expectedVisits = await visitsOf(clear);
    assert.ok(expected.totals.visitors > 25, `the fixture has ${expected.totals.visitors} visitors`);
  });

  for (const name of ['fromTheStart', 'rewritten', 'halfAndHalf']) {
    test(`returns the same visitors, visits and countries as in clear when anonymised ${name}`, async () => {
      const store = anonymised[name] as LocalStore;
      const actual = figures(await reportOf(store));
      assert.deepEqual(actual.totals, expected.totals);
      assert.deepEqual(actual.stripped, expected.stripped);
      assert.deepEqual(await visitsOf(store), expectedVisits);
    });

    test(`keeps no address in clear in curated/ when anonymised ${name}`, async () => {
      const rows = await queryRows(
        anonymised[name] as LocalStore,
        `SELECT request_ip, xforwarded_for, visitor_key, country FROM access_logs`,
        NOW,
      );
      for (const row of rows) {
        const ip = row.request_ip as string;
        assert.equal(anonymizeIp(ip, 24), ip, `${ip} is truncated`);
        assert.match(row.visitor_key as string, /^[0-9a-f]{32}$/);
        assert.equal(typeof row.country, 'string');
      }
      const lists = rows.map((r) => r.xforwarded_for).filter((v) => v !== null);
      assert.ok(lists.includes('198.0.0.0, 10.0.0.0'), 'x-forwarded-for lists are truncated');
    });
  }

  test('counts visitors a truncated address would merge, and countries a truncated address would get wrong', async () => {
    const lookup = new DbipCountryLookup();
    const moved = TRAVELLERS.filter((ip) => lookup.country(ip) !== lookup.country(anonymizeIp(ip, 24) ?? ''));
    assert.ok(moved.length > 0, 'some address changes country when truncated');
    const naive = await queryRows(
      anonymised.fromTheStart as LocalStore,
      `SELECT count(DISTINCT (request_ip, user_agent, "date")) AS n FROM access_logs WHERE request_ip LIKE '203.%'`,
      NOW,
    );
    const exact = await queryRows(
      clear,
      `SELECT count(DISTINCT (request_ip, user_agent, "date")) AS n FROM access_logs WHERE request_ip LIKE '203.%'`,
      NOW,
    );
    assert.ok(Number(naive[0]?.n) < Number(exact[0]?.n));
  });

  test("returns keys equal to the JavaScript visitor key of the clear address and the day's salt", async () => {
    const store = anonymised.fromTheStart as LocalStore;
    const salt = (await store.getBytes(saltKey('2026-11-20')))?.toString('utf8') ?? '';
    assert.match(salt, /^[0-9a-f]{32}$/);
    const clearRows = await queryRows(
      clear,
      `SELECT request_id, request_ip, user_agent FROM access_logs WHERE "date" = DATE '2026-11-20'`,
      NOW,
    );
    const keys = new Map(
      (
        await queryRows(
          store,
          `SELECT request_id, visitor_key FROM access_logs WHERE "date" = DATE '2026-11-20'`,
          NOW,
        )
      ).map((r) => [r.request_id, r.visitor_key]),
    );
    assert.ok(clearRows.length > 30);
    for (const row of clearRows) {
      const expectedKey = visitorKey(salt, row.request_ip as string | null, row.user_agent as string | null);
      assert.equal(keys.get(row.request_id), expectedKey, String(row.request_id));
    }
  });
});
