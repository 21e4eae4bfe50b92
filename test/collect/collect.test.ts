import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AmplifyClient } from '@aws-sdk/client-amplify';
import { type CollectOptions, collect } from '../../src/collect/collect.js';
import { AmplifyLogSource } from '../../src/collect/LogSource.js';
import {
  type AmplifyEmulator,
  type AmplifyEmulatorOptions,
  startAmplifyEmulator,
} from '../../src/demo/emulator/AmplifyEmulator.js';
import type { Store } from '../../src/store/Store.js';
import { Clock } from '../demo/emulator/support.js';
import { freshStore, queryRows } from '../helpers.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const APP = 'd1a2b3c4d5e6f7';
const DOMAIN = 'example-shop.com';
const INSTANT = { sleep: async () => {}, random: () => 0.5 };

async function storedIds(store: Store, now: Date): Promise<string[]> {
  const rows = await queryRows(store as never, 'SELECT request_id FROM access_logs', now);
  return rows.map((r) => r.request_id as string);
}

/** Asserts the store holds exactly the requests the emulated site made in [from, to) and delivered by now. */
async function assertExactlyOnce(
  store: Store,
  emulator: AmplifyEmulator,
  from: string,
  to: string,
  now: Date,
) {
  const ids = await storedIds(store, now);
  assert.equal(new Set(ids).size, ids.length, 'no request twice');
  const expected = emulator.expectedRequests(new Date(from), new Date(to), { asOf: now });
  const stored = new Set(ids);
  const missing = [...expected].filter((id) => !stored.has(id));
  assert.deepEqual(missing.slice(0, 5), [], `${missing.length} of ${expected.size} requests missing`);
  return ids.length;
}

interface Setup {
  emulator: AmplifyEmulator;
  clock: Clock;
  store: Store;
  client: AmplifyClient;
  collectAt: (extra?: Partial<CollectOptions>) => ReturnType<typeof collect>;
}

async function withSetup(
  options: AmplifyEmulatorOptions & { start: string },
  run: (s: Setup) => Promise<void>,
) {
  const clock = new Clock(new Date(options.start));
  const emulator = await startAmplifyEmulator({ requestsPerHour: 120, now: clock.now, ...options });
  const client = new AmplifyClient({ ...emulator.clientConfig(), maxAttempts: 1 });
  const store = await freshStore();
  const collectAt = (extra: Partial<CollectOptions> = {}) =>
    collect({
      store,
      appId: APP,
      domain: DOMAIN,
      source: new AmplifyLogSource(APP, DOMAIN, client),
      now: clock.now,
      clock: INSTANT,
      ...extra,
    });
  try {
    await run({ emulator, clock, store, client, collectAt });
  } finally {
    client.destroy();
    await emulator.stop();
  }
}

