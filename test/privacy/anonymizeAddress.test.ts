import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  anonymizeIp,
  anonymizeIpList,
  anonymizeText,
  formatIPv6,
} from '../../src/format/address/anonymizeAddress.js';

/** Each input with what levels 8, 16 and 24 make of it. */
const CASES: [string, string, string | undefined, string | undefined, string | undefined][] = [
  ['IPv4', '203.0.113.77', '203.0.113.0', '203.0.0.0', '203.0.0.0'],
  ['IPv4, another /8', '198.51.100.200', '198.51.100.0', '198.51.0.0', '198.0.0.0'],
  ['IPv4 with a port', '203.0.113.77:443', '203.0.113.0', '203.0.0.0', '203.0.0.0'],
  ['IPv4 with spaces', ' 10.1.2.3 ', '10.1.2.0', '10.1.0.0', '10.0.0.0'],
  [
    'IPv6 full',
    '2001:0db8:85a3:08d3:1319:8a2e:0370:7348',
    '2001:db8:85a3:8d3::',
    '2001:db8:85a3::',
    '2001:db8::',
  ],
  ['IPv6 compressed', '2001:db8::8a2e:370:7348', '2001:db8::', '2001:db8::', '2001:db8::'],
  [
    'IPv6 upper case, compressed in the middle',
    '2A02:1206:45AB::1',
    '2a02:1206:45ab::',
    '2a02:1206:45ab::',
    '2a02:1206::',
  ],
  ['IPv6 loopback', '::1', '::', '::', '::'],
  ['IPv6 with a zone', 'fe80::1ff:fe23:4567:890a%eth0', 'fe80::', 'fe80::', 'fe80::'],
  [
    'IPv6 in brackets with a port',
    '[2001:db8:1:2:3:4:5:6]:8443',
    '2001:db8:1:2::',
    '2001:db8:1::',
    '2001:db8::',
  ],
  ['IPv4-mapped IPv6', '::ffff:203.0.113.77', '::ffff:203.0.113.0', '::ffff:203.0.0.0', '::ffff:203.0.0.0'],
  [
    'IPv4-mapped IPv6 in hex',
    '::ffff:cb00:714d',
    '::ffff:203.0.113.0',
    '::ffff:203.0.0.0',
    '::ffff:203.0.0.0',
  ],
  ['garbage', 'unknown', undefined, undefined, undefined],
  ['an octet over 255', '256.1.1.1', undefined, undefined, undefined],
  ['too many groups', '1:2:3:4:5:6:7:8:9', undefined, undefined, undefined],
  ['two gaps', '2001::db8::1', undefined, undefined, undefined],
  ['empty', '', undefined, undefined, undefined],
];

describe('anonymizeIp', () => {
  for (const [name, input, at8, at16, at24] of CASES) {
    it(`returns the truncated address for ${name} at each level`, () => {
      assert.equal(anonymizeIp(input, 8), at8);
      assert.equal(anonymizeIp(input, 16), at16);
      assert.equal(anonymizeIp(input, 24), at24);
    });
  }

  it('returns the same address when applied twice (a rewrite after a crash changes nothing)', () => {
    for (const [, input] of CASES) {
      for (const bits of [8, 16, 24] as const) {
        const once = anonymizeIp(input, bits);
        if (once !== undefined) assert.equal(anonymizeIp(once, bits), once, `${input} at ${bits}`);
      }
    }
  });

  it('writes IPv6 in the canonical short form, the longest zero run compressed', () => {
    assert.equal(formatIPv6([0x20010db8, 0, 0x10000, 1]), '2001:db8::1:0:0:1');
    assert.equal(formatIPv6([0x20010db8, 0x1, 0x10001, 0x10001]), '2001:db8:0:1:1:1:1:1');
  });
});

describe('anonymizeIpList', () => {
  it('truncates every address of an x-forwarded-for list and replaces what is not an address', () => {
    assert.equal(
      anonymizeIpList('203.0.113.77, 2001:db8::1,unknown, ::ffff:198.51.100.9', 8),
      '203.0.113.0, 2001:db8::, -, ::ffff:198.51.100.0',
    );
    assert.equal(anonymizeIpList('203.0.113.77', 16), '203.0.0.0');
    assert.equal(anonymizeIpList('203.0.113.77,198.51.100.1', 24), '203.0.0.0, 198.0.0.0');
  });

  it('returns an empty value as it is', () => {
    assert.equal(anonymizeIpList('', 8), '');
  });
});

describe('anonymizeText', () => {
  it('truncates the addresses inside a rejected line and keeps the rest', () => {
    const line =
      '2026-11-03,10:00:00,SEA19-C1,abc,203.0.113.77,GET,x,/,200,-,Mozilla/5.0,-,-,Hit,id,2001:db8:1:2:3:4:5:6';
    assert.equal(
      anonymizeText(line, 8),
      '2026-11-03,10:00:00,SEA19-C1,abc,203.0.113.0,GET,x,/,200,-,Mozilla/5.0,-,-,Hit,id,2001:db8:1:2::',
    );
  });
});
