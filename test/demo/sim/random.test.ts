import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random, Weighted, weighted, zipf } from '../../../src/demo/sim/random.js';

function draws(rng: Random, n: number): number[] {
  return Array.from({ length: n }, () => rng.u32());
}

test('returns the same sequence when seeded the same', () => {
  assert.deepEqual(draws(new Random(42), 100), draws(new Random(42), 100));
});

test('returns different sequences when seeded differently', () => {
  assert.notDeepEqual(draws(new Random(42), 20), draws(new Random(43), 20));
  assert.notDeepEqual(draws(new Random(0), 20), draws(new Random(1), 20));
});

test('returns values in range when asked for floats, integers and picks', () => {
  const rng = new Random(7);
  const seen = new Set<number>();
  for (let i = 0; i < 10_000; i++) {
    const f = rng.float();
    assert.ok(f >= 0 && f < 1);
    const n = rng.int(-3, 3);
    assert.ok(Number.isInteger(n) && n >= -3 && n <= 3);
    seen.add(n);
    assert.ok(['a', 'b'].includes(rng.pick(['a', 'b'])));
  }
  assert.equal(seen.size, 7, 'both ends of int() are reachable');
});

test('returns true about p of the time when asked chance(p)', () => {
  const rng = new Random(9);
  let hits = 0;
  for (let i = 0; i < 100_000; i++) if (rng.chance(0.25)) hits++;
  assert.ok(Math.abs(hits / 100_000 - 0.25) < 0.01, `${hits}`);
});

test('returns items in proportion to their weights when picking weighted', () => {
  const rng = new Random(11);
  const table = weighted([
    ['a', 1],
    ['b', 0],
    ['c', 3],
  ] as const);
  const counts = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 40_000; i++) counts[table.pick(rng)]++;
  assert.equal(counts.b, 0);
  assert.ok(Math.abs(counts.c / counts.a - 3) < 0.2, JSON.stringify(counts));
});

test('returns a RangeError when no weight is positive', () => {
  assert.throws(() => new Weighted([['x', 0]]), RangeError);
});

test('returns earlier ranks more often when picking zipf', () => {
  const rng = new Random(5);
  const table = zipf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 50_000; i++) {
    const rank = table.pick(rng);
    counts[rank] = (counts[rank] ?? 0) + 1;
  }
  assert.ok((counts[0] ?? 0) > (counts[1] ?? 0));
  assert.ok((counts[1] ?? 0) > (counts[9] ?? 0));
});

test('returns a heavy right tail when drawing log-normal values', () => {
  const rng = new Random(3);
  const values = Array.from({ length: 20_000 }, () => rng.logNormal(0.1, 1)).sort((a, b) => a - b);
  const median = values[10_000] as number;
  assert.ok(median > 0.09 && median < 0.11, `${median}`);
  assert.ok((values[19_900] as number) > 10 * median);
});
