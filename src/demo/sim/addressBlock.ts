import type { Random } from './random.js';

/**
 * An IPv4 or IPv6 address block (CIDR) that draws random host addresses from itself. IPv4 hosts
 * avoid the `.0` and `.255` ends of a /24; IPv6 addresses come out in RFC 5952 form (lowercase,
 * no leading zeros, the longest run of zero groups shortened to `::`).
 */
export class AddressBlock {
  private constructor(
    readonly cidr: string,
    private readonly v4: { base: number; size: number } | null,
    private readonly v6: { groups: readonly number[]; bits: number } | null,
  ) {}

  /** Parses `a.b.c.d/n` or `x:y::/n`; throws a RangeError on anything else. */
  static parse(cidr: string): AddressBlock {
    const [address = '', bitsText = ''] = cidr.split('/');
    const bits = Number(bitsText);
    if (address.includes(':')) {
      if (!(bits >= 0 && bits <= 128)) throw new RangeError(`bad IPv6 block: ${cidr}`);
      return new AddressBlock(cidr, null, { groups: parseIpv6(address), bits });
    }
    const octets = address.split('.').map(Number);
    if (octets.length !== 4 || octets.some((o) => !(o >= 0 && o <= 255)) || !(bits >= 8 && bits <= 30)) {
      throw new RangeError(`bad IPv4 block: ${cidr}`);
    }
    const base = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - bits);
    return new AddressBlock(cidr, { base: base - (base % size), size }, null);
  }

  get isIpv6(): boolean {
    return this.v6 !== null;
  }

  /** A random host address inside the block. */
  random(rng: Random): string {
    if (this.v4) return randomIpv4(this.v4.base, this.v4.size, rng);
    const v6 = this.v6 as { groups: readonly number[]; bits: number };
    return randomIpv6(v6.groups, v6.bits, rng);
  }
}

function randomIpv4(base: number, size: number, rng: Random): string {
  // Keep clear of network and broadcast addresses (of the /24, or of the block if smaller).
  const span = Math.min(size, 256);
  let n = base + Math.floor(rng.float() * size);
  const offset = n % span;
  if (offset === 0) n += 1;
  else if (offset === span - 1) n -= 1;
  return `${Math.floor(n / 16777216)}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

function randomIpv6(groups: readonly number[], bits: number, rng: Random): string {
  const out: number[] = [];
  for (let i = 0; i < 8; i++) {
    const fixed = Math.min(16, Math.max(0, bits - 16 * i));
    const mask = fixed === 0 ? 0 : (0xffff << (16 - fixed)) & 0xffff;
    out.push(((groups[i] ?? 0) & mask) | (rng.u32() & 0xffff & ~mask));
  }
  return formatIpv6(out);
}

function parseIpv6(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(zeros).fill('0'), ...right].map((g) => Number.parseInt(g, 16));
  if (groups.length !== 8 || groups.some((g) => !(g >= 0 && g <= 0xffff))) {
    throw new RangeError(`bad IPv6 address: ${address}`);
  }
  return groups;
}

/** RFC 5952 text form of eight 16-bit groups. */
export function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
