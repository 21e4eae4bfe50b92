import { type IPv6Words, mappedIPv4, parseIPv4, parseIPv6 } from './ipAddress.js';

/** Bits of an IPv4 address zeroed by `--anonymize-ip`; 0 keeps addresses as they are. */
export type AnonymizeBits = 0 | 8 | 16 | 24;

/** The IPv6 bits kept for each IPv4 level: a /24 IPv4 network goes with a /64 IPv6 one, and so on. */
export const IPV6_KEPT_BITS = { 8: 64, 16: 48, 24: 32 } as const;

/**
 * The address with its host bits zeroed: an IPv4 address loses its last `bits` bits
 * (`203.0.113.77` → `203.0.113.0` at 8), an IPv6 address keeps its first 64, 48 or 32 bits and is
 * written in its canonical short form (RFC 5952), an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`)
 * is truncated as the IPv4 address it carries. A zone (`%eth0`), brackets and a port
 * (`[2001:db8::1]:443`, `203.0.113.7:80`) are dropped. Anything that is not an address gives
 * undefined: log text is never trusted to hold only an address.
 */
export function anonymizeIp(text: string, bits: Exclude<AnonymizeBits, 0>): string | undefined {
  const value = unwrap(text.trim());
  const v4 = parseIPv4(value);
  if (v4 !== undefined) return formatIPv4(truncate32(v4, bits));
  const v6 = parseIPv6(value);
  if (v6 === undefined) return undefined;
  const mapped = mappedIPv4(v6);
  if (mapped !== undefined) return `::ffff:${formatIPv4(truncate32(mapped, bits))}`;
  return formatIPv6(keepBits(v6, IPV6_KEPT_BITS[bits]));
}

/**
 * `xforwarded_for` anonymised: each comma-separated entry as `anonymizeIp` makes it, an entry
 * that is not an address replaced by `-` (so the list keeps its length), entries joined by `, `.
 * Null and empty stay as they are.
 */
export function anonymizeIpList(text: string, bits: Exclude<AnonymizeBits, 0>): string {
  if (text.trim() === '') return text;
  return text
    .split(',')
    .map((entry) => anonymizeIp(entry, bits) ?? '-')
    .join(', ');
}

/** An address without brackets, port or zone: `[v6]:port`, `[v6]`, `v4:port`, `v6%zone`. */
function unwrap(text: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) return bracketed[1] ?? '';
  const v4Port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  if (v4Port) return v4Port[1] ?? '';
  const zone = text.indexOf('%');
  return zone >= 0 ? text.slice(0, zone) : text;
}

function truncate32(value: number, bits: number): number {
  return value - (value % 2 ** bits);
}

function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The words with every bit after the first `kept` zeroed (`kept` a multiple of 16). */
function keepBits(words: IPv6Words, kept: number): IPv6Words {
  return words.map((word, i) => {
    const from = i * 32;
    if (from + 32 <= kept) return word;
    if (from >= kept) return 0;
    return truncate32(word, from + 32 - kept);
  }) as IPv6Words;
}

/** RFC 5952: lower-case hex, no leading zeros, the longest run (of two or more) of zero groups as `::`. */
export function formatIPv6(words: IPv6Words): string {
  const groups = words.flatMap((word) => [Math.floor(word / 65536), word % 65536]);
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < 8 && groups[end] === 0) end++;
    if (end - i > best.length) best = { at: i, length: end - i };
    i = end;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/** Address-like runs in free text: dotted quads, and hex runs with at least two colons. */
const ADDRESS_LIKE =
  /\b\d{1,3}(?:\.\d{1,3}){3}\b|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?/g;

/**
 * Free text (a rejected log line) with every address in it truncated as `anonymizeIp` does;
 * text that only looks like an address is kept. For lines that could not be read as log lines,
 * where the address's field cannot be trusted to be where the header says.
 */
export function anonymizeText(text: string, bits: Exclude<AnonymizeBits, 0>): string {
  return text.replace(ADDRESS_LIKE, (match) => anonymizeIp(match, bits) ?? match);
}
