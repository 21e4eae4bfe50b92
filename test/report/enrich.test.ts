import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { BOTS, BROWSERS, SCANNERS } from '../../src/demo/sim/agents.js';
import { openCountryLookup } from '../../src/format/address/CountryLookup.js';
import { DbipCountryLookup } from '../../src/format/address/DbipCountryLookup.js';
import { parseIPv4, parseIPv6 } from '../../src/format/address/ipAddress.js';
import { classifyAgent, NO_USER_AGENT } from '../../src/report/enrich/classifyAgent.js';
import { countryPanel } from '../../src/report/enrich/countryPanel.js';
import { edgePanel } from '../../src/report/enrich/edgePanel.js';
import { percentilesOf } from '../../src/report/percentiles.js';
import { bucketsOf, granularityOf, parseDay, previousRange, resolveRange } from '../../src/report/range.js';
import { cacheOutcome } from '../../src/report/resultTypes.js';
import { InputError } from '../../src/util/errors.js';
import { tempDir } from '../helpers.js';

describe('classifyAgent', () => {
  test('returns a bot with its name for every bot the simulator sends and for a missing user agent', () => {
    for (const bot of BOTS) {
      const info = classifyAgent(bot.ua);
      assert.ok(info.bot, bot.name);
      assert.equal(info.name, bot.name);
    }
    assert.deepEqual(classifyAgent(null), { bot: true, name: NO_USER_AGENT, category: 'other' });
    assert.deepEqual(classifyAgent('  '), { bot: true, name: NO_USER_AGENT, category: 'other' });
  });

  test('returns browser, system and device class for browsers, and names bots isbot alone knows', () => {
    for (const browser of BROWSERS) {
      const info = classifyAgent(browser.ua);
      assert.ok(!info.bot, browser.ua);
      if (!info.bot) assert.equal(info.device, browser.device, browser.ua);
    }
    assert.deepEqual(classifyAgent(BROWSERS[0].ua), {
      bot: false,
      browser: 'Chrome',
      os: 'Windows',
      device: 'desktop',
    });
    assert.deepEqual(classifyAgent('Mozilla/5.0 (compatible; Foobot/1.2; +http://foo.example/bot)'), {
      bot: true,
      name: 'Foobot',
      category: 'other',
    });
    const scanner = SCANNERS.flatMap((s) => s.agents).find((a) => a?.startsWith('Nuclei'));
    assert.deepEqual(classifyAgent(scanner ?? null), { bot: true, name: 'Nuclei', category: 'scanner' });
  });
});

describe('IP addresses and countries', () => {
  test('returns numbers for well-formed addresses and undefined for anything else', () => {
    assert.equal(parseIPv4('1.2.3.4'), 0x01020304);
    assert.equal(parseIPv4('255.255.255.255'), 0xffffffff);
    for (const bad of ['1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', 'a.b.c.d', '', '1.2.3.4 ']) {
      assert.equal(parseIPv4(bad), undefined, bad);
    }
    assert.deepEqual(parseIPv6('2001:db8::1'), [0x20010db8, 0, 0, 1]);
    assert.deepEqual(parseIPv6('::ffff:1.2.3.4'), [0, 0, 0xffff, 0x01020304]);
    assert.deepEqual(parseIPv6('::'), [0, 0, 0, 0]);
    assert.deepEqual(parseIPv6('fe80::1%eth0'), [0xfe800000, 0, 0, 1]);
    for (const bad of [
      '1::2::3',
      ':1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      'g::1',
      '1:2:3:4:5:6:7',
    ]) {
      assert.equal(parseIPv6(bad), undefined, bad);
    }
  });

  test('returns the DB-IP country of IPv4, IPv6 and mapped addresses, null when unknown', () => {
    const lookup = new DbipCountryLookup();
    assert.equal(lookup.country('8.8.8.8'), 'US');
    assert.equal(lookup.country('1.0.0.1'), 'AU');
    assert.equal(lookup.country('::ffff:8.8.8.8'), 'US');
    assert.equal(lookup.country('2a01:4f8:c012:3d5b::1'), 'DE');
    assert.equal(lookup.country('10.0.0.1'), null);
    assert.equal(lookup.country('not an address'), null);
  });

  test('returns countries summed from packed address lines, unknown ones apart', async () => {
    const rows = await countryPanel(
      '8.8.8.8 2 10\n8.8.4.4 1 1\n10.0.0.1 1 2\n- 1 4\n',
      new DbipCountryLookup(),
    );
    assert.deepEqual(rows, [
      { country: 'US', name: 'United States', visitors: 3, requests: 11 },
      { country: null, name: 'Unknown', visitors: 2, requests: 6 },
    ]);
  });

  test('returns an input error naming the file when the MaxMind database cannot be read', async () => {
    const file = path.join(await tempDir(), 'not.mmdb');
    await fs.writeFile(file, 'not a database');
    await assert.rejects(
      openCountryLookup(file),
      (error) => error instanceof InputError && error.message.includes(file),
    );
  });

  test('returns edge locations with city and country, unknown codes kept', () => {
    assert.deepEqual(
      edgePanel([
        { value: 'ZZZ', requests: 1, bytes: 1 },
        { value: 'NRT', requests: 5, bytes: 9 },
      ]),
      [
        { code: 'NRT', city: 'Tokyo', country: 'JP', requests: 5, bytes: 9 },
        { code: 'ZZZ', city: null, country: null, requests: 1, bytes: 1 },
      ],
    );
  });
});

