import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type AddressObject, simpleParser } from 'mailparser';
import { importFiles } from '../../src/ingest/importFiles.js';
import { defaultDigestDeps, digestOnSchedule } from '../../src/lambda/digestHandler.js';
import { createLambdaLogger } from '../../src/lambda/lambdaLogger.js';
import { scheduledHandler } from '../../src/lambda/scheduledHandler.js';
import { S3Store } from '../../src/store/S3Store.js';
import { runCli, tempDir } from '../helpers.js';
import { amplifyCsv } from '../ingest/logText.js';
import { fixtureLines } from '../report/fixture.js';
import { type LocalS3, startLocalS3 } from '../support/s3Server.js';
import { type SesV2Endpoint, startSesV2Endpoint } from '../support/sesV2Endpoint.js';
import { bucketKeys, LogLines, lambdaContext, outcome, scheduledEvent } from './support.js';

const PREFIX = 'lambda-digest/';
/** A Monday: the digest's week is Monday 2026-11-16 to Sunday 2026-11-22. */
const MONDAY = '2026-11-23T07:00:00Z';

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return ([] as AddressObject[]).concat(field ?? []).flatMap((a) => a.value.map((v) => v.address ?? ''));
}

describe('the digest handler', () => {
  let s3: LocalS3;
  let ses: SesV2Endpoint;
  const log = new LogLines();
  const handler = scheduledHandler(
    'digest',
    () => ({
      ...defaultDigestDeps(process.env),
      logger: createLambdaLogger({ handler: 'digest', write: log.write }),
    }),
    digestOnSchedule,
  );

  before(async () => {
    s3 = await startLocalS3(['logs']);
    ses = await startSesV2Endpoint({
      verified: ['example-shop.com'],
      credentials: {
        accessKeyId: s3.env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY ?? '',
      },
    });
    Object.assign(process.env, s3.env, {
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      S3_BUCKET_NAME: 'logs',
      S3_BUCKET_PREFIX: PREFIX,
      AMPLIFY_DOMAIN: 'example-shop.com',
      DIGEST_TO: 'owner@example-shop.com,team@example-shop.com',
      DIGEST_FROM: 'reports@example-shop.com',
    });
    const file = path.join(await tempDir(), 'fixture.csv');
    await fs.writeFile(file, amplifyCsv(fixtureLines()));
    await importFiles([file], {
      store: new S3Store({ bucket: 'logs', prefix: PREFIX }),
      now: () => new Date(MONDAY),
    });
  });
  after(async () => {
    await ses.stop();
    await s3.stop();
  });

  test('returns with the week mailed through SES v2 and kept beside the daily reports when the Monday rule fires', async () => {
    const run = await outcome(() => handler(scheduledEvent(MONDAY, 'AmplifyLogs-Digest'), lambdaContext()));
    assert.equal(run.error, undefined, String(run.error));
    assert.deepEqual(ses.refused, []);
    assert.equal(ses.sent.length, 1);
    const [sent] = ses.sent;
    assert.equal(run.result?.messageId, sent?.messageId);
    assert.deepEqual(sent?.request.FromEmailAddress, 'reports@example-shop.com');
    assert.deepEqual(sent?.request.Destination, {
      ToAddresses: ['owner@example-shop.com', 'team@example-shop.com'],
    });

    const mail = await simpleParser(sent?.raw ?? Buffer.alloc(0));
    const cli = await runCli(
      ['report', '--store', `s3://logs/${PREFIX}`, '--range', 'last-week', '--compare', '--format', 'json'],
      { env: { ...s3.env, AMPLIFY_LOGS_NOW: MONDAY } },
    );
    assert.equal(cli.code, 0, cli.stderr);
    const report = JSON.parse(cli.stdout);
    assert.deepEqual([report.range.from, report.range.to], ['2026-11-16', '2026-11-22']);
    assert.equal(
      mail.subject,
      `Traffic of example-shop.com 2026-11-16 – 2026-11-22: ${report.totals.requests} requests (new)`,
    );
    assert.deepEqual(addresses(mail.from), ['reports@example-shop.com']);
    assert.deepEqual(addresses(mail.to), ['owner@example-shop.com', 'team@example-shop.com']);
    assert.match(mail.text ?? '', /^amplify-logs report: 2026-11-16 – 2026-11-22 \(last-week, 7 days, UTC\)/);
    assert.match(
      String(mail.html),
      /<h1 style="[^"]*">Traffic of example-shop\.com 2026-11-16 – 2026-11-22<\/h1>/,
    );
    assert.equal(mail.attachments[0]?.filename, 'amplify-logs-2026-11-16-2026-11-22.json');
    assert.equal(
      mail.attachments[0]?.content.toString('utf8'),
      cli.stdout,
      'the attachment is report --format json',
    );

    assert.deepEqual(await bucketKeys(s3.client, 'logs', `${PREFIX}reports/`), [
      `${PREFIX}reports/2026/11/22/weekly.eml`,
      `${PREFIX}reports/2026/11/22/weekly.html`,
      `${PREFIX}reports/2026/11/22/weekly.json`,
    ]);
    assert.equal(await objectText(`${PREFIX}reports/2026/11/22/weekly.json`), cli.stdout);
    assert.equal(await objectText(`${PREFIX}reports/2026/11/22/weekly.eml`), sent?.raw.toString('utf8'));
    assert.deepEqual(
      log.records.map((l) => l.step),
      ['start', 'written', 'sent'],
    );
  });

  test('throws when SES refuses the sender, the digest already kept in the bucket', async () => {
    const deps = {
      ...defaultDigestDeps({
        ...process.env,
        DIGEST_FROM: 'reports@not-verified.example',
        S3_BUCKET_PREFIX: 'refused/',
      }),
      logger: createLambdaLogger({ handler: 'digest', write: () => {} }),
    };
    const run = await outcome(() => digestOnSchedule(scheduledEvent(MONDAY), deps));
    assert.match(String(run.error), /MessageRejected|Email address is not verified/);
    assert.equal(ses.refused.at(-1)?.type, 'MessageRejected');
    assert.equal((await bucketKeys(s3.client, 'logs', 'refused/reports/')).length, 3);
  });

  async function objectText(key: string): Promise<string> {
    const object = await s3.client.send(new GetObjectCommand({ Bucket: 'logs', Key: key }));
    return (await object.Body?.transformToString()) ?? '';
  }
});
