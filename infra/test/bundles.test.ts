import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AthenaClient } from '@aws-sdk/client-athena';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { resolveAthenaConfig } from '../../src/athena/athenaConfig.js';
import { runQuery } from '../../src/athena/runQuery.js';
import { type AmplifyEmulator, startAmplifyEmulator } from '../../src/demo/emulator/AmplifyEmulator.js';
import { setupStatements } from '../../src/lake/ddl.js';
import {
  type AthenaEmulator,
  startAthenaEmulator,
} from '../../test/support/athenaEmulator/AthenaEmulator.js';
import { type LocalS3, startLocalS3 } from '../../test/support/s3Server.js';
import { render } from './support.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const INFRA = path.resolve(import.meta.dirname, '..');
const APP_ID = 'd1a2b3c4d5e6f7';

interface LambdaProperties {
  readonly Code: { readonly S3Key: string };
  readonly Environment: { readonly Variables: Record<string, unknown> };
}

interface Bundle {
  readonly dir: string;
  readonly environment: Record<string, string>;
}

/**
 * `npm run synth` in a child process, into a temporary folder with no node_modules above it, with
 * the parameters as CDK context and no AWS account, network or Docker; then each bundled handler
 * run as Lambda would run it (`index.mjs`, `handler`), in its own Node process, with its own
 * environment from the template, against a local S3 server, the Amplify emulator and the Athena
 * emulator, with a real EventBridge scheduled event.
 */
