import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AthenaClient } from '@aws-sdk/client-athena';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { simpleParser } from 'mailparser';
import { resolveAthenaConfig } from '../../src/athena/athenaConfig.js';
import { runQuery } from '../../src/athena/runQuery.js';
import { type AmplifyEmulator, startAmplifyEmulator } from '../../src/demo/emulator/AmplifyEmulator.js';
import { setupStatements } from '../../src/lake/ddl.js';
import { classifyAgent } from '../../src/report/enrich/classifyAgent.js';
import { openDuckDB } from '../../src/sql/duckdb.js';
import {
  type AthenaEmulator,
  startAthenaEmulator,
} from '../../test/support/athenaEmulator/AthenaEmulator.js';
import { type LocalS3, startLocalS3 } from '../../test/support/s3Server.js';
import { type SesV2Endpoint, startSesV2Endpoint } from '../../test/support/sesV2Endpoint.js';
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
  let bundles: Record<'Collect' | 'Maintain' | 'Report' | 'Digest', Bundle>;
  let ses: SesV2Endpoint;
  let s3: LocalS3;
  let amplify: AmplifyEmulator;
  let athena: AthenaEmulator;
  let clock = new Date('2026-11-25T05:00:41Z');
  type Line = Record<string, unknown>;
  let resolveRun1: (lines: Line[]) => void = () => {};
  let resolveRun2: (lines: Line[]) => void = () => {};
  const collectRun1 = new Promise<Line[]>((resolve) => {
    resolveRun1 = resolve;
  });
  const collectRun2 = new Promise<Line[]>((resolve) => {
    resolveRun2 = resolve;
  });

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
        '-c',
        'digestTo=owner@example-shop.com',
        '-c',
        'digestFrom=reports@example-shop.com',
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
    ses = await startSesV2Endpoint({
      verified: ['reports@example-shop.com'],
      credentials: {
        accessKeyId: s3.env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY ?? '',
      },
    });
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
    await ses?.stop();
    await s3?.stop();
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('returns four ESM bundles, DuckDB installed for linux-x64 where it is used, DB-IP where countries are looked up', () => {
    for (const bundle of Object.values(bundles)) assert.ok(fs.existsSync(path.join(bundle.dir, 'index.mjs')));
    const duckdb = (b: Bundle) =>
      path.join(b.dir, 'node_modules/@duckdb/node-bindings-linux-x64/duckdb.node');
    assert.ok(fs.existsSync(duckdb(bundles.Collect)));
    assert.ok(fs.existsSync(duckdb(bundles.Report)));
    assert.ok(fs.existsSync(duckdb(bundles.Digest)));
    assert.ok(fs.existsSync(duckdb(bundles.Maintain)), 'the maintenance writes the bot agents with DuckDB');
    const dbip = (b: Bundle) => path.join(b.dir, 'node_modules/@ip-location-db/dbip-country/package.json');
    for (const bundle of [bundles.Report, bundles.Collect, bundles.Maintain])
      assert.ok(fs.existsSync(dbip(bundle)));
  });

  test('returns the bundled collect handler storing the last finished hour', async () => {
    const result = await invoke(bundles.Collect, '2026-11-25T05:00:41Z');
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /"step":"collected"/);
    resolveRun1(metricLines(result.output));
    clock = new Date('2026-11-26T06:00:09Z');
    const second = await invoke(bundles.Collect, '2026-11-26T06:00:09Z');
    assert.equal(second.code, 0, second.output);
    resolveRun2(metricLines(second.output));
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

  test('returns metric lines from the bundled collect handler equal to the store figures, an hour collected again never adding up', async () => {
    const published = [...(await collectRun1), ...(await collectRun2)];
    const expected = await storeFigures('site/curated/', 'example-shop.com');
    const hours = [...new Set(published.map((line) => line.hour as string))].sort();
    // Run 1: 03:00 of the 25th. Run 2: from the watermark (04:00) less the 3-hour recheck to 05:00
    // of the 26th: 01:00-23:00 of the 25th and 00:00-04:00 of the 26th.
    const want = Array.from({ length: 28 }, (_, i) =>
      new Date(Date.parse('2026-11-25T01:00:00Z') + i * 3_600_000)
        .toISOString()
        .replace(':00:00.000Z', ':00Z'),
    );
    assert.deepEqual(hours, want);
    for (const line of published) {
      const aws = line._aws as {
        Timestamp: number;
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
      };
      const [directive] = aws.CloudWatchMetrics;
      assert.equal(aws.Timestamp, Date.parse(line.hour as string), 'timestamped at the hour it describes');
      assert.equal(directive?.Namespace, 'AmplifyLogs');
      assert.deepEqual(directive?.Dimensions, [['AppId', 'Domain']]);
      assert.deepEqual([line.AppId, line.Domain], [APP_ID, 'example-shop.com']);
      const want = expected.get(line.hour as string) ?? EMPTY_HOUR;
      for (const { Name } of directive?.Metrics ?? []) {
        const value = want[Name];
        assert.ok(value !== undefined && value !== null, `${line.hour} ${Name} has a value in the store`);
        assert.ok(
          Math.abs(Number(line[Name]) - value) <= 1e-6 * Math.max(1, value),
          `${line.hour} ${Name}: ${line[Name]} != ${value}`,
        );
      }
      assert.equal(
        directive?.Metrics.length,
        want.Requests === 0 ? 6 : 10,
        `${line.hour}: ratios only with requests`,
      );
    }
    // The hours 01:00-03:00 of the first day were published by both runs (the recheck): with the
    // alarms' statistic (Maximum) each reads as the store's figure, where a Sum would double it.
    const again = hours.filter((hour) => published.filter((line) => line.hour === hour).length > 1);
    assert.ok(again.includes('2026-11-25T03:00Z'), `published twice: ${again.join(', ')}`);
    for (const hour of again) {
      const requests = published.filter((line) => line.hour === hour).map((line) => Number(line.Requests));
      assert.equal(Math.max(...requests), expected.get(hour)?.Requests ?? 0);
      assert.ok(
        requests.reduce((a, b) => a + b, 0) > (expected.get(hour)?.Requests ?? 0) || requests[0] === 0,
      );
    }
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
    assert.match(result.output, /"step":"bots","requestId":"[^"]+",[^\n]*"agents":\d+/);
    assert.deepEqual(await keys('site/state/bot-agents/'), ['site/state/bot-agents/bot_agents.parquet']);
  });

  test('returns the bundled digest handler mailing the week through SES v2 and keeping it in the bucket', async () => {
    const result = await invoke(bundles.Digest, '2026-11-30T07:00:00Z', {
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
    });
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(ses.refused, []);
    assert.equal(ses.sent.length, 1);
    const mail = await simpleParser(ses.sent[0]?.raw ?? Buffer.alloc(0));
    assert.match(
      mail.subject ?? '',
      /^Traffic of example-shop\.com 2026-11-23 – 2026-11-29: [\d,]+ requests/,
    );
    assert.match(String(mail.html), /<h2 style="[^"]*">Top pages<\/h2>/);
    assert.equal(mail.attachments[0]?.filename, 'amplify-logs-2026-11-23-2026-11-29.json');
    assert.deepEqual(
      (await keys('site/reports/2026/11/29/')).map((k) => k.slice('site/reports/2026/11/29/'.length)),
      ['weekly.eml', 'weekly.html', 'weekly.json'],
    );
    const object = await s3.client.send(
      new GetObjectCommand({ Bucket: 'logs', Key: 'site/reports/2026/11/29/weekly.json' }),
    );
    const report = JSON.parse((await object.Body?.transformToString()) ?? '{}');
    assert.ok(report.totals.requests > 0, 'the collected days are in the week');
    assert.ok(report.countries.length > 0, 'the DB-IP tables installed in the bundle answered');
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

  /**
   * Each hour's figures from the curated day files, computed apart from the library: DuckDB
   * aggregates over the Parquet files, `quantile_cont` for the p95, the bots as the report
   * classifies user agents (`classifyAgent`), the domain's requests by their Host.
   */
  async function storeFigures(
    prefix: string,
    domain: string,
  ): Promise<Map<string, Record<string, number | null>>> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'figures-'));
    const files: string[] = [];
    for (const key of await keys(prefix)) {
      const object = await s3.client.send(new GetObjectCommand({ Bucket: 'logs', Key: key }));
      const file = path.join(dir, `${files.length}.parquet`);
      fs.writeFileSync(file, await (object.Body?.transformToByteArray() ?? new Uint8Array()));
      files.push(file);
    }
    const connection = await openDuckDB();
    try {
      const list = `[${files.map((f) => `'${f}'`).join(', ')}]`;
      const agents = await connection.runAndReadAll(`SELECT DISTINCT user_agent FROM read_parquet(${list})`);
      const bots = agents
        .getRowsJson()
        .map((row) => row[0] as string | null)
        .filter((ua): ua is string => ua !== null && classifyAgent(ua).bot);
      const reader = await connection.runAndReadAll(
        `SELECT strftime(date_trunc('hour', "timestamp"), '%Y-%m-%dT%H:00Z') AS hour,
           count(*) AS requests,
           count(*) FILTER (WHERE method = 'GET' AND status = 200 AND sc_content_type LIKE 'text/html%' AND NOT bot) AS pageviews,
           count(*) FILTER (WHERE status BETWEEN 500 AND 599) AS server,
           count(*) FILTER (WHERE status BETWEEN 400 AND 499) AS client,
           count(*) FILTER (WHERE status = 404) AS notfound,
           count(*) FILTER (WHERE bot) AS bots,
           sum(bytes) AS bytes,
           count(*) FILTER (WHERE result_type IN ('Hit', 'RefreshHit') OR x_edge_detailed_result_type = 'OriginShieldHit') AS hits,
           count(*) FILTER (WHERE result_type = 'Miss' AND x_edge_detailed_result_type IS DISTINCT FROM 'OriginShieldHit') AS misses,
           quantile_cont(time_to_first_byte::DOUBLE, 0.95) AS p95
         FROM (SELECT *, (user_agent IS NULL OR user_agent IN (SELECT unnest(CAST(json($bots) AS VARCHAR[])))) AS bot
               FROM read_parquet(${list})
               WHERE lower(host_header) = $domain OR lower(host_header) LIKE $subdomains)
         GROUP BY 1`,
        { bots: JSON.stringify(bots), domain, subdomains: `%.${domain}` },
      );
      const figures = new Map<string, Record<string, number | null>>();
      for (const row of reader.getRowObjectsJson()) {
        const n = (key: string) => Number(row[key]);
        figures.set(String(row.hour), {
          Requests: n('requests'),
          Pageviews: n('pageviews'),
          ServerErrors: n('server'),
          ClientErrors: n('client'),
          ErrorRate: (n('server') / n('requests')) * 100,
          NotFound: n('notfound'),
          BotShare: (n('bots') / n('requests')) * 100,
          BytesSent: n('bytes'),
          CacheHitRatio: n('hits') + n('misses') === 0 ? null : (n('hits') / (n('hits') + n('misses'))) * 100,
          TimeToFirstByteP95: row.p95 === null ? null : n('p95'),
        });
      }
      return figures;
    } finally {
      connection.closeSync();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  async function keys(prefix: string): Promise<string[]> {
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket: 'logs', Prefix: prefix }));
    return (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])).sort();
  }
});

const EMPTY_HOUR: Record<string, number | null> = {
  Requests: 0,
  Pageviews: 0,
  ServerErrors: 0,
  ClientErrors: 0,
  NotFound: 0,
  BytesSent: 0,
};

/** The embedded-metric-format lines of a handler's output, parsed. */
function metricLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

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
