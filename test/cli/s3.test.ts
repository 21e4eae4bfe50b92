import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { REAL_SAMPLES, runCli } from '../helpers.js';
import { type LocalS3, startLocalS3 } from '../support/s3Server.js';

describe('import and query on an S3 store', () => {
  let s3: LocalS3;
  before(async () => {
    s3 = await startLocalS3(['logs']);
  });
  after(async () => {
    await s3.stop();
  });

  test('returns the same answers as a local store when the store is s3://bucket/prefix', async () => {
    const imported = await runCli(['import', REAL_SAMPLES, '--json', '--store', 's3://logs/site/'], {
      env: s3.env,
    });
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(JSON.parse(imported.stdout).rowsImported, 23);
    const again = await runCli(['import', REAL_SAMPLES, '--json', '--store', 's3://logs/site'], {
      env: s3.env,
    });
    assert.equal(JSON.parse(again.stdout).rowsImported, 0);
    const query = await runCli(
      [
        'query',
        'SELECT count(*) AS n, count(DISTINCT request_id) AS u FROM access_logs',
        '--format',
        'json',
        '--store',
        's3://logs/site',
      ],
      { env: s3.env },
    );
    assert.deepEqual(JSON.parse(query.stdout), [{ n: 23, u: 23 }]);
    const keys = (
      await runCli(
        [
          'query',
          'SELECT count(*) AS n FROM rejected_lines',
          '--format',
          'json',
          '--store',
          's3://logs/site',
        ],
        { env: s3.env },
      )
    ).stdout;
    assert.deepEqual(JSON.parse(keys), [{ n: 3 }]);
  });

  test('returns the recipe variables S3_BUCKET_NAME and S3_BUCKET_PREFIX as the store', async () => {
    const env = { ...s3.env, S3_BUCKET_NAME: 'logs', S3_BUCKET_PREFIX: 'recipe' };
    const imported = await runCli(['import', REAL_SAMPLES, '--json'], { env });
    assert.equal(JSON.parse(imported.stdout).store, 's3://logs/recipe/');
  });

  test('returns a clear failure when the bucket does not exist', async () => {
    const run = await runCli(['import', REAL_SAMPLES, '--store', 's3://no-such-bucket/x'], { env: s3.env });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^amplify-logs: cannot read s3:\/\/no-such-bucket\/x\/: the bucket does not exist\n/,
    );
  });
});