describe('ranges, percentiles and result types', () => {
  const now = new Date('2026-03-31T10:00:00Z');

  test('returns the recipe periods ending today, in UTC', () => {
    assert.deepEqual(resolveRange({ kind: 'period', name: 'today' }, now), {
      from: '2026-03-31',
      to: '2026-03-31',
      days: 1,
      name: 'today',
    });
    assert.deepEqual(resolveRange({ kind: 'period', name: 'week' }, now), {
      from: '2026-03-24',
      to: '2026-03-31',
      days: 8,
      name: 'week',
    });
    assert.deepEqual(resolveRange({ kind: 'period', name: 'month' }, now), {
      from: '2026-02-28',
      to: '2026-03-31',
      days: 32,
      name: 'month',
    });
    assert.deepEqual(
      resolveRange({ kind: 'all' }, now, { first: '2026-01-01', last: '2026-01-31' }).days,
      31,
    );
  });

  test('returns the previous period of the same length and hourly buckets for two days or less', () => {
    const week = resolveRange({ kind: 'period', name: 'week' }, now);
    assert.deepEqual(previousRange(week), {
      from: '2026-03-16',
      to: '2026-03-23',
      days: 8,
      name: 'previous',
    });
    const two = resolveRange({ kind: 'days', from: '2026-03-01', to: '2026-03-02' }, now);
    assert.equal(granularityOf(two), 'hour');
    assert.equal(granularityOf(week), 'day');
    assert.deepEqual(bucketsOf(two, 'hour').slice(23, 25), ['2026-03-01T23:00Z', '2026-03-02T00:00Z']);
  });

  test('returns undefined for days that are not real calendar days', () => {
    assert.equal(parseDay('2026-02-28'), '2026-02-28');
    for (const bad of ['2026-02-29', '2026-13-01', '26-01-01', '2026-1-1', 'yesterday']) {
      assert.equal(parseDay(bad), undefined, bad);
    }
  });

  test('returns linearly interpolated percentiles from a histogram, null for none', () => {
    assert.deepEqual(
      percentilesOf([
        { value: 1, count: 1 },
        { value: 2, count: 1 },
        { value: 3, count: 1 },
        { value: 4, count: 1 },
      ]),
      { p50: 2.5, p95: 3.85, p99: 3.97 },
    );
    assert.deepEqual(percentilesOf([{ value: 0.2, count: 10 }]), { p50: 0.2, p95: 0.2, p99: 0.2 });
    assert.deepEqual(percentilesOf([]), { p50: null, p95: null, p99: null });
  });

  test('returns hit for Hit, RefreshHit and OriginShieldHit, miss for other misses, none for the rest', () => {
    assert.equal(cacheOutcome('Hit', 'Hit'), 'hit');
    assert.equal(cacheOutcome('RefreshHit', 'RefreshHit'), 'hit');
    assert.equal(cacheOutcome('Miss', 'OriginShieldHit'), 'hit');
    assert.equal(cacheOutcome('Miss', 'Miss'), 'miss');
    for (const other of [
      'Error',
      'Redirect',
      'FunctionGeneratedResponse',
      'LimitExceeded',
      'CapacityExceeded',
      null,
    ]) {
      assert.equal(cacheOutcome(other, other), 'none');
    }
  });
});
