import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { compactTablePrefix } from '../../src/athena/athenaConfig.js';
import { type BundledFunction, bundledFunction } from './bundledFunction.js';
import { botAgentsTableInput, curatedTableInput, rawTableInput, tableNames } from './glueTables.js';
import { Monitoring } from './monitoring.js';
import type { StackParameters } from './parameters.js';
import { collectStatements, digestStatements, maintainStatements, reportStatements } from './policies.js';
import { regionalArn, StoreArns } from './storeArns.js';

export interface AmplifyLogsStackProps extends StackProps {
  readonly parameters: StackParameters;
  /** The repository root, where the handlers' sources and the library's lock file are. */
  readonly repoRoot: string;
}

/** Where Athena writes query results in the results bucket. */
export const RESULTS_FOLDER = 'athena-results/';

/**
 * The whole deployment of amplify-logs in one account and region: the logs bucket (the store),
 * the Athena results bucket, the Glue database and tables, the Athena workgroup, three
 * scheduled functions (collect hourly, maintain and report daily) and, when asked for, the weekly
 * digest, whose failures are retried, then land on a dead-letter queue with an alarm; the hourly
 * metrics' alarms and dashboard (src/lambda/hourMetrics.ts, lib/monitoring.ts), all alarms on one topic.
 */
export class AmplifyLogsStack extends Stack {
  readonly logsBucket: s3.IBucket;
  readonly resultsBucket: s3.Bucket;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarmTopic: sns.Topic;
  readonly functions: {
    readonly collect: BundledFunction;
    readonly maintain: BundledFunction;
    readonly report: BundledFunction;
    /** The weekly digest, when `digestTo` and `digestFrom` are given. */
    readonly digest?: BundledFunction;
  };

