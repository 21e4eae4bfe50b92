/**
 * Small 32-bit hashes that turn (seed, app, hour, request id) into seeds and uniform draws. Pure
 * integer arithmetic: the same inputs give the same numbers on every platform, so the emulator's
 * traffic, lateness and faults are reproducible from its seed.
 */

const TWO_POW_32 = 4294967296;

/** murmur3's finalizer: spreads the bits of a 32-bit integer. */
function fmix(h: number): number {
  let x = h;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** One unsigned 32-bit seed from integers (values beyond 32 bits keep their high part too). */
export function mix(...values: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = fmix(h ^ (value >>> 0));
    h = fmix(h ^ Math.floor(value / TWO_POW_32));
  }
  return h;
}

/** FNV-1a of a string's UTF-16 code units, finalized: a 32-bit hash of a name or a request id. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return fmix(h);
}

/** A 32-bit hash as a uniform number in [0, 1). */
export function unit(hash: number): number {
  return hash / TWO_POW_32;
}
