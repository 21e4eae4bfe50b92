/**
 * A small seeded PRNG (xoshiro128**, seeded through splitmix32) and the picking helpers the
 * simulator needs. The same seed always gives the same sequence on every platform; nothing in
 * `src/demo/sim` uses `Math.random`.
 */

const TWO_POW_32 = 4294967296;

/** splitmix32: spreads one 32-bit seed over the four words of xoshiro's state. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** Deterministic random numbers. `seed` is any number; its low 32 bits and fraction are mixed in. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = (seed | 0) ^ Math.round((seed % 1) * 0x7fffffff);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [next, out] = splitmix32(s);
      s = next;
      words.push(out);
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** The next unsigned 32-bit integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.u32() / TWO_POW_32;
  }

  /** An integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** A standard normal deviate (Box-Muller). */
  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** A log-normal deviate with the given median and shape `sigma` (heavy right tail). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** An exponential deviate with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** A new generator seeded from this one: an independent stream for a sub-task. */
  fork(): Random {
    return new Random(this.u32());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A precomputed weighted choice: O(log n) picks by binary search over cumulative weights. */
export class Weighted<T> {
  private readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  readonly total: number;

  /** `entries` are `[item, weight]` pairs; weights must be >= 0 and not all 0. */
  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], i) => {
      sum += Math.max(0, weight);
      this.cumulative[i] = sum;
    });
    if (!(sum > 0)) throw new RangeError('Weighted needs at least one positive weight');
    this.total = sum;
  }

  /** One item, with probability proportional to its weight. */
  pick(rng: Random): T {
    const target = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

/** A weighted choice from `{ value, weight }`-like pairs. */
export function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  return new Weighted(entries);
}

/**
 * A Zipf-like choice: the item at rank r (0-based, in the given order) has weight
 * 1 / (r + 1)^exponent. Exponent 1 (the default) is the classic web-popularity curve.
 */
export function zipf<T>(items: readonly T[], exponent = 1): Weighted<T> {
  return new Weighted(items.map((item, rank) => [item, 1 / (rank + 1) ** exponent] as const));
}