  constructor(scope: Construct, id: string, props: AmplifyLogsStackProps) {
    super(scope, id, props);
    const p = props.parameters;
    this.logsBucket = logsBucket(this, p);
    this.resultsBucket = resultsBucket(this, p);
    const names = tableNames(p.database, p.table);
    const storeUrl = `s3://${this.logsBucket.bucketName}/${p.prefix}`;
    const outputLocation = `s3://${this.resultsBucket.bucketName}/${RESULTS_FOLDER}`;
    const workgroup = athenaWorkgroup(this, p, outputLocation);
    glueCatalog(this, p, storeUrl);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: 'amplify-logs alarms' });
    if (p.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(p.alarmEmail));
    new Monitoring(this, 'Monitoring', {
      parameters: p,
      topic: this.alarmTopic,
      deadLetterQueue: this.deadLetterQueue,
    });

    const common = {
      repoRoot: props.repoRoot,
      logRetentionDays: p.logRetentionDays,
      deadLetterQueue: this.deadLetterQueue,
    };
    const store = { S3_BUCKET_NAME: this.logsBucket.bucketName, S3_BUCKET_PREFIX: p.prefix };
    const athenaEnv = {
      ATHENA_DATABASE: p.database,
      ATHENA_TABLE_NAME: p.table,
      ATHENA_WORKGROUP: p.workgroup,
      S3_OUTPUT_LOCATION: outputLocation,
    };
    const duckdbHome = { HOME: '/tmp' };
    const site = { AMPLIFY_APP_ID: p.appId, AMPLIFY_DOMAIN: p.domains.join(',') };
    // Installed beside every bundle: DuckDB's native binding, and the DB-IP tables the country
    // lookup reads at run time (the report's countries; an anonymising store's import and
    // compaction look countries up before truncating addresses).
    const nodeModules = ['@duckdb/node-api', '@ip-location-db/dbip-country'];
    const privacyEnv: Record<string, string> = p.privacy
      ? {
          PRIVACY_ANONYMIZE_IP: p.privacy.anonymizeIp,
          PRIVACY_RAW_DAYS: String(p.privacy.rawDays),
          PRIVACY_KEEP_MONTHS: String(p.privacy.keepMonths),
        }
      : {};
    this.functions = {
      collect: bundledFunction(this, 'Collect', {
        ...common,
        entry: 'src/lambda/collectHandler.ts',
        description: `amplify-logs: collects ${p.appId}'s access logs (${p.domains.join(', ')}) into the store`,
        memoryMiB: 1024,
        timeout: Duration.minutes(15),
        tmpMiB: 2048,
        environment: { ...store, ...duckdbHome, ...site, ...privacyEnv },
        nodeModules,
      }),
      maintain: bundledFunction(this, 'Maintain', {
        ...common,
        entry: 'src/lambda/maintainHandler.ts',
        description:
          'amplify-logs: compacts the last days with Athena, registers the raw partitions, lists the bot agents, applies the retention',
        memoryMiB: 512,
        timeout: Duration.minutes(15),
        tmpMiB: 512,
        // DuckDB writes the bot agents' Parquet file (src/lake/botAgents.ts).
        environment: { ...store, ...athenaEnv, ...privacyEnv, ...duckdbHome },
        nodeModules,
      }),
      report: bundledFunction(this, 'Report', {
        ...common,
        entry: 'src/lambda/reportHandler.ts',
        description: "amplify-logs: writes yesterday's traffic report (HTML and JSON) to the bucket",
        memoryMiB: 2048,
        timeout: Duration.minutes(10),
        tmpMiB: 2048,
        environment: { ...store, ...duckdbHome },
        nodeModules,
      }),
      ...(p.digest
        ? {
            digest: bundledFunction(this, 'Digest', {
              ...common,
              entry: 'src/lambda/digestHandler.ts',
              description:
                'amplify-logs: e-mails the weekly digest (the last 7 days beside the 7 before) and keeps it in the bucket',
              memoryMiB: 2048,
              timeout: Duration.minutes(10),
              tmpMiB: 2048,
              environment: {
                ...store,
                ...duckdbHome,
                ...site,
                DIGEST_TO: p.digest.to.join(','),
                DIGEST_FROM: p.digest.from,
              },
              nodeModules,
            }),
          }
        : {}),
    };

    const arns = new StoreArns(this.logsBucket.bucketArn, p.prefix);
    for (const statement of collectStatements(arns, p.appId))
      this.functions.collect.role.addToPolicy(statement);
    for (const statement of maintainStatements(arns, {
      database: p.database,
      curatedTable: names.curated,
      rawTable: names.raw,
      botAgentsTable: names.botAgents,
      views: [
        names.base,
        names.today,
        names.yesterday,
        names.week,
        names.month,
        names.rawDecoded,
        names.visits,
        names.visitsToday,
        names.visitsYesterday,
        names.visitsWeek,
        names.visitsMonth,
      ],
      compactionTables: `${compactTablePrefix(names.base)}*`,
      workgroup: p.workgroup,
      resultsBucketArn: this.resultsBucket.bucketArn,
      resultsFolder: RESULTS_FOLDER,
    })) {
      this.functions.maintain.role.addToPolicy(statement);
    }
    for (const statement of reportStatements(arns)) this.functions.report.role.addToPolicy(statement);
    if (p.digest && this.functions.digest) {
      const identityArn = regionalArn('ses', `identity/${p.digest.identity}`);
      for (const statement of digestStatements(arns, identityArn, p.digest.from))
        this.functions.digest.role.addToPolicy(statement);
      schedule(this, 'DigestSchedule', p.digest.schedule, this.functions.digest, this.deadLetterQueue);
      new CfnOutput(this, 'DigestFunction', { value: this.functions.digest.fn.functionName });
    }
    this.functions.maintain.fn.node.addDependency(workgroup);

    schedule(this, 'CollectSchedule', p.schedules.collect, this.functions.collect, this.deadLetterQueue);
    schedule(this, 'MaintainSchedule', p.schedules.maintain, this.functions.maintain, this.deadLetterQueue);
    schedule(this, 'ReportSchedule', p.schedules.report, this.functions.report, this.deadLetterQueue);

    outputs(this, { p, storeUrl, outputLocation, bucketName: this.logsBucket.bucketName });
    new CfnOutput(this, 'CollectFunction', { value: this.functions.collect.fn.functionName });
    new CfnOutput(this, 'MaintainFunction', { value: this.functions.maintain.fn.functionName });
    new CfnOutput(this, 'ReportFunction', { value: this.functions.report.fn.functionName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
  }
}

/**
 * The store: encrypted, never public, TLS only, unversioned (a deleted object is gone); kept when
 * the stack is deleted (it holds the data). With `rawDays`, raw files and rejected lines also
 * expire 2 days after that many days from when they were written: a backstop of the nightly
 * prune, which deletes them first (a window of a day is written by the day after next at the latest).
 */
function logsBucket(scope: Construct, p: StackParameters): s3.IBucket {
  if (p.existingBucket && p.bucketName) return s3.Bucket.fromBucketName(scope, 'LogsBucket', p.bucketName);
  return new s3.Bucket(scope, 'LogsBucket', {
    ...(p.bucketName ? { bucketName: p.bucketName } : {}),
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ...rawRetentionRules(p),
    ],
  });
}

