import * as iam from 'aws-cdk-lib/aws-iam';
import { BOT_AGENTS_PREFIX } from '../../src/store/keys.js';
import { regionalArn, type StoreArns } from './storeArns.js';

/**
 * The IAM statements of each function, written by hand so that every action is named (no `*`)
 * and every resource is the exact bucket prefix, app, workgroup, database or table it needs.
 * Object reads (`GetObject`, which also covers HEAD) of a key that does not exist answer 404
 * only to a caller who may list it: each function may list its own folders (`s3:prefix`).
 */

/** `ListBucket` on the bucket, limited to keys below `prefixes`. */
function listBucket(sid: string, bucketArn: string, prefixes: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: ['s3:ListBucket'],
    resources: [bucketArn],
    conditions: { StringLike: { 's3:prefix': prefixes } },
  });
}

/**
 * collect: `GenerateAccessLogs` on the app only; the store's `raw/`, `curated/`, `rejected/` and
 * `state/` read and written (objects are replaced, never deleted, except the rejected lines of a
 * re-read object, the locks in `state/`, the visitor salts of days past their lifetime, and the
 * day summaries of days the privacy rewrite anonymises).
 *
 * The Service Authorization Reference lists `GenerateAccessLogs` on the `apps` resource type
 * (`apps/{appId}`); the policy published with the original recipe names
 * `apps/{appId}/accesslogs/*`. Both are granted: each names this app only.
 */
export function collectStatements(store: StoreArns, appId: string): iam.PolicyStatement[] {
  const folders = ['raw', 'curated', 'rejected', 'state'] as const;
  return [
    new iam.PolicyStatement({
      sid: 'GenerateAccessLogsOfTheApp',
      actions: ['amplify:GenerateAccessLogs'],
      resources: [
        regionalArn('amplify', `apps/${appId}`),
        regionalArn('amplify', `apps/${appId}/accesslogs/*`),
      ],
    }),
    new iam.PolicyStatement({
      sid: 'ReadStore',
      actions: ['s3:GetObject'],
      resources: store.objects(...folders),
    }),
    new iam.PolicyStatement({
      sid: 'WriteStore',
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resources: store.objects(...folders),
    }),
    new iam.PolicyStatement({
      sid: 'DeleteRejectedLinesLocksSaltsAndSummaries',
      actions: ['s3:DeleteObject'],
      resources: [
        ...store.objects('rejected', 'summaries'),
        store.object('state/*.lock'),
        store.object('state/privacy/salts/*'),
      ],
    }),
    listBucket('ListStore', store.bucketArn, store.listPrefixes(...folders, 'summaries')),
  ];
}

export interface MaintainResources {
  readonly database: string;
  readonly curatedTable: string;
  readonly rawTable: string;
  /** The table of bot user agents, whose Parquet file the maintenance rewrites. */
  readonly botAgentsTable: string;
  /** The views the maintenance creates or replaces. */
  readonly views: readonly string[];
  /** The name pattern of the tables the compaction creates and drops (`<table>_compact_<yyyymmdd>`). */
  readonly compactionTables: string;
  readonly workgroup: string;
  readonly resultsBucketArn: string;
  readonly resultsFolder: string;
}

/**
 * maintain: queries in the workgroup; in the Glue catalog, reading the database, tables and
 * views, registering the raw table's partitions, replacing the views, and creating and dropping
 * the compaction's day tables; in the store (Athena reads and writes S3 with these credentials),
 * reading `raw/` and `curated/`, writing the compaction's scratch folder and the day files, and
 * the store's write lock; deleting what retention ends (with the day summaries of pruned days);
 * query results in the results folder.
 */
