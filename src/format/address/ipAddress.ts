/**
 * Client addresses as numbers, for range lookups: IPv4 as an unsigned 32-bit number, IPv6 as
 * four unsigned 32-bit words, most significant first. Anything that is not a well-formed address
 * gives undefined (log text is never trusted to be one).
 */
export type IPv6Words = [number, number, number, number];

/** `a.b.c.d` → 0..2^32-1, or undefined. */
export function parseIPv4(text: string): number | undefined {
  return parseIPv4At(text, 0, text.length);
}

/**
 * The IPv4 address written in `text` from `start` to `end`, or undefined. Written for speed and
 * without slicing: it runs once per distinct client address, millions of times for a busy month.
 */
export function parseIPv4At(text: string, start: number, end: number): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      octet = octet * 10 + code - 48;
      if (++digits > 3) return undefined;
    } else if (code === 46 && digits > 0 && dots < 3) {
      if (octet > 255) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0 || octet > 255) return undefined;
  return value * 256 + octet;
}

/**
 * An IPv6 address (with `::` and an embedded IPv4 tail allowed, a `%zone` ignored) → words, or
 * undefined. A single pass over the characters: it runs once per distinct client address.
 */
export function parseIPv6(text: string): IPv6Words | undefined {
  const groups = GROUPS;
  let count = 0;
  let gap = -1;
  let group = 0;
  let digits = 0;
  let i = 0;
  const zone = text.indexOf('%');
  const end = zone >= 0 ? zone : text.length;
  if (text.startsWith('::')) {
    gap = 0;
    i = 2;
  }
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    const lower = code | 32;
    const hex = code >= 48 && code <= 57 ? code - 48 : lower >= 97 && lower <= 102 ? lower - 87 : -1;
    if (hex >= 0) {
      group = group * 16 + hex;
      if (++digits > 4) return undefined;
    } else if (code === 58 && digits > 0 && count < 8) {
      groups[count++] = group;
      group = 0;
      digits = 0;
      if (text.charCodeAt(i + 1) === 58) {
        if (gap >= 0) return undefined;
        gap = count;
        i++;
      }
    } else if (code === 46 && count <= 6) {
      const v4 = parseIPv4At(text, i - digits, end);
      if (v4 === undefined) return undefined;
      groups[count++] = Math.floor(v4 / 65536);
      groups[count++] = v4 % 65536;
      digits = -1;
      break;
    } else {
      return undefined;
    }
  }
  if (digits > 0 && count < 8) groups[count++] = group;
  else if (digits > 0 || (digits === 0 && !(gap === count && gap >= 0))) return undefined;
  const missing = 8 - count;
  if (gap < 0 ? missing !== 0 : missing < 1) return undefined;
  if (gap >= 0) {
    for (let k = count - 1; k >= gap; k--) groups[k + missing] = groups[k] ?? 0;
    for (let k = gap; k < gap + missing; k++) groups[k] = 0;
  }
  return [
    (groups[0] ?? 0) * 65536 + (groups[1] ?? 0),
    (groups[2] ?? 0) * 65536 + (groups[3] ?? 0),
    (groups[4] ?? 0) * 65536 + (groups[5] ?? 0),
    (groups[6] ?? 0) * 65536 + (groups[7] ?? 0),
  ];
}

/** Scratch space of `parseIPv6` (single-threaded, never kept across calls). */
const GROUPS = new Uint16Array(8);

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), if it is one. */
export function mappedIPv4(words: IPv6Words): number | undefined {
  return words[0] === 0 && words[1] === 0 && words[2] === 0xffff ? words[3] : undefined;
}