/** The lifecycle rules backing `rawDays` on `raw/` and `rejected/`; none when raw files are kept forever. */
export function rawRetentionRules(p: StackParameters): s3.LifecycleRule[] {
  const days = p.privacy?.rawDays;
  if (days === undefined || days === 'forever') return [];
  return (['raw', 'rejected'] as const).map((folder) => ({
    id: `Expire${folder === 'raw' ? 'Raw' : 'Rejected'}After${days}Days`,
    prefix: `${p.prefix}${folder}/`,
    expiration: Duration.days(days + 2),
  }));
}

/**
 * Athena's query results: encrypted, never public, TLS only, every object deleted 7 days after it
 * was written. Kept when the stack is deleted (a bucket with objects cannot be deleted; this one
 * empties itself within 7 days).
 */
function resultsBucket(scope: Construct, p: StackParameters): s3.Bucket {
  return new s3.Bucket(scope, 'AthenaResultsBucket', {
    ...(p.resultsBucketName ? { bucketName: p.resultsBucketName } : {}),
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      {
        id: 'ExpireResults',
        expiration: Duration.days(7),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
  });
}

/** The workgroup every query of the functions runs in: its result location and scan cutoff are enforced. */
function athenaWorkgroup(scope: Construct, p: StackParameters, outputLocation: string): athena.CfnWorkGroup {
  return new athena.CfnWorkGroup(scope, 'Workgroup', {
    name: p.workgroup,
    description: 'amplify-logs: Athena queries over the access-log store',
    state: 'ENABLED',
    recursiveDeleteOption: true,
    workGroupConfiguration: {
      bytesScannedCutoffPerQuery: p.scanLimitBytes,
      enforceWorkGroupConfiguration: true,
      publishCloudWatchMetricsEnabled: true,
      resultConfiguration: {
        outputLocation,
        encryptionConfiguration: { encryptionOption: 'SSE_S3' },
      },
    },
  });
}

/** The Glue database and the curated (projection), raw and bot agents tables over the store. */
function glueCatalog(scope: Construct, p: StackParameters, storeUrl: string): void {
  const database = new glue.CfnDatabase(scope, 'Database', {
    catalogId: Aws.ACCOUNT_ID,
    databaseInput: { name: p.database, description: 'amplify-logs: Amplify Hosting access logs' },
  });
  const spec = { storeUrl, database: p.database, table: p.table };
  const curated = new glue.CfnTable(scope, 'CuratedTable', {
    catalogId: Aws.ACCOUNT_ID,
    databaseName: p.database,
    tableInput: curatedTableInput(spec),
  });
  const raw = new glue.CfnTable(scope, 'RawTable', {
    catalogId: Aws.ACCOUNT_ID,
    databaseName: p.database,
    tableInput: rawTableInput(spec),
  });
  curated.node.addDependency(database);
  raw.node.addDependency(database);
  const bots = new glue.CfnTable(scope, 'BotAgentsTable', {
    catalogId: Aws.ACCOUNT_ID,
    databaseName: p.database,
    tableInput: botAgentsTableInput(spec),
  });
  bots.node.addDependency(database);
}

/** An EventBridge rule invoking `target` on `expression`; events it cannot deliver go to the queue. */
function schedule(
  scope: Construct,
  id: string,
  expression: string,
  target: BundledFunction,
  dlq: sqs.Queue,
): void {
  new events.Rule(scope, id, {
    schedule: events.Schedule.expression(expression),
    targets: [
      new targets.LambdaFunction(target.fn, {
        retryAttempts: 2,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: dlq,
      }),
    ],
  });
}

function outputs(
  scope: Construct,
  o: { p: StackParameters; storeUrl: string; outputLocation: string; bucketName: string },
): void {
  new CfnOutput(scope, 'Store', { value: o.storeUrl, description: 'The store, for --store' });
  new CfnOutput(scope, 'ReportsUrl', {
    value: `${o.storeUrl}reports/`,
    description: 'Daily reports (and the weekly digests)',
  });
  new CfnOutput(scope, 'AthenaResults', { value: o.outputLocation, description: 'S3_OUTPUT_LOCATION' });
  new CfnOutput(scope, 'CliEnvironment', {
    description: 'Environment for the amplify-logs CLI on this deployment',
    value: [
      `S3_BUCKET_NAME=${o.bucketName}`,
      `S3_BUCKET_PREFIX=${o.p.prefix}`,
      `ATHENA_DATABASE=${o.p.database}`,
      `ATHENA_TABLE_NAME=${o.p.table}`,
      `ATHENA_WORKGROUP=${o.p.workgroup}`,
      `S3_OUTPUT_LOCATION=${o.outputLocation}`,
    ].join(' '),
  });
}