describe('collect', () => {
  test('returns the last finished hour on a first run, in the recipe layout', async () => {
    await withSetup({ start: '2026-11-25T12:20:00Z' }, async ({ emulator, store, collectAt, clock }) => {
      const summary = await collectAt();
      assert.deepEqual(
        summary.windows.map((w) => [w.start, w.end, w.status]),
        [['2026-11-25T10:00:00.000Z', '2026-11-25T11:00:00.000Z', 'collected']],
      );
      assert.deepEqual(summary.windows[0]?.rawKeys, [
        'raw/year=2026/month=11/day=25/access_logs-10-11.csv.gz',
      ]);
      assert.equal(summary.watermark, '2026-11-25T11:00:00.000Z');
      const count = await assertExactlyOnce(
        store,
        emulator,
        '2026-11-25T10:00Z',
        '2026-11-25T11:00Z',
        clock.now(),
      );
      assert.equal(summary.rowsImported, count);
    });
  });

  test('returns every request once, late ones included, after hourly runs, a missed day and the late sweep', async () => {
    await withSetup(
      { start: '2026-11-20T08:10:00Z', lateShare: 0.05 },
      async ({ emulator, store, collectAt, clock }) => {
        await collectAt();
        for (let hour = 0; hour < 5; hour++) {
          clock.advance(3_600_000);
          await collectAt();
        }
        clock.advance(30 * 3_600_000);
        const afterGap = await collectAt();
        assert.equal(afterGap.failures, 0);
        assert.ok(afterGap.windows.length >= 2, 'the missed day is fetched');
        clock.set('2026-11-22T03:10:00Z');
        const swept = await collectAt();
        assert.ok(
          swept.windows.some(
            (w) => w.start === '2026-11-20T00:00:00.000Z' && w.end === '2026-11-21T00:00:00.000Z',
          ),
          'the day before yesterday is asked again once, for entries delivered up to a day late',
        );
        await assertExactlyOnce(store, emulator, '2026-11-20T07:00Z', '2026-11-21T00:00Z', clock.now());
        const raw = await store.list('raw/year=2026/month=11/day=20/');
        assert.ok(
          raw.some((o) => /access_logs-00-24\.csv\.gz$/.test(o.key)),
          'the sweep is kept in the recipe layout',
        );
      },
    );
  });

  test('returns each request once after a backfill of three weeks with faults injected', async () => {
    await withSetup(
      {
        start: '2026-11-25T12:00:00Z',
        requestsPerHour: 40,
        maxRequestsPerCall: 900,
        throttleRate: 0.15,
        failRate: 0.1,
        cutRate: 0.15,
        unavailableRate: 0.05,
        limitRate: 0.05,
      },
      async ({ emulator, store, collectAt, clock }) => {
        const first = await collectAt({
          since: new Date('2026-11-04T00:00Z'),
          until: new Date('2026-11-25T00:00Z'),
        });
        const second =
          first.failures > 0
            ? await collectAt({ since: new Date('2026-11-04T00:00Z'), until: new Date('2026-11-04T01:00Z') })
            : first;
        assert.equal(second.failures, 0, JSON.stringify(second.windows.filter((w) => w.error)));
        const calls = emulator.counters;
        assert.ok((calls.faults.throttle ?? 0) > 0 && (calls.faults.cut ?? 0) > 0, 'faults were injected');
        assert.ok(
          first.windows.some((w) => w.rawKeys.length > 1),
          'windows Amplify found too big were split',
        );
        await assertExactlyOnce(store, emulator, '2026-11-04T00:00Z', '2026-11-25T00:00Z', clock.now());
      },
    );
  });

  test('returns a failed window as pending and asks for it first on the next run', async () => {
    await withSetup({ start: '2026-11-25T12:20:00Z' }, async ({ emulator, store, collectAt, clock }) => {
      emulator.failNext('internal', 20);
      const failed = await collectAt({ retry: { attempts: 2, baseMs: 1, maxMs: 1 } });
      assert.equal(failed.failures, 1);
      assert.match(failed.windows[0]?.error ?? '', /2026-11-25 10:00 to 11:00 UTC/);
      emulator.clearFaults();
      clock.advance(3_600_000);
      const next = await collectAt();
      assert.deepEqual(next.windows[0]?.start, '2026-11-25T10:00:00.000Z');
      assert.equal(next.failures, 0);
      await assertExactlyOnce(store, emulator, '2026-11-25T10:00Z', '2026-11-25T12:00Z', clock.now());
    });
  });

  test('throws a clear error and stops when the app is unknown', async () => {
    await withSetup({ start: '2026-11-25T12:20:00Z' }, async ({ collectAt, client, emulator }) => {
      const appId = 'd0000000000000';
      await assert.rejects(
        collectAt({ appId, source: new AmplifyLogSource(appId, DOMAIN, client) }),
        (error: Error & { hint?: string }) =>
          /App d0000000000000 not found/.test(error.message) &&
          /Check --app-id and --domain/.test(error.hint ?? ''),
      );
      assert.equal(
        emulator.counters.generateCalls,
        1,
        'no retries and no further windows after a final answer',
      );
    });
  });
});
