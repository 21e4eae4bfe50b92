import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planWindows } from '../../src/collect/planWindows.js';
import { withRetries } from '../../src/collect/retry.js';
import { halves, type Window, windowsBetween } from '../../src/collect/windows.js';
import { rawWindowKey } from '../../src/store/keys.js';

const iso = (w: Window) => `${w.start.toISOString().slice(5, 13)}..${w.end.toISOString().slice(5, 13)}`;
const NOW = new Date('2026-11-25T12:34:56Z');

describe('planWindows', () => {
  test('returns the last finished hour on a first run', () => {
    const plan = planWindows({ now: NOW, pending: [], recheckHours: 3, lagHours: 1, lateHours: 24 });
    assert.deepEqual(plan.windows.map(iso), ['11-25T10..11-25T11']);
  });

  test('returns every hour since the watermark, minus the recheck hours, after a missed day', () => {
    const plan = planWindows({
      now: NOW,
      watermark: new Date('2026-11-24T09:00Z'),
      pending: [],
      recheckHours: 3,
      lagHours: 1,
    });
    assert.deepEqual(plan.windows.map(iso), ['11-24T06..11-25T00', '11-25T00..11-25T11']);
  });

  test('returns failed windows first, then the regular ones, each once', () => {
    const pending = [{ start: new Date('2026-11-20T05:00Z'), end: new Date('2026-11-20T06:00Z') }];
    const plan = planWindows({
      now: NOW,
      watermark: new Date('2026-11-25T11:00Z'),
      pending,
      recheckHours: 2,
      lagHours: 1,
    });
    assert.deepEqual(plan.windows.map(iso), ['11-20T05..11-20T06', '11-25T09..11-25T11']);
  });

  test('returns a backfill a UTC day a window, ending at the last delivered hour', () => {
    const plan = planWindows({
      now: NOW,
      since: new Date('2026-11-22T18:30Z'),
      pending: [],
      recheckHours: 3,
      lagHours: 1,
    });
    assert.deepEqual(plan.windows.map(iso), [
      '11-22T18..11-23T00',
      '11-23T00..11-24T00',
      '11-24T00..11-25T00',
      '11-25T00..11-25T11',
    ]);
  });

  test('returns each past day once more, whole, after its entries can no longer arrive late', () => {
    const sweptThrough = new Date('2026-11-22T00:00Z');
    const plan = planWindows({
      now: NOW,
      watermark: new Date('2026-11-25T11:00Z'),
      sweptThrough,
      pending: [],
      recheckHours: 1,
      lagHours: 1,
      lateHours: 24,
    });
    assert.deepEqual(plan.windows.map(iso), [
      '11-22T00..11-23T00',
      '11-23T00..11-24T00',
      '11-25T10..11-25T11',
    ]);
    assert.deepEqual(plan.sweptThrough, new Date('2026-11-24T00:00Z'));
  });

  test('returns nothing when the lag leaves no finished hour since the watermark', () => {
    const plan = planWindows({
      now: NOW,
      watermark: new Date('2026-11-25T11:00Z'),
      pending: [],
      recheckHours: 0,
      lagHours: 1,
    });
    assert.deepEqual(plan.windows, []);
  });
});

describe('windows', () => {
  test('returns halves cut at a whole hour, and none for one hour', () => {
    const [a, b] = halves({ start: new Date('2026-11-25T00:00Z'), end: new Date('2026-11-25T05:00Z') }) ?? [];
    assert.deepEqual(
      [a, b].map((w) => iso(w as Window)),
      ['11-25T00..11-25T02', '11-25T02..11-25T05'],
    );
    assert.equal(
      halves({ start: new Date('2026-11-25T00:00Z'), end: new Date('2026-11-25T01:00Z') }),
      undefined,
    );
  });

  test('returns windows of at most the given hours, never across midnight', () => {
    const windows = windowsBetween(new Date('2026-11-24T20:00Z'), new Date('2026-11-25T03:00Z'), 3);
    assert.deepEqual(windows.map(iso), ['11-24T20..11-24T23', '11-24T23..11-25T00', '11-25T00..11-25T03']);
  });

  test("returns the recipe's raw key for a window, with a version for other content", () => {
    assert.equal(
      rawWindowKey(new Date('2026-11-25T13:00Z'), new Date('2026-11-25T14:00Z')),
      'raw/year=2026/month=11/day=25/access_logs-13-14.csv.gz',
    );
    assert.equal(
      rawWindowKey(new Date('2026-11-25T00:00Z'), new Date('2026-11-26T00:00Z'), 'abc'),
      'raw/year=2026/month=11/day=25/access_logs-00-24.abc.csv.gz',
    );
  });
});

describe('withRetries', () => {
  test('returns after retrying retryable errors with full-jitter backoff, and throws a final one at once', async () => {
    const waits: number[] = [];
    const clock = { sleep: async (ms: number) => void waits.push(ms), random: () => 0.5 };
    let calls = 0;
    const value = await withRetries(
      async () => {
        calls++;
        if (calls < 4) throw new Error('busy');
        return 'ok';
      },
      () => true,
      { attempts: 5, baseMs: 100, maxMs: 300 },
      clock,
    );
    assert.equal(value, 'ok');
    assert.deepEqual(waits, [50, 100, 150]);
    await assert.rejects(
      withRetries(
        async () => Promise.reject(new Error('final')),
        () => false,
        { attempts: 5, baseMs: 1, maxMs: 1 },
        clock,
      ),
      /final/,
    );
  });
});
