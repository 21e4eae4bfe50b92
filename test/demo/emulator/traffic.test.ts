import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestsInHour } from '../../../src/demo/emulator/hourlyRate.js';
import { SiteTraffic } from '../../../src/demo/emulator/SiteTraffic.js';
import { APP, DOMAIN, fetchLogs, generate, HOUR, requestIds, withEmulator } from './support.js';

const hourOf = (iso: string): number => Date.parse(iso) / HOUR;

test('returns the same rows for an hour when another emulator with the same seed is asked', async () => {
  const first = await withEmulator({}, ({ client }) =>
    fetchLogs(client, '2026-11-20T07:00:00Z', '2026-11-20T08:30:00Z'),
  );
  const hourOnly = await withEmulator({ start: '2026-12-01T00:00:00Z' }, ({ client }) =>
    fetchLogs(client, '2026-11-20T08:00:00Z', '2026-11-20T08:00:00Z'),
  );
  const ids = new Set(requestIds(first));
  assert.ok(requestIds(hourOnly).every((id) => ids.has(id)));
  assert.ok(first.endsWith(hourOnly.split('\n').slice(1).join('\n')), 'the hour is the same bytes');
});

test('returns different traffic when the seed or the app differs', async () => {
  const [start, end] = ['2026-11-20T07:00:00Z', '2026-11-20T07:59:59Z'];
  const apps = [
    { appId: APP, domains: [DOMAIN] },
    { appId: 'd2other', domains: ['other.example.org'] },
  ];
  const [mine, other] = await withEmulator({ apps }, async ({ client }) => {
    const url = await generate(client, start, end, { appId: 'd2other', domainName: 'other.example.org' });
    return [requestIds(await fetchLogs(client, start, end)), requestIds(await (await fetch(url)).text())];
  });
  const reseeded = await withEmulator({ seed: 2 }, async ({ client }) =>
    requestIds(await fetchLogs(client, start, end)),
  );
  const ids = new Set(mine);
  assert.ok(other.length > 0 && other.every((id) => !ids.has(id)));
  assert.ok(reseeded.length > 0 && reseeded.every((id) => !ids.has(id)));
});

test('returns exactly the hour count when an hour is simulated in several parts', () => {
  const traffic = new SiteTraffic(1, APP, 24_000);
  const hour = hourOf('2026-11-20T14:00:00Z');
  const records = [...traffic.records(hour)];
  assert.equal(records.length, traffic.count(hour));
  assert.ok(records.length > 10_000, 'more than one part');
  assert.equal(new Set(records.map((r) => r.request_id)).size, records.length);
  assert.ok(
    records.every(
      (r) => `${r.date}T${r.time}` >= '2026-11-20T14:00:00' && `${r.date}T${r.time}` < '2026-11-20T15',
    ),
  );
});

test('returns a daily rhythm around requestsPerHour when hours are averaged over four weeks', () => {
  const first = hourOf('2026-11-02T00:00:00Z');
  const byHour = Array.from({ length: 24 }, () => 0);
  let total = 0;
  for (let h = 0; h < 24 * 28; h++) {
    const count = requestsInHour(9, first + h, 1_000);
    byHour[h % 24] = (byHour[h % 24] as number) + count;
    total += count;
  }
  const mean = total / (24 * 28);
  assert.ok(mean > 950 && mean < 1_050, `mean ${mean}`);
  assert.ok(Math.max(...byHour) / Math.min(...byHour) > 1.3, 'busier and quieter hours');
});

test('returns counters and a call log that describe each call when calls and downloads are made', async () => {
  await withEmulator({}, async ({ client, emulator }) => {
    const url = await generate(client, '2026-11-20T07:10:00Z', '2026-11-20T07:20:00Z');
    await (await fetch(url)).text();
    emulator.failNext('internal');
    await generate(client, '2026-11-20T07:10:00Z', '2026-11-20T07:20:00Z').catch(() => undefined);
    const [made, fetched, failed] = emulator.calls;
    assert.equal(made?.kind, 'generate');
    assert.deepEqual(made?.asked, {
      start: new Date('2026-11-20T07:10:00Z'),
      end: new Date('2026-11-20T07:20:00Z'),
    });
    assert.deepEqual(made?.window, {
      start: new Date('2026-11-20T07:00:00Z'),
      end: new Date('2026-11-20T08:00:00Z'),
    });
    assert.equal(made?.domainName, DOMAIN);
    assert.equal(fetched?.kind, 'download');
    assert.equal(fetched?.token, made?.token);
    assert.equal(fetched?.bytes, made?.bytes);
    assert.deepEqual(
      [failed?.status, failed?.error, failed?.fault],
      [500, 'InternalFailureException', 'internal'],
    );
    assert.deepEqual(
      {
        ...emulator.counters,
        errors: { ...emulator.counters.errors },
        faults: { ...emulator.counters.faults },
      },
      {
        generateCalls: 2,
        logUrls: 1,
        downloads: 1,
        completeDownloads: 1,
        rowsServed: made?.rows,
        bytesServed: made?.bytes,
        errors: { InternalFailureException: 1 },
        faults: { internal: 1 },
      },
    );
  });
});

test('returns a RangeError when an option cannot work', async () => {
  await assert.rejects(
    withEmulator({ lateShare: 2 }, async () => undefined),
    RangeError,
  );
  await assert.rejects(
    withEmulator({ apps: [] }, async () => undefined),
    RangeError,
  );
});
