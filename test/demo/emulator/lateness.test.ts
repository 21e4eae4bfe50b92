import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataLines, fetchLogs, HOUR, instantOf, requestIdOf, requestIds, withEmulator } from './support.js';

const H = '2026-11-24T10:00:00Z';
const H_LAST = '2026-11-24T10:59:59Z';
const hourStart = new Date(H);
const hourEnd = new Date(Date.parse(H) + HOUR);

function sameSet(actual: Iterable<string>, expected: Iterable<string>, what: string): void {
  assert.deepEqual([...actual].sort(), [...expected].sort(), what);
}

test('returns nothing after now and only part of the last hour when now is mid-hour', async () => {
  await withEmulator(
    { start: '2026-11-24T11:30:00Z', requestsPerHour: 300 },
    async ({ client, emulator, clock }) => {
      const csv = await fetchLogs(client, '2026-11-24T09:00:00Z', '2026-11-24T13:59:59Z');
      const times = dataLines(csv).map(instantOf);
      assert.ok(
        times.every((t) => t <= clock.time.getTime()),
        'no row after now',
      );
      assert.ok(
        times.some((t) => t >= Date.parse('2026-11-24T11:00:00Z')),
        'some rows of the current hour',
      );
      const lastHour = times.filter((t) => t >= Date.parse(H) && t < hourEnd.getTime()).length;
      assert.ok(lastHour < emulator.expectedCount(hourStart, hourEnd), 'the hour before now is incomplete');
      assert.ok(lastHour > emulator.expectedCount(hourStart, hourEnd) / 4, 'but partly there');
      const visible = emulator.expectedRequests(
        new Date('2026-11-24T09:00:00Z'),
        new Date('2026-11-24T14:00:00Z'),
        {
          asOf: clock.time,
        },
      );
      sameSet(requestIds(csv), visible, 'the file holds what was delivered by now');
    },
  );
});

test('returns a late row only once the clock passes its delivery time', async () => {
  await withEmulator(
    { start: '2026-11-24T12:00:00Z', lateShare: 0.1 },
    async ({ client, emulator, clock }) => {
      const late = emulator
        .siteRequests(hourStart, hourEnd)
        .filter((r) => r.late)
        .sort((a, b) => a.deliveredAt.getTime() - b.deliveredAt.getTime());
      const first = late[0];
      assert.ok(first, 'the hour has late rows');
      assert.ok(
        first.deliveredAt.getTime() >= hourEnd.getTime() + HOUR,
        'late means after the ordinary delay',
      );
      const before = requestIds(await fetchLogs(client, H, H_LAST));
      assert.ok(!before.includes(first.requestId));
      clock.time = new Date(first.deliveredAt.getTime() - 1);
      assert.ok(!requestIds(await fetchLogs(client, H, H_LAST)).includes(first.requestId));
      clock.time = first.deliveredAt;
      assert.ok(requestIds(await fetchLogs(client, H, H_LAST)).includes(first.requestId));
      clock.time = new Date(hourEnd.getTime() + 24 * HOUR);
      sameSet(
        requestIds(await fetchLogs(client, H, H_LAST)),
        emulator.expectedRequests(hourStart, hourEnd),
        'all',
      );
    },
  );
});

test('returns the late rows when the same hour is asked again later', async () => {
  await withEmulator({ start: '2026-11-24T12:30:00Z', lateShare: 0.05, lateHours: 6 }, async (setup) => {
    const { client, emulator, clock } = setup;
    const early = new Set(requestIds(await fetchLogs(client, H, H_LAST)));
    const pending = emulator
      .siteRequests(hourStart, hourEnd)
      .filter((r) => r.deliveredAt > clock.time)
      .map((r) => r.requestId);
    assert.ok(pending.length > 0, 'some late rows are still to come');
    assert.ok(pending.every((id) => !early.has(id)));
    clock.time = new Date(hourEnd.getTime() + 6 * HOUR);
    const later = new Set(requestIds(await fetchLogs(client, H, H_LAST)));
    assert.ok(
      [...early].every((id) => later.has(id)),
      'rows once there stay there',
    );
    sameSet(
      [...later].filter((id) => !early.has(id)),
      pending,
      'the new rows are the late ones',
    );
    sameSet(later, emulator.expectedRequests(hourStart, hourEnd), 'all delivered after lateHours');
  });
});

test('returns every expected request exactly once when overlapping windows are deduplicated', async () => {
  await withEmulator({ requestsPerHour: 200 }, async ({ client, emulator }) => {
    const windows = [
      ['2026-11-23T00:30:00Z', '2026-11-23T02:10:00Z'],
      ['2026-11-23T02:10:00Z', '2026-11-23T04:00:00Z'],
      ['2026-11-23T03:59:59Z', '2026-11-23T05:59:59Z'],
    ] as const;
    const seen = new Map<string, string>();
    let rows = 0;
    for (const [start, end] of windows) {
      const lines = dataLines(await fetchLogs(client, start, end));
      rows += lines.length;
      for (const line of lines) {
        const id = requestIdOf(line);
        const known = seen.get(id);
        assert.ok(known === undefined || known === line, 'a repeated request id comes back byte-identical');
        seen.set(id, line);
      }
    }
    assert.ok(rows > seen.size, 'consecutive windows overlap');
    const expected = emulator.expectedRequests(
      new Date('2026-11-23T00:00:00Z'),
      new Date('2026-11-23T06:00:00Z'),
    );
    sameSet(seen.keys(), expected, 'the union is the ground truth');
    assert.equal(
      expected.size,
      emulator.expectedCount(new Date('2026-11-23T00:00:00Z'), new Date('2026-11-23T06:00:00Z')),
    );
  });
});

test('returns the ground truth of a partial window when the window does not fall on hours', async () => {
  await withEmulator({}, async ({ client, emulator }) => {
    const [from, to] = [new Date('2026-11-23T07:20:00Z'), new Date('2026-11-23T08:40:00Z')];
    const lines = dataLines(await fetchLogs(client, from.toISOString(), to.toISOString()));
    const inside = lines.filter((l) => instantOf(l) >= from.getTime() && instantOf(l) < to.getTime());
    sameSet(inside.map(requestIdOf), emulator.expectedRequests(from, to), 'rows inside');
    assert.equal(emulator.expectedCount(from, to), inside.length);
  });
});
