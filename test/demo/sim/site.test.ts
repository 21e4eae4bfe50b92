import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AddressBlock, formatIpv6 } from '../../../src/demo/sim/addressBlock.js';
import { BOTS, BROWSERS, SCANNERS } from '../../../src/demo/sim/agents.js';
import { VISITOR_COUNTRIES } from '../../../src/demo/sim/geo.js';
import { Random } from '../../../src/demo/sim/random.js';
import { EDGE_LOCATIONS, edgeLocation, PAGES, SCANNER_PROBES, SITE } from '../../../src/demo/sim/site.js';
import { siteModel } from '../../../src/demo/sim/siteModel.js';

test('returns 50 to 80 distinct pages when listing the site, with a non-ASCII path and a space', () => {
  const paths = PAGES.map((p) => p.path);
  assert.ok(paths.length >= 50 && paths.length <= 80, `${paths.length}`);
  assert.equal(new Set(paths).size, paths.length);
  assert.ok(paths.includes('/blog/café-au-lait'));
  assert.ok(paths.some((p) => p.includes(' ')));
  assert.ok(paths.every((p) => p.startsWith('/')));
});

test('returns a city and country when mapping an edge location code', () => {
  assert.deepEqual(edgeLocation('SEA19-C1'), { city: 'Seattle', country: 'US' });
  assert.deepEqual(edgeLocation('FRA56-P5'), { city: 'Frankfurt', country: 'DE' });
  assert.equal(edgeLocation('LAX1')?.city, 'Los Angeles');
  assert.equal(edgeLocation('ZZZ9-C1'), undefined);
  assert.equal(edgeLocation(''), undefined);
  assert.ok(Object.keys(EDGE_LOCATIONS).length >= 30);
});

test('returns known POPs only when listing where visitors, bots and scanners are served', () => {
  const pops = [
    ...VISITOR_COUNTRIES.flatMap((c) => c.pops.map(([code]) => code)),
    ...BOTS.flatMap((b) => b.networks.flatMap((n) => [...n.pops])),
    ...SCANNERS.map((s) => s.pop),
  ];
  for (const code of pops) {
    assert.match(code, /^[A-Z]{3}\d+-[CP]\d+$/, code);
    assert.ok(edgeLocation(code), `unknown POP ${code}`);
  }
});

test('returns at least 20 countries with valid address blocks when listing visitors', () => {
  assert.ok(VISITOR_COUNTRIES.length >= 20);
  assert.equal(new Set(VISITOR_COUNTRIES.map((c) => c.code)).size, VISITOR_COUNTRIES.length);
  for (const c of VISITOR_COUNTRIES) {
    assert.ok(c.ipv4.length > 0, c.code);
    for (const cidr of c.ipv4) assert.equal(AddressBlock.parse(cidr).isIpv6, false, cidr);
    for (const cidr of c.ipv6) assert.equal(AddressBlock.parse(cidr).isIpv6, true, cidr);
  }
});

test('returns the named crawlers and attack payloads when listing machines', () => {
  const names = new Set<string>(BOTS.map((b) => b.name));
  for (const name of [
    'Googlebot',
    'bingbot',
    'AhrefsBot',
    'SemrushBot',
    'GPTBot',
    'ClaudeBot',
    'facebookexternalhit',
  ]) {
    assert.ok(names.has(name), name);
  }
  for (const name of [
    'DuckDuckBot',
    'YandexBot',
    'Applebot',
    'UptimeRobot',
    'curl',
    'python-requests',
    'Go-http-client',
  ]) {
    assert.ok(names.has(name), name);
  }
  const text = JSON.stringify(SCANNER_PROBES);
  for (const payload of [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1--",
    '../../etc/passwd',
  ]) {
    assert.ok(text.includes(JSON.stringify(payload).slice(1, -1)), payload);
  }
  assert.ok(BROWSERS.some((b) => b.ua.includes('(KHTML, like Gecko)')));
});

test('returns addresses inside the block when drawing from IPv4 and IPv6 blocks', () => {
  const rng = new Random(1);
  const v4 = AddressBlock.parse('91.0.0.0/10');
  for (let i = 0; i < 1000; i++) {
    const [a, b, , d] = v4.random(rng).split('.').map(Number);
    assert.equal(a, 91);
    assert.ok((b ?? -1) >= 0 && (b ?? 99) < 64);
    assert.ok((d ?? 0) >= 1 && (d ?? 255) <= 254);
  }
  const small = AddressBlock.parse('69.162.124.224/28');
  for (let i = 0; i < 200; i++) {
    const last = Number(small.random(rng).split('.')[3]);
    assert.ok(last > 224 && last < 239, `${last}`);
  }
  const v6 = AddressBlock.parse('2003::/19');
  for (let i = 0; i < 1000; i++) {
    const ip = v6.random(rng);
    assert.match(ip, /^2003:1?[0-9a-f]{0,3}:/);
    assert.doesNotMatch(ip, /:0[0-9a-f]/, 'no leading zeros');
  }
  assert.throws(() => AddressBlock.parse('300.1.1.1/8'), RangeError);
});

test('returns RFC 5952 text when formatting IPv6 groups', () => {
  assert.equal(formatIpv6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]), '2001:db8::1');
  assert.equal(formatIpv6([0x2001, 0xdb8, 0, 1, 0, 0, 0, 1]), '2001:db8:0:1::1');
  assert.equal(formatIpv6([0x2a01, 0x4f8, 0xc012, 0x3d5b, 0, 0, 0, 1]), '2a01:4f8:c012:3d5b::1');
  assert.equal(formatIpv6([1, 2, 3, 4, 5, 6, 7, 8]), '1:2:3:4:5:6:7:8');
});

test('returns page nodes with resolved files when building the site model', () => {
  const model = siteModel();
  assert.equal(model.pages.length, PAGES.length);
  assert.deepEqual(
    model.hostNames,
    SITE.hostHeaders.map(([h]) => h),
  );
  const tour = model.pageByPath.get('/product-tour');
  assert.equal(tour?.media?.contentType, 'video/mp4');
  assert.ok(model.pages.some((p) => p.brokenLink));
  assert.equal(
    model.pageByPath.get('/blog/café-au-lait')?.urls[0],
    'https://www.example-shop.com/blog/café-au-lait',
  );
});
