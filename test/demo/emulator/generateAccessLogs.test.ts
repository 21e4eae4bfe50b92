import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AmplifyClient,
  AmplifyServiceException,
  BadRequestException,
  GenerateAccessLogsCommand,
  InternalFailureException,
  LimitExceededException,
  NotFoundException,
  UnauthorizedException,
} from '@aws-sdk/client-amplify';
import {
  APP,
  DOMAIN,
  dataLines,
  fetchLogs,
  generate,
  instantOf,
  postRaw,
  requestIds,
  withEmulator,
} from './support.js';

/** Runs `promise`, expecting it to reject; resolves with the error. */
async function failure(promise: Promise<unknown>): Promise<AmplifyServiceException> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AmplifyServiceException, `not an SDK service error: ${error}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

test('returns the whole hours around the window when the window starts and ends mid-hour', async () => {
  await withEmulator({}, async ({ emulator, client }) => {
    const csv = await fetchLogs(client, '2026-11-24T10:15:00Z', '2026-11-24T11:20:00Z');
    const times = dataLines(csv).map(instantOf);
    const [from, to] = [Date.parse('2026-11-24T10:00:00Z'), Date.parse('2026-11-24T12:00:00Z')];
    assert.ok(times.length > 0);
    assert.ok(times.every((t) => t >= from && t < to));
    assert.ok(
      times.some((t) => t < Date.parse('2026-11-24T10:15:00Z')),
      'a row before the asked start',
    );
    assert.ok(
      times.some((t) => t > Date.parse('2026-11-24T11:20:00Z')),
      'a row after the asked end',
    );
    const call = emulator.calls[0];
    assert.deepEqual(call?.window, { start: new Date(from), end: new Date(to) });
    assert.equal(call?.rows, times.length);
  });
});

test('returns the hour of the end when the end is exactly on the hour (both ends are inclusive)', async () => {
  await withEmulator({}, async ({ emulator, client }) => {
    await generate(client, '2026-11-24T10:00:00Z', '2026-11-24T11:00:00Z');
    assert.deepEqual(emulator.calls[0]?.window?.end, new Date('2026-11-24T12:00:00Z'));
  });
});

test('returns identical bytes and request ids when the same hour is asked twice', async () => {
  await withEmulator({}, async ({ client }) => {
    const a = await fetchLogs(client, '2026-11-24T10:05:00Z', '2026-11-24T10:10:00Z');
    const b = await fetchLogs(client, '2026-11-24T10:40:00Z', '2026-11-24T10:59:59Z');
    assert.equal(a, b);
    const both = await fetchLogs(client, '2026-11-24T09:30:00Z', '2026-11-24T10:30:00Z');
    const ids = new Set(requestIds(both));
    assert.ok(
      requestIds(a).every((id) => ids.has(id)),
      'the overlapping window holds the same rows',
    );
  });
});

test('returns rows out of time order and with the Amplify header when a file is downloaded', async () => {
  await withEmulator({ requestsPerHour: 400 }, async ({ client }) => {
    const csv = await fetchLogs(client, '2026-11-24T10:00:00Z', '2026-11-24T11:00:00Z');
    assert.ok(csv.startsWith('date,time,x-edge-location,sc-bytes,c-ip,cs-method,cs\\(Host),'));
    const times = dataLines(csv).map(instantOf);
    assert.ok(
      times.some((t, i) => i > 0 && t < (times[i - 1] as number)),
      'some row is earlier than the one before',
    );
    assert.ok(dataLines(csv).every((line) => line.split(',').length === 33));
  });
});

test('returns BadRequestException with its message when the window is longer than two weeks', async () => {
  await withEmulator({}, async ({ client }) => {
    const error = await failure(generate(client, '2026-11-01T00:00:00Z', '2026-11-15T00:00:01Z'));
    assert.ok(error instanceof BadRequestException);
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.match(error.message, /cannot exceed 2 weeks/);
    await generate(client, '2026-11-01T00:00:00Z', '2026-11-15T00:00:00Z');
  });
});

test('returns BadRequestException saying "reduce time range" when the widened hours hold too many requests', async () => {
  await withEmulator({ maxRequestsPerCall: 500 }, async ({ client, emulator }) => {
    const error = await failure(generate(client, '2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z'));
    assert.ok(error instanceof BadRequestException);
    assert.match(error.message, /reduce time range/);
    assert.equal(emulator.counters.errors.BadRequestException, 1);
    await generate(client, '2026-11-20T00:00:00Z', '2026-11-20T02:00:00Z');
  });
});

test('returns BadRequestException when startTime is after endTime or missing', async () => {
  await withEmulator({}, async ({ client }) => {
    const reversed = await failure(generate(client, '2026-11-20T02:00:00Z', '2026-11-20T01:00:00Z'));
    assert.ok(reversed instanceof BadRequestException);
    assert.match(reversed.message, /startTime must not be after endTime/);
    const missing = await failure(
      client.send(new GenerateAccessLogsCommand({ appId: APP, domainName: DOMAIN })),
    );
    assert.ok(missing instanceof BadRequestException);
    assert.match(missing.message, /required/);
  });
});

test('returns NotFoundException when the app or the domain is unknown', async () => {
  await withEmulator({}, async ({ client }) => {
    const app = await failure(
      generate(client, '2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z', { appId: 'd9nothere' }),
    );
    assert.ok(app instanceof NotFoundException);
    assert.equal(app.$metadata.httpStatusCode, 404);
    const domain = await failure(
      generate(client, '2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z', { domainName: 'other.example' }),
    );
    assert.ok(domain instanceof NotFoundException);
    assert.match(domain.message, /other\.example/);
  });
});

test('returns the SDK error class, status and request id when a fault is injected', async () => {
  await withEmulator({}, async ({ client, emulator }) => {
    const cases = [
      ['unauthorized', UnauthorizedException, 401],
      ['internal', InternalFailureException, 500],
      ['limit', LimitExceededException, 429],
    ] as const;
    for (const [kind, type, status] of cases) {
      emulator.failNext(kind);
      const error = await failure(generate(client, '2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z'));
      assert.ok(error instanceof type, `${kind} → ${error.name}`);
      assert.equal(error.$metadata.httpStatusCode, status);
      assert.match(error.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
    }
    emulator.failNext('throttle');
    const throttled = await failure(generate(client, '2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z'));
    assert.equal(throttled.name, 'ThrottlingException');
    assert.equal(throttled.message, 'Rate exceeded');
    assert.equal(throttled.$metadata.httpStatusCode, 400);
    assert.deepEqual(emulator.counters.faults, { unauthorized: 1, internal: 1, limit: 1, throttle: 1 });
  });
});

test('returns success after the SDK retries by itself when throttled twice', async () => {
  await withEmulator({ maxAttempts: 3 }, async ({ client, emulator }) => {
    emulator.failNext('throttle', 2);
    const out = await client.send(
      new GenerateAccessLogsCommand({
        appId: APP,
        domainName: DOMAIN,
        startTime: new Date('2026-11-20T00:00:00Z'),
        endTime: new Date('2026-11-20T01:00:00Z'),
      }),
    );
    assert.equal(out.$metadata.attempts, 3);
    assert.deepEqual(
      emulator.calls.map((c) => [c.attempt, c.status, c.error]),
      [
        [1, 400, 'ThrottlingException'],
        [2, 400, 'ThrottlingException'],
        [3, 200, undefined],
      ],
    );
  });
});

test('returns success after one SDK retry when LimitExceeded or InternalFailure answers once', async () => {
  await withEmulator({ maxAttempts: 3 }, async ({ client, emulator }) => {
    for (const kind of ['limit', 'internal'] as const) {
      emulator.failNext(kind);
      await generate(client, '2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z');
    }
    assert.deepEqual(
      emulator.calls.map((c) => [c.attempt, c.status]),
      [
        [1, 429],
        [2, 200],
        [1, 500],
        [2, 200],
      ],
    );
  });
});

test('returns the error after three attempts when throttling persists, and Unauthorized at once', async () => {
  await withEmulator({ maxAttempts: 3 }, async ({ client, emulator }) => {
    emulator.failNext('throttle', 3);
    const throttled = await failure(generate(client, '2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z'));
    assert.equal(throttled.name, 'ThrottlingException');
    assert.equal(throttled.$metadata.attempts, 3);
    emulator.failNext('unauthorized');
    const denied = await failure(generate(client, '2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z'));
    assert.ok(denied instanceof UnauthorizedException);
    assert.equal(denied.$metadata.attempts, 1);
    assert.equal(emulator.counters.generateCalls, 4);
  });
});

test('returns ThrottlingException when calls come faster than maxCallsPerSecond', async () => {
  await withEmulator({ maxCallsPerSecond: 2 }, async ({ client, emulator }) => {
    const calls = Array.from({ length: 6 }, () =>
      generate(client, '2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z').then(
        () => 'ok',
        (error: Error) => error.name,
      ),
    );
    const outcomes = await Promise.all(calls);
    assert.ok(outcomes.includes('ok'));
    assert.ok(outcomes.includes('ThrottlingException'));
    assert.equal(emulator.counters.errors.ThrottlingException, outcomes.filter((o) => o !== 'ok').length);
  });
});

test('returns 403 MissingAuthenticationTokenException when the request is not signed', async () => {
  await withEmulator({}, async ({ emulator }) => {
    const body = { domainName: DOMAIN, startTime: 1_763_600_000, endTime: 1_763_603_600 };
    const res = await postRaw(emulator.endpoint, APP, body, false);
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.deepEqual(await res.json(), { message: 'Missing Authentication Token' });
  });
});

test('returns errors by the x-amzn-errortype header and a JSON message when called on the wire', async () => {
  await withEmulator({}, async ({ emulator }) => {
    const res = await postRaw(emulator.endpoint, APP, { domainName: DOMAIN, startTime: 10, endTime: 5 });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('x-amzn-errortype') ?? '', /^BadRequestException:/);
    assert.ok(res.headers.get('x-amzn-requestid'));
    assert.deepEqual(Object.keys((await res.json()) as object), ['message']);
    const ok = await postRaw(emulator.endpoint, APP, {
      domainName: DOMAIN,
      startTime: 1_763_600_000.5,
      endTime: 1_763_600_001,
    });
    const { logUrl } = (await ok.json()) as { logUrl: string };
    assert.match(logUrl, new RegExp(`^${emulator.endpoint}/downloads/[\\w-]+\\?.*X-Amz-Expires=900`));
  });
});

test('returns the same drawn faults at about the configured rate when the seed is the same', async () => {
  const outcomes = async (): Promise<number[]> =>
    withEmulator({ throttleRate: 0.3, seed: 5 }, async ({ emulator }) => {
      const statuses: number[] = [];
      for (let i = 0; i < 100; i++) {
        const res = await postRaw(emulator.endpoint, APP, { domainName: DOMAIN, startTime: 0, endTime: 1 });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      return statuses;
    });
  const first = await outcomes();
  assert.deepEqual(await outcomes(), first);
  const throttled = first.filter((s) => s === 400).length;
  assert.ok(throttled > 15 && throttled < 45, `${throttled} of 100 throttled`);
});

test('returns every row once per hour when a window spans several hours', async () => {
  await withEmulator({}, async ({ client, emulator }) => {
    const csv = await fetchLogs(client, '2026-11-24T00:00:00Z', '2026-11-24T05:59:59Z');
    const ids = requestIds(csv);
    assert.equal(new Set(ids).size, ids.length);
    const expected = emulator.expectedCount(
      new Date('2026-11-24T00:00:00Z'),
      new Date('2026-11-24T06:00:00Z'),
    );
    assert.equal(ids.length, expected);
    assert.ok(ids.length > 100);
  });
});

test('returns a logUrl when the SDK finds the emulator through AWS_ENDPOINT_URL_AMPLIFY', async () => {
  await withEmulator({}, async ({ emulator }) => {
    const saved = { ...process.env };
    Object.assign(process.env, emulator.env());
    const client = new AmplifyClient({});
    try {
      const url = await generate(client, '2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z');
      assert.ok(url.startsWith(`${emulator.endpoint}/downloads/`));
    } finally {
      client.destroy();
      process.env = saved;
    }
  });
});

test('returns BadRequestException naming the constraint when the app id or domain is malformed', async () => {
  await withEmulator({}, async ({ client }) => {
    const app = await failure(
      generate(client, '2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z', { appId: 'x/y' }),
    );
    assert.ok(app instanceof BadRequestException);
    assert.match(app.message, /at 'appId' failed to satisfy constraint/);
    const domain = await failure(
      generate(client, '2026-11-20T00:00:00Z', '2026-11-20T01:00:00Z', { domainName: 'no_dots' }),
    );
    assert.match(domain.message, /at 'domainName' failed to satisfy constraint/);
  });
});