describe('npm run synth', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'amplify-logs-cdk-'));
  let bundles: Record<'Collect' | 'Maintain' | 'Report', Bundle>;
  let s3: LocalS3;
  let amplify: AmplifyEmulator;
  let athena: AthenaEmulator;
  let clock = new Date('2026-11-25T05:00:41Z');

  before(async () => {
    const synth = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'bin/app.ts',
        '-c',
        `appId=${APP_ID}`,
        '-c',
        'domain=example-shop.com',
        '-c',
        'prefix=site',
      ],
      {
        cwd: INFRA,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', CDK_OUTDIR: outdir },
      },
    );
    assert.equal(synth.code, 0, synth.output);
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'AmplifyLogs.template.json'), 'utf8'));
    const entries = Object.entries(
      template.Resources as Record<string, { Type: string; Properties: LambdaProperties }>,
    )
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([id, r]) => [
        id.replace(/[0-9A-F]{8}$/, ''),
        {
          dir: path.join(outdir, `asset.${String(r.Properties.Code.S3Key).replace(/\.zip$/, '')}`),
          environment: Object.fromEntries(
            Object.entries(r.Properties.Environment.Variables as Record<string, unknown>).map(([k, v]) => [
              k,
              render(v),
            ]),
          ),
        },
      ]);
    bundles = Object.fromEntries(entries);
    s3 = await startLocalS3(['logs', 'results']);
    amplify = await startAmplifyEmulator({ requestsPerHour: 60, lateShare: 0, now: () => clock });
    athena = await startAthenaEmulator({
      s3: s3.client,
      now: () => clock,
      workGroups: [{ name: 'amplify-logs', outputLocation: 's3://results/athena-results/', enforce: true }],
    });
  });
  after(async () => {
    await athena?.stop();
    await amplify?.stop();
    await s3?.stop();
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('returns three ESM bundles, DuckDB installed for linux-x64 only where it is used', () => {
    for (const bundle of Object.values(bundles)) assert.ok(fs.existsSync(path.join(bundle.dir, 'index.mjs')));
    const duckdb = (b: Bundle) =>
      path.join(b.dir, 'node_modules/@duckdb/node-bindings-linux-x64/duckdb.node');
    assert.ok(fs.existsSync(duckdb(bundles.Collect)));
    assert.ok(fs.existsSync(duckdb(bundles.Report)));
    assert.ok(!fs.existsSync(path.join(bundles.Maintain.dir, 'node_modules')));
    assert.ok(
      fs.existsSync(path.join(bundles.Report.dir, 'node_modules/@ip-location-db/dbip-country/package.json')),
    );
  });

  test('returns the bundled collect handler storing the last finished hour', async () => {
    const result = await invoke(bundles.Collect, '2026-11-25T05:00:41Z');
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /"step":"collected"/);
    clock = new Date('2026-11-26T06:00:09Z');
    const second = await invoke(bundles.Collect, '2026-11-26T06:00:09Z');
    assert.equal(second.code, 0, second.output);
    assert.deepEqual(await keys('site/raw/'), [
      'site/raw/year=2026/month=11/day=25/access_logs-01-24.csv.gz',
      'site/raw/year=2026/month=11/day=25/access_logs-03-04.csv.gz',
      'site/raw/year=2026/month=11/day=26/access_logs-00-05.csv.gz',
    ]);
    assert.deepEqual(await keys('site/curated/'), [
      'site/curated/year=2026/month=11/day=25/access_logs.parquet',
      'site/curated/year=2026/month=11/day=26/access_logs.parquet',
    ]);
  });

  test("returns the bundled report handler writing yesterday's report", async () => {
    const result = await invoke(bundles.Report, '2026-11-26T05:00:00Z');
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(await keys('site/reports/'), [
      'site/reports/2026/11/25/report.html',
      'site/reports/2026/11/25/report.json',
    ]);
    const object = await s3.client.send(
      new GetObjectCommand({ Bucket: 'logs', Key: 'site/reports/2026/11/25/report.json' }),
    );
    const report = JSON.parse((await object.Body?.transformToString()) ?? '{}');
    assert.ok(report.totals.requests > 0);
    assert.ok(report.countries.length > 0, 'the DB-IP tables installed in the bundle answered');
  });

  test('returns the bundled maintain handler compacting a day from raw through Athena', async () => {
    const client = new AthenaClient({ ...athena.clientConfig(), maxAttempts: 1 });
    const config = resolveAthenaConfig(
      { workgroup: 'amplify-logs' },
      {},
      { bucket: 'logs', prefix: 'site/' },
    );
    for (const statement of setupStatements(config).filter((s) => !s.what.startsWith('view'))) {
      await runQuery(client, { sql: statement.sql, workGroup: 'amplify-logs' });
    }
    client.destroy();
    await s3.client.send(
      new DeleteObjectCommand({
        Bucket: 'logs',
        Key: 'site/curated/year=2026/month=11/day=25/access_logs.parquet',
      }),
    );
    const result = await invoke(bundles.Maintain, '2026-11-26T03:30:00Z', {
      S3_OUTPUT_LOCATION: 's3://results/athena-results/',
    });
    assert.equal(result.code, 0, result.output);
    assert.match(
      result.output,
      /"step":"compact","requestId":"[^"]+","day":"2026-11-25",[^\n]*"replaced":true/,
    );
    assert.ok(
      (await keys('site/curated/')).includes('site/curated/year=2026/month=11/day=25/access_logs.parquet'),
    );
  });

  /** Runs a bundle's handler as Lambda's Node.js runtime does: import index.mjs, call `handler`. */
  function invoke(bundle: Bundle, time: string, overrides: Record<string, string> = {}) {
    const event = {
      version: '0',
      id: 'c0ffee00-1b2c-4d5e-8f90-123456789abc',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time,
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/AmplifyLogs-Schedule'],
      detail: {},
    };
    const script = `const { handler } = await import(${JSON.stringify(path.join(bundle.dir, 'index.mjs'))});
await handler(${JSON.stringify(event)}, { awsRequestId: 'bundle-test' });`;
    const environment = { ...bundle.environment, S3_BUCKET_NAME: 'logs', ...overrides };
    return run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: os.tmpdir(),
      env: {
        PATH: process.env.PATH ?? '',
        TMPDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-tmp-')),
        ...environment,
        ...s3.env,
        AWS_ENDPOINT_URL_AMPLIFY: amplify.endpoint,
        AWS_ENDPOINT_URL_ATHENA: athena.endpoint,
      },
    });
  }

  async function keys(prefix: string): Promise<string[]> {
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket: 'logs', Prefix: prefix }));
    return (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])).sort();
  }
});

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
