import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { CURATED_COLUMNS, DERIVED_COLUMNS, LOG_COLUMNS } from '../../src/format/schema.js';
import {
  APP_ID,
  allStatements,
  arn,
  render,
  roleStatements,
  sortedStatements,
  synthesize,
} from './support.js';

const { template } = synthesize();
const LOGS = '<LogsBucket.Arn>';
const RESULTS = '<AthenaResultsBucket.Arn>';

describe('the stack', () => {
  test('returns every resource of the deployment and no custom resource', () => {
    const counts: Record<string, number> = {
      'AWS::S3::Bucket': 2,
      'AWS::S3::BucketPolicy': 2,
      'AWS::Glue::Database': 1,
      'AWS::Glue::Table': 3,
      'AWS::Athena::WorkGroup': 1,
      'AWS::Lambda::Function': 3,
      'AWS::Lambda::EventInvokeConfig': 3,
      'AWS::Lambda::Permission': 3,
      'AWS::Logs::LogGroup': 3,
      'AWS::IAM::Role': 3,
      'AWS::Events::Rule': 3,
      'AWS::SQS::Queue': 1,
      'AWS::SNS::Topic': 1,
      'AWS::CloudWatch::Alarm': 4,
      'AWS::CloudWatch::AnomalyDetector': 1,
      'AWS::CloudWatch::Dashboard': 1,
    };
    for (const [type, count] of Object.entries(counts)) template.resourceCountIs(type, count);
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map(
      (r) => r.Type,
    );
    assert.deepEqual(
      types.filter((t) => t.startsWith('Custom::') || t === 'AWS::CloudFormation::CustomResource'),
      [],
    );
  });

  test('returns a logs bucket encrypted, never public, TLS only and kept when the stack goes', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    const logs = Object.entries(buckets).find(([id]) => id.startsWith('LogsBucket'))?.[1];
    assert.equal(logs?.DeletionPolicy, 'Retain');
    assert.equal(logs?.UpdateReplacePolicy, 'Retain');
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    for (const bucket of [LOGS, RESULTS]) {
      const deny = allStatements(template).find(
        (s) => s.effect === 'Deny' && s.resources.includes(bucket) && s.resources.includes(`${bucket}/*`),
      );
      assert.deepEqual(deny?.actions, ['s3:*']);
      assert.deepEqual(deny?.condition, { Bool: { 'aws:SecureTransport': 'false' } });
    }
  });

  test('returns the privacy parameters in the functions and lifecycle rules backing rawDays', () => {
    const { template: privateTemplate } = synthesize({ anonymizeIp: '16', rawDays: '30', keepMonths: '25' });
    const functions = Object.values(privateTemplate.findResources('AWS::Lambda::Function')).map(
      (fn) => (fn as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }).Properties,
    );
    const privacy = functions
      .map((fn) => fn.Environment?.Variables ?? {})
      .filter((vars) => 'PRIVACY_ANONYMIZE_IP' in vars)
      .map((vars) => [vars.PRIVACY_ANONYMIZE_IP, vars.PRIVACY_RAW_DAYS, vars.PRIVACY_KEEP_MONTHS]);
    assert.deepEqual(privacy, [
      ['16', '30', '25'],
      ['16', '30', '25'],
    ]);
    privateTemplate.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'AbortIncompleteUploads',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            Status: 'Enabled',
          },
          { Id: 'ExpireRawAfter30Days', Prefix: 'raw/', ExpirationInDays: 32, Status: 'Enabled' },
          { Id: 'ExpireRejectedAfter30Days', Prefix: 'rejected/', ExpirationInDays: 32, Status: 'Enabled' },
        ],
      },
    });
    const plain = Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) =>
      JSON.stringify(fn).includes('PRIVACY_'),
    );
    assert.deepEqual(plain, [], 'no privacy variable when no parameter is given');
  });

  test('returns a results bucket whose objects expire after 7 days', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Id: 'ExpireResults', ExpirationInDays: 7, Status: 'Enabled' }),
        ]),
      },
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicPolicy: true }),
    });
  });

  test('returns a workgroup that enforces its result location and a scan cutoff', () => {
    const [workgroup] = Object.values(template.findResources('AWS::Athena::WorkGroup'));
    const config = workgroup?.Properties.WorkGroupConfiguration;
    assert.equal(workgroup?.Properties.Name, 'amplify-logs');
    assert.equal(config.BytesScannedCutoffPerQuery, 10_000_000_000);
    assert.equal(config.EnforceWorkGroupConfiguration, true);
    assert.equal(
      render(config.ResultConfiguration.OutputLocation),
      's3://<AthenaResultsBucket>/athena-results/',
    );
    assert.deepEqual(config.ResultConfiguration.EncryptionConfiguration, { EncryptionOption: 'SSE_S3' });
  });

  test('returns the Glue database and the curated table with partition projection over curated/', () => {
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'amplify_logs' } });
    const curated = tableInput('access_logs_curated');
    assert.deepEqual(
      curated.StorageDescriptor.Columns,
      CURATED_COLUMNS.map((c) => ({ Name: c.name, Type: athenaType(c.name) })),
    );
    assert.deepEqual(curated.PartitionKeys, [
      { Name: 'year', Type: 'int' },
      { Name: 'month', Type: 'int' },
      { Name: 'day', Type: 'int' },
    ]);
    assert.equal(render(curated.StorageDescriptor.Location), 's3://<LogsBucket>/curated/');
    assert.equal(
      curated.StorageDescriptor.SerdeInfo.SerializationLibrary,
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
    const parameters = Object.fromEntries(
      Object.entries(curated.Parameters as Record<string, unknown>).map(([k, v]) => [k, render(v)]),
    );
    assert.deepEqual(parameters, {
      EXTERNAL: 'TRUE',
      classification: 'parquet',
      'projection.enabled': 'true',
      'projection.year.type': 'integer',
      'projection.year.range': '2008,2099',
      'projection.month.type': 'integer',
      'projection.month.range': '1,12',
      'projection.month.digits': '2',
      'projection.day.type': 'integer',
      'projection.day.range': '1,31',
      'projection.day.digits': '2',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's own placeholders.
      'storage.location.template': 's3://<LogsBucket>/curated/year=${year}/month=${month}/day=${day}/',
    });
  });

  test('returns the raw table over raw/: comma-separated text, a header line, every column a string', () => {
    const raw = tableInput('access_logs_raw');
    assert.deepEqual(
      raw.StorageDescriptor.Columns,
      LOG_COLUMNS.map((c) => ({ Name: c.name, Type: 'string' })),
    );
    assert.equal(render(raw.StorageDescriptor.Location), 's3://<LogsBucket>/raw/');
    assert.equal(raw.Parameters['skip.header.line.count'], '1');
    assert.deepEqual(raw.StorageDescriptor.SerdeInfo.Parameters, {
      'field.delim': ',',
      'serialization.format': ',',
    });
    assert.equal(raw.Parameters['projection.enabled'], undefined, 'the raw table is repaired, not projected');
  });

  test('returns three Node.js 22 functions bundled to index.mjs, with their memory, timeout and settings', () => {
    const functions = functionsById();
    for (const fn of Object.values(functions)) {
      assert.equal(fn.Runtime, 'nodejs22.x');
      assert.equal(fn.Handler, 'index.handler');
      assert.deepEqual(fn.Architectures, ['x86_64']);
    }
    assert.deepEqual(pick(functions.Collect, ['MemorySize', 'Timeout']), { MemorySize: 1024, Timeout: 900 });
    assert.deepEqual(functions.Collect?.EphemeralStorage, { Size: 2048 });
    assert.deepEqual(pick(functions.Maintain, ['MemorySize', 'Timeout']), { MemorySize: 512, Timeout: 900 });
    assert.deepEqual(pick(functions.Report, ['MemorySize', 'Timeout']), { MemorySize: 2048, Timeout: 600 });
    assert.deepEqual(environment(functions.Collect), {
      NODE_OPTIONS: '--enable-source-maps',
      S3_BUCKET_NAME: '<LogsBucket>',
      S3_BUCKET_PREFIX: '',
      HOME: '/tmp',
      AMPLIFY_APP_ID: APP_ID,
      AMPLIFY_DOMAIN: 'example-shop.com',
    });
    assert.deepEqual(environment(functions.Maintain), {
      NODE_OPTIONS: '--enable-source-maps',
      S3_BUCKET_NAME: '<LogsBucket>',
      S3_BUCKET_PREFIX: '',
      ATHENA_DATABASE: 'amplify_logs',
      ATHENA_TABLE_NAME: 'access_logs',
      ATHENA_WORKGROUP: 'amplify-logs',
      S3_OUTPUT_LOCATION: 's3://<AthenaResultsBucket>/athena-results/',
      HOME: '/tmp',
    });
    assert.deepEqual(environment(functions.Report), {
      NODE_OPTIONS: '--enable-source-maps',
      S3_BUCKET_NAME: '<LogsBucket>',
      S3_BUCKET_PREFIX: '',
      HOME: '/tmp',
    });
  });

  test('returns log groups with a retention, each function logging to its own', () => {
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    for (const [id, fn] of Object.entries(functionsById())) {
      assert.equal(render(fn.LoggingConfig.LogGroup), `<${id}Logs>`);
    }
  });

  test('returns the schedules: hourly collect, maintenance at 03:30 UTC, the report at 05:00 UTC', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')).map((r) => ({
      schedule: r.Properties.ScheduleExpression,
      target: render(r.Properties.Targets[0].Arn),
      retries: r.Properties.Targets[0].RetryPolicy,
      deadLetter: render(r.Properties.Targets[0].DeadLetterConfig.Arn),
    }));
    const retries = { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 };
    const deadLetter = '<DeadLetterQueue.Arn>';
    assert.deepEqual(
      rules.sort((a, b) => a.target.localeCompare(b.target)),
      [
        { schedule: 'rate(1 hour)', target: '<Collect.Arn>', retries, deadLetter },
        { schedule: 'cron(30 3 * * ? *)', target: '<Maintain.Arn>', retries, deadLetter },
        { schedule: 'cron(0 5 * * ? *)', target: '<Report.Arn>', retries, deadLetter },
      ],
    );
  });

  test('returns failed invocations retried twice, then sent to the dead-letter queue, which raises an alarm', () => {
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).map((c) => ({
      retries: c.Properties.MaximumRetryAttempts,
      age: c.Properties.MaximumEventAgeInSeconds,
      onFailure: render(c.Properties.DestinationConfig.OnFailure.Destination),
    }));
    assert.deepEqual(configs, Array(3).fill({ retries: 2, age: 21_600, onFailure: '<DeadLetterQueue.Arn>' }));
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    const [alarm] = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const p = alarm?.Properties;
    assert.deepEqual(
      {
        metric: p.MetricName,
        namespace: p.Namespace,
        queue: render(p.Dimensions[0].Value),
        statistic: p.Statistic,
        threshold: p.Threshold,
        comparison: p.ComparisonOperator,
        actions: p.AlarmActions.map(render),
      },
      {
        metric: 'ApproximateNumberOfMessagesVisible',
        namespace: 'AWS/SQS',
        queue: '<DeadLetterQueue.QueueName>',
        statistic: 'Maximum',
        threshold: 1,
        comparison: 'GreaterThanOrEqualToThreshold',
        actions: ['<AlarmTopic>'],
      },
    );
  });

  test('returns a mail subscription to the alarm when alarmEmail is given', () => {
    const { template: withMail } = synthesize({ alarmEmail: 'ops@example-shop.com' });
    withMail.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example-shop.com',
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('the IAM policies', () => {
  test('returns no allowed action with a wildcard and no allowed resource that is everything', () => {
    for (const statement of allStatements(template).filter((s) => s.effect === 'Allow')) {
      assert.deepEqual(
        statement.actions.filter((a) => a.includes('*')),
        [],
        JSON.stringify(statement),
      );
      assert.ok(!statement.resources.includes('*'), JSON.stringify(statement));
    }
    const denies = allStatements(template).filter((s) => s.effect === 'Deny');
    assert.ok(
      denies.every((s) => JSON.stringify(s.condition) === '{"Bool":{"aws:SecureTransport":"false"}}'),
      'the only wildcards are the TLS-only denies',
    );
    template.resourcePropertiesCountIs('AWS::IAM::Role', { ManagedPolicyArns: Match.anyValue() }, 0);
  });

  test('returns the collect role: the app access logs, the store folders it writes, its log group, the queue', () => {
    assert.deepEqual(roleStatements(template, 'CollectRole'), [
      statement('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], ['<CollectLogs.Arn>']),
      statement(
        undefined,
        ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        ['<DeadLetterQueue.Arn>'],
      ),
      statement(
        'GenerateAccessLogsOfTheApp',
        ['amplify:GenerateAccessLogs'],
        [arn('amplify', `apps/${APP_ID}`), arn('amplify', `apps/${APP_ID}/accesslogs/*`)],
      ),
      statement('ReadStore', ['s3:GetObject'], store('raw', 'curated', 'rejected', 'state')),
      statement(
        'WriteStore',
        ['s3:PutObject', 's3:AbortMultipartUpload'],
        store('raw', 'curated', 'rejected', 'state'),
      ),
      statement(
        'DeleteRejectedLinesLocksSaltsAndSummaries',
        ['s3:DeleteObject'],
        [
          `${LOGS}/rejected/*`,
          `${LOGS}/summaries/*`,
          `${LOGS}/state/*.lock`,
          `${LOGS}/state/privacy/salts/*`,
        ],
      ),
      statement('ListStore', ['s3:ListBucket'], [LOGS], {
        StringLike: { 's3:prefix': ['raw/*', 'curated/*', 'rejected/*', 'state/*', 'summaries/*'] },
      }),
    ]);
  });

  test('returns the maintain role: the workgroup, the named database and tables, the store folders Athena reads and writes', () => {
    const glue = (...tables: string[]) => [
      arn('glue', 'catalog'),
      arn('glue', 'database/amplify_logs'),
      ...tables.map((t) => arn('glue', `table/amplify_logs/${t}`)),
    ];
    const views = [
      'access_logs',
      'access_logs_today',
      'access_logs_yesterday',
      'access_logs_week',
      'access_logs_month',
      'access_logs_raw_decoded',
      'access_logs_visits',
      'access_logs_visits_today',
      'access_logs_visits_yesterday',
      'access_logs_visits_week',
      'access_logs_visits_month',
    ];
    // The inline policy passes IAM's size limit: CDK moves some statements to a managed policy.
    assert.deepEqual(
      sortedStatements(roleStatements(template, 'MaintainRole')),
      sortedStatements([
        statement('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], ['<MaintainLogs.Arn>']),
        statement(
          undefined,
          ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          ['<DeadLetterQueue.Arn>'],
        ),
        statement(
          'RunQueriesInTheWorkgroup',
          [
            'athena:StartQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:StopQueryExecution',
            'athena:GetWorkGroup',
          ],
          [arn('athena', 'workgroup/amplify-logs')],
        ),
        statement(
          'ReadCatalog',
          [
            'glue:GetDatabase',
            'glue:GetTable',
            'glue:GetPartition',
            'glue:GetPartitions',
            'glue:BatchGetPartition',
          ],
          glue(
            'access_logs_curated',
            'access_logs_raw',
            'access_logs_bot_agents',
            ...views,
            'access_logs_compact_*',
          ),
        ),
        statement(
          'RegisterRawPartitions',
          ['glue:BatchCreatePartition', 'glue:CreatePartition'],
          glue('access_logs_raw'),
        ),
        statement('ReplaceViews', ['glue:CreateTable', 'glue:UpdateTable'], glue(...views)),
        statement(
          'CreateAndDropCompactionTables',
          ['glue:CreateTable', 'glue:DeleteTable'],
          glue('access_logs_compact_*'),
        ),
        statement('ReadStore', ['s3:GetObject'], store('raw', 'curated', 'state', 'tmp/athena-compact')),
        statement(
          'WriteDayFilesScratchLockBotAgentsAndPrivacy',
          ['s3:PutObject', 's3:AbortMultipartUpload'],
          [
            `${LOGS}/curated/*`,
            `${LOGS}/tmp/athena-compact/*`,
            `${LOGS}/state/*.lock`,
            `${LOGS}/state/bot-agents/*`,
            `${LOGS}/state/privacy.json`,
            `${LOGS}/state/privacy/salts/*`,
          ],
        ),
        statement(
          'DeleteScratchLockAndWhatRetentionEnds',
          ['s3:DeleteObject'],
          [
            `${LOGS}/tmp/athena-compact/*`,
            `${LOGS}/raw/*`,
            `${LOGS}/rejected/*`,
            `${LOGS}/curated/*`,
            `${LOGS}/summaries/*`,
            `${LOGS}/state/*.lock`,
            `${LOGS}/state/privacy/salts/*`,
          ],
        ),
        statement('ListStore', ['s3:ListBucket'], [LOGS], {
          StringLike: {
            's3:prefix': [
              'raw/*',
              'curated/*',
              'rejected/*',
              'state/*',
              'tmp/athena-compact/*',
              'summaries/*',
            ],
          },
        }),
        statement('LocateBuckets', ['s3:GetBucketLocation'], [LOGS, RESULTS]),
        statement(
          'WriteQueryResults',
          ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
          [`${RESULTS}/athena-results/*`],
        ),
        statement('ListQueryResults', ['s3:ListBucket'], [RESULTS], {
          StringLike: { 's3:prefix': ['athena-results/*'] },
        }),
      ]),
    );
  });

  test('returns the report role: reads curated/, writes reports/ only', () => {
    assert.deepEqual(roleStatements(template, 'ReportRole'), [
      statement('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], ['<ReportLogs.Arn>']),
      statement(
        undefined,
        ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        ['<DeadLetterQueue.Arn>'],
      ),
      statement('ReadCurated', ['s3:GetObject'], [`${LOGS}/curated/*`]),
      statement('ListCurated', ['s3:ListBucket'], [LOGS], { StringLike: { 's3:prefix': ['curated/*'] } }),
      statement('WriteReports', ['s3:PutObject'], [`${LOGS}/reports/*`]),
    ]);
  });

  test('returns object ARNs below the prefix when the store has one', () => {
    const { template: prefixed } = synthesize({ prefix: '/sites/shop/' });
    const list = roleStatements(prefixed, 'ReportRole').find((s) => s.sid === 'ListCurated');
    assert.deepEqual(list?.condition, { StringLike: { 's3:prefix': ['sites/shop/curated/*'] } });
    const write = roleStatements(prefixed, 'ReportRole').find((s) => s.sid === 'WriteReports');
    assert.deepEqual(write?.resources, [`${LOGS}/sites/shop/reports/*`]);
  });

  test('returns policies on the named bucket, and no bucket resource, when existingBucket=true', () => {
    const { template: existing } = synthesize({ bucketName: 'my-existing-logs', existingBucket: 'true' });
    existing.resourceCountIs('AWS::S3::Bucket', 1);
    const read = roleStatements(existing, 'ReportRole').find((s) => s.sid === 'ReadCurated');
    assert.deepEqual(read?.resources, [`arn:<AWS::Partition>:s3:::my-existing-logs/curated/*`]);
  });
});

function statement(sid: string | undefined, actions: string[], resources: string[], condition?: unknown) {
  return {
    ...(sid ? { sid } : {}),
    effect: 'Allow',
    actions,
    resources,
    ...(condition ? { condition } : {}),
  };
}

function store(...folders: string[]): string[] {
  return folders.map((f) => `${LOGS}/${f}/*`);
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are untyped JSON.
type Props = Record<string, any>;

function tableInput(name: string): Props {
  const tables = Object.values(template.findResources('AWS::Glue::Table'));
  const table = tables.find((t) => t.Properties.TableInput.Name === name);
  assert.ok(table, `no table ${name}`);
  assert.equal(table.Properties.DatabaseName, 'amplify_logs');
  assert.equal(table.Properties.TableInput.TableType, 'EXTERNAL_TABLE');
  return table.Properties.TableInput;
}

function athenaType(column: string): string {
  return [...LOG_COLUMNS, ...DERIVED_COLUMNS].find((c) => c.name === column)?.athena ?? '?';
}

function functionsById(): Record<'Collect' | 'Maintain' | 'Report', Props> {
  const entries = Object.entries(template.findResources('AWS::Lambda::Function')).map(([id, r]) => [
    id.replace(/[0-9A-F]{8}$/, ''),
    r.Properties,
  ]);
  return Object.fromEntries(entries);
}

function pick(props: Props | undefined, keys: string[]): Props {
  return Object.fromEntries(keys.map((k) => [k, props?.[k]]));
}

function environment(props: Props | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries((props?.Environment.Variables ?? {}) as Record<string, unknown>).map(([k, v]) => [
      k,
      render(v),
    ]),
  );
}
