import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contextFromArgs, ParameterError, resolveParameters } from '../lib/parameters.js';

const resolve = (context: Record<string, string>, env: Record<string, string> = {}) =>
  resolveParameters((key) => context[key], env);

describe('the stack parameters', () => {
  test('returns the defaults when only the app and the domain are given', () => {
    assert.deepEqual(resolve({ appId: 'd1a2b3c4d5e6f7', domain: 'example-shop.com' }), {
      appId: 'd1a2b3c4d5e6f7',
      domains: ['example-shop.com'],
      existingBucket: false,
      prefix: '',
      database: 'amplify_logs',
      table: 'access_logs',
      workgroup: 'amplify-logs',
      scanLimitBytes: 10_000_000_000,
      schedules: { collect: 'rate(1 hour)', maintain: 'cron(30 3 * * ? *)', report: 'cron(0 5 * * ? *)' },
      logRetentionDays: 30,
      alarms: {
        errorRate: { thresholdPercent: 2, minRequests: 100 },
        trafficDrop: { stdDevs: 2 },
        ttfbP95: { thresholdSeconds: 1 },
      },
      dashboard: true,
    });
  });

  test('returns the alarms turned off, the dashboard left out and the digest set when asked', () => {
    const p = resolve({
      appId: 'd1a2b3c4d5e6f7',
      domain: 'example-shop.com',
      errorRateAlarmPercent: 'off',
      trafficDropStdDevs: 'OFF',
      ttfbP95AlarmSeconds: '0.8',
      dashboard: 'false',
      digestTo: 'owner@example-shop.com, team@example-shop.com',
      digestFrom: 'reports@example-shop.com',
      digestIdentity: 'example-shop.com',
    });
    assert.deepEqual(p.alarms, { ttfbP95: { thresholdSeconds: 0.8 } });
    assert.equal(p.dashboard, false);
    assert.deepEqual(p.digest, {
      to: ['owner@example-shop.com', 'team@example-shop.com'],
      from: 'reports@example-shop.com',
      identity: 'example-shop.com',
      schedule: 'cron(0 7 ? * MON *)',
    });
  });

  test('throws a line naming the digest parameter that is wrong', () => {
    const base = { appId: 'd1a2b3c4d5e6f7', domain: 'example-shop.com' };
    assert.throws(
      () => resolve({ ...base, digestTo: 'owner@example-shop.com' }),
      /needs both digestTo and digestFrom/,
    );
    assert.throws(
      () => resolve({ ...base, digestTo: 'owner', digestFrom: 'reports@example-shop.com' }),
      /digestTo "owner" is not an e-mail address/,
    );
    assert.throws(
      () =>
        resolve({
          ...base,
          digestTo: 'a@b.com',
          digestFrom: 'reports@example-shop.com',
          digestIdentity: 'other.com',
        }),
      /digestIdentity "other.com": give digestFrom's address or its domain/,
    );
    assert.throws(() => resolve({ ...base, errorRateAlarmPercent: '200' }), ParameterError);
  });

  test("returns the CLI's environment variables when no context is given", () => {
    const p = resolve(
      {},
      {
        AMPLIFY_APP_ID: 'd9z8y7x6w5v4',
        AMPLIFY_DOMAIN: 'example.com, www.example.com',
        S3_BUCKET_NAME: 'my-logs',
        S3_BUCKET_PREFIX: '/site/',
        ATHENA_DATABASE: 'Web_Logs',
        ATHENA_TABLE_NAME: 'shop',
        ATHENA_WORKGROUP: 'analytics',
      },
    );
    assert.deepEqual(
      [p.appId, p.domains, p.bucketName, p.prefix, p.database, p.table, p.workgroup],
      [
        'd9z8y7x6w5v4',
        ['example.com', 'www.example.com'],
        'my-logs',
        'site/',
        'web_logs',
        'shop',
        'analytics',
      ],
    );
  });

  test('returns the context before the environment', () => {
    const p = resolve(
      { appId: 'd1a2b3c4d5e6f7', domain: 'a.example.com' },
      { AMPLIFY_DOMAIN: 'b.example.com' },
    );
    assert.deepEqual(p.domains, ['a.example.com']);
  });

  test('throws naming the parameter and its variable when the app id is missing', () => {
    assert.throws(() => resolve({ domain: 'example.com' }), {
      name: 'ParameterError',
      message: 'appId is not set: pass -c appId=... or set AMPLIFY_APP_ID',
    });
  });

  test('returns the privacy settings, unset ones as none and forever, only when one is given', () => {
    const base = { appId: 'd1a2b3c4d5e6f7', domain: 'example.com' };
    assert.equal(resolve(base).privacy, undefined);
    assert.deepEqual(resolve({ ...base, rawDays: '30' }).privacy, {
      anonymizeIp: 'none',
      rawDays: 30,
      keepMonths: 'forever',
    });
    assert.deepEqual(resolve({ ...base, anonymizeIp: '8', keepMonths: '25', rawDays: 'forever' }).privacy, {
      anonymizeIp: '8',
      rawDays: 'forever',
      keepMonths: 25,
    });
  });

  test('throws on values that cannot work', () => {
    const base = { appId: 'd1a2b3c4d5e6f7', domain: 'example.com' };
    for (const [context, message] of [
      [{ appId: 'my-app' }, /appId "my-app" is not an Amplify app id/],
      [{ domain: 'https://example.com' }, /domain "https:\/\/example.com" is not a domain name/],
      [{ bucketName: 'My_Bucket' }, /bucketName "My_Bucket" is not a valid S3 bucket name/],
      [{ existingBucket: 'true' }, /existingBucket=true needs bucketName/],
      [{ collectSchedule: 'every hour' }, /collectSchedule "every hour" is not valid/],
      [{ logRetentionDays: '10' }, /logRetentionDays 10: use one of/],
      [{ scanLimitGb: '0' }, /scanLimitGb "0"/],
      [{ prefix: 'a b' }, /prefix "a b"/],
      [{ alarmEmail: 'ops' }, /alarmEmail "ops"/],
      [{ anonymizeIp: '12' }, /anonymizeIp "12": give none, 8, 16 or 24/],
      [{ rawDays: '1' }, /rawDays "1"/],
      [{ keepMonths: '1.5' }, /keepMonths 1.5: give a whole number/],
    ] as const) {
      assert.throws(
        () => resolve({ ...base, ...context }),
        (error: Error) => {
          assert.ok(error instanceof ParameterError);
          assert.match(error.message, message);
          return true;
        },
      );
    }
  });

  test('returns the -c arguments of a direct run as context', () => {
    assert.deepEqual(
      contextFromArgs(['-c', 'appId=d1a2b3c4d5e6f7', '--context', 'domain=a.com', '--context=prefix=x=y']),
      {
        appId: 'd1a2b3c4d5e6f7',
        domain: 'a.com',
        prefix: 'x=y',
      },
    );
    assert.throws(() => contextFromArgs(['deploy']), /unknown argument "deploy"/);
  });
});
