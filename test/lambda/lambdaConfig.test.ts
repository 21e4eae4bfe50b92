import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectConfig, maintainConfig, reportConfig } from '../../src/lambda/lambdaConfig.js';
import { createLambdaLogger } from '../../src/lambda/lambdaLogger.js';
import { parseScheduledEvent } from '../../src/lambda/scheduledEvent.js';
import { LogLines, scheduledEvent } from './support.js';

describe('the functions’ environment', () => {
  test('returns the collect settings, several domains and a normalized prefix', () => {
    const config = collectConfig({
      AMPLIFY_APP_ID: 'd1a2b3c4d5e6f7',
      AMPLIFY_DOMAIN: 'Example.com, www.example.com,,example.com',
      S3_BUCKET_NAME: 'logs',
      S3_BUCKET_PREFIX: '/site//a/',
    });
    assert.deepEqual(config, {
      store: { bucket: 'logs', prefix: 'site/a/' },
      appId: 'd1a2b3c4d5e6f7',
      domains: ['example.com', 'www.example.com'],
    });
  });

  test('throws naming the variable when one is missing or empty', () => {
    assert.throws(() => collectConfig({ AMPLIFY_DOMAIN: 'example.com', S3_BUCKET_NAME: 'logs' }), {
      name: 'ConfigError',
      message: 'the environment variable AMPLIFY_APP_ID is not set',
    });
    assert.throws(() => reportConfig({ S3_BUCKET_NAME: ' ' }), /S3_BUCKET_NAME is not set/);
    assert.throws(
      () => reportConfig({ S3_BUCKET_NAME: 'Not_A_Bucket' }),
      /"Not_A_Bucket" is not a valid S3 bucket name/,
    );
    assert.throws(() => maintainConfig({ S3_BUCKET_NAME: 'logs' }), /ATHENA_WORKGROUP is not set/);
  });

  test('returns the maintain settings through the library’s Athena config', () => {
    const config = maintainConfig({
      S3_BUCKET_NAME: 'logs',
      ATHENA_WORKGROUP: 'amplify-logs',
      ATHENA_TABLE_NAME: 'Shop',
      S3_OUTPUT_LOCATION: 's3://results/athena-results/',
    });
    assert.deepEqual(config.athena, {
      database: 'amplify_logs',
      table: 'shop',
      workGroup: 'amplify-logs',
      outputLocation: 's3://results/athena-results/',
      store: { bucket: 'logs', prefix: '' },
    });
    assert.throws(
      () => maintainConfig({ S3_BUCKET_NAME: 'logs', ATHENA_WORKGROUP: 'w', ATHENA_DATABASE: 'my-db' }),
      { name: 'ConfigError', message: /my-db/ },
    );
  });
});

describe('the scheduled event', () => {
  test('returns the event narrowed when EventBridge sends it', () => {
    const event = parseScheduledEvent(scheduledEvent('2026-11-25T05:00:00Z'));
    assert.equal(event.time, '2026-11-25T05:00:00Z');
    assert.deepEqual(event.resources, [
      'arn:aws:events:us-east-1:123456789012:rule/AmplifyLogs-CollectSchedule',
    ]);
  });

  test('throws on anything else', () => {
    assert.throws(() => parseScheduledEvent(null), /got null/);
    assert.throws(
      () => parseScheduledEvent({ ...scheduledEvent('2026-11-25T05:00:00Z'), source: 'aws.s3' }),
      /got detail-type "Scheduled Event" from "aws.s3"/,
    );
    assert.throws(
      () => parseScheduledEvent({ ...scheduledEvent('yesterday') }),
      /time "yesterday" is not an ISO 8601 instant/,
    );
  });
});

describe('the structured logger', () => {
  test('returns one JSON line a call, its fixed keys first and never overridden', () => {
    const log = new LogLines();
    const logger = createLambdaLogger({
      handler: 'collect',
      write: log.write,
      clock: () => new Date('2026-11-25T05:00:01Z'),
    }).with({ requestId: 'r' });
    logger.info('start', { step: 'not this', n: 1n });
    logger.error('failed', Object.assign(new Error('boom'), { name: 'StoreError' }));
    assert.deepEqual(log.lines, [
      '{"time":"2026-11-25T05:00:01.000Z","level":"info","handler":"collect","step":"start","requestId":"r","n":"1"}\n',
      '{"time":"2026-11-25T05:00:01.000Z","level":"error","handler":"collect","step":"failed","requestId":"r","error":{"name":"StoreError","message":"boom"}}\n',
    ]);
  });
});