export function maintainStatements(store: StoreArns, r: MaintainResources): iam.PolicyStatement[] {
  const catalog = regionalArn('glue', 'catalog');
  const database = regionalArn('glue', `database/${r.database}`);
  const table = (name: string) => regionalArn('glue', `table/${r.database}/${name}`);
  const allTables = [r.curatedTable, r.rawTable, r.botAgentsTable, ...r.views, r.compactionTables].map(table);
  return [
    new iam.PolicyStatement({
      sid: 'RunQueriesInTheWorkgroup',
      actions: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
        'athena:GetWorkGroup',
      ],
      resources: [regionalArn('athena', `workgroup/${r.workgroup}`)],
    }),
    new iam.PolicyStatement({
      sid: 'ReadCatalog',
      actions: [
        'glue:GetDatabase',
        'glue:GetTable',
        'glue:GetPartition',
        'glue:GetPartitions',
        'glue:BatchGetPartition',
      ],
      resources: [catalog, database, ...allTables],
    }),
    new iam.PolicyStatement({
      sid: 'RegisterRawPartitions',
      actions: ['glue:BatchCreatePartition', 'glue:CreatePartition'],
      resources: [catalog, database, table(r.rawTable)],
    }),
    new iam.PolicyStatement({
      sid: 'ReplaceViews',
      actions: ['glue:CreateTable', 'glue:UpdateTable'],
      resources: [catalog, database, ...r.views.map(table)],
    }),
    new iam.PolicyStatement({
      sid: 'CreateAndDropCompactionTables',
      actions: ['glue:CreateTable', 'glue:DeleteTable'],
      resources: [catalog, database, table(r.compactionTables)],
    }),
    new iam.PolicyStatement({
      sid: 'ReadStore',
      actions: ['s3:GetObject'],
      resources: store.objects('raw', 'curated', 'state', 'compactScratch'),
    }),
    new iam.PolicyStatement({
      sid: 'WriteDayFilesScratchLockBotAgentsAndPrivacy',
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resources: [
        ...store.objects('curated', 'compactScratch'),
        store.object('state/*.lock'),
        store.object(`${BOT_AGENTS_PREFIX}*`),
        store.object('state/privacy.json'),
        store.object('state/privacy/salts/*'),
      ],
    }),
    new iam.PolicyStatement({
      sid: 'DeleteScratchLockAndWhatRetentionEnds',
      actions: ['s3:DeleteObject'],
      resources: [
        ...store.objects('compactScratch', 'raw', 'rejected', 'curated', 'summaries'),
        store.object('state/*.lock'),
        store.object('state/privacy/salts/*'),
      ],
    }),
    listBucket(
      'ListStore',
      store.bucketArn,
      store.listPrefixes('raw', 'curated', 'rejected', 'state', 'compactScratch', 'summaries'),
    ),
    new iam.PolicyStatement({
      sid: 'LocateBuckets',
      actions: ['s3:GetBucketLocation'],
      resources: [store.bucketArn, r.resultsBucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'WriteQueryResults',
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
      resources: [`${r.resultsBucketArn}/${r.resultsFolder}*`],
    }),
    listBucket('ListQueryResults', r.resultsBucketArn, [`${r.resultsFolder}*`]),
  ];
}

/** report: reads the curated days, writes `reports/` only. */
export function reportStatements(store: StoreArns): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ReadCurated',
      actions: ['s3:GetObject'],
      resources: store.objects('curated'),
    }),
    listBucket('ListCurated', store.bucketArn, store.listPrefixes('curated')),
    new iam.PolicyStatement({
      sid: 'WriteReports',
      actions: ['s3:PutObject'],
      resources: store.objects('reports'),
    }),
  ];
}

/**
 * digest: reads the curated days, writes `reports/` only, and sends mail through SES from the
 * one verified identity (its ARN), with the sender address pinned by `ses:FromAddress`.
 */
export function digestStatements(store: StoreArns, identityArn: string, from: string): iam.PolicyStatement[] {
  return [
    ...reportStatements(store),
    new iam.PolicyStatement({
      sid: 'SendFromTheIdentity',
      actions: ['ses:SendEmail'],
      resources: [identityArn],
      conditions: { StringEquals: { 'ses:FromAddress': from } },
    }),
  ];
}
