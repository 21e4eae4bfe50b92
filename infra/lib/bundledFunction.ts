import * as path from 'node:path';
import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * npm settings for installing `nodeModules` into a bundle: packages for Lambda's platform
 * (Amazon Linux, x86_64, glibc) whatever machine synthesizes, taken from the local npm cache when
 * it has them (after `npm ci` at the repository root it does, so synth works offline).
 */
const NPM_FOR_LAMBDA = {
  npm_config_os: 'linux',
  npm_config_cpu: 'x64',
  npm_config_libc: 'glibc',
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_ignore_scripts: 'true',
};

/**
 * ESM bundles may hold CommonJS modules that call `require` (the AWS SDK's, ua-parser-js): Node's
 * ESM has no `require`, so the bundle gets one.
 */
const REQUIRE_BANNER =
  "import { createRequire as __amplifyLogsCreateRequire } from 'node:module'; const require = __amplifyLogsCreateRequire(import.meta.url);";

export interface BundledFunctionProps {
  /** The repository root: the library's package.json, lock file and node_modules. */
  readonly repoRoot: string;
  /** The handler module, relative to the repository root (`src/lambda/collectHandler.ts`). */
  readonly entry: string;
  readonly description: string;
  readonly memoryMiB: number;
  readonly timeout: Duration;
  /** `/tmp` size: the store's local copies and scratch files. */
  readonly tmpMiB: number;
  readonly environment: Record<string, string>;
  /** Packages installed into the bundle instead of bundled (native code, data files). */
  readonly nodeModules?: readonly string[];
  readonly logRetentionDays: number;
  readonly deadLetterQueue: sqs.IQueue;
}

/** A function, its role (with no policy yet: the stack adds exact statements) and its log group. */
export interface BundledFunction {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
}

/**
 * A Node.js 22 function bundled locally by esbuild from the library's TypeScript (no Docker),
 * with its own log group (retention set, deleted with the stack), its own role that may only
 * write to that log group, and asynchronous invocations retried twice, then sent with the error
 * to the dead-letter queue.
 */
export function bundledFunction(scope: Construct, id: string, props: BundledFunctionProps): BundledFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: props.logRetentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `amplify-logs ${id} function`,
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'WriteOwnLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  );
  const nodeModules = [...(props.nodeModules ?? [])];
  const fn = new NodejsFunction(scope, id, {
    description: props.description,
    entry: path.join(props.repoRoot, props.entry),
    handler: 'handler',
    projectRoot: props.repoRoot,
    depsLockFilePath: path.join(props.repoRoot, 'package-lock.json'),
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.X86_64,
    memorySize: props.memoryMiB,
    timeout: props.timeout,
    ephemeralStorageSize: Size.mebibytes(props.tmpMiB),
    role,
    logGroup,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    retryAttempts: 2,
    maxEventAge: Duration.hours(6),
    onFailure: new SqsDestination(props.deadLetterQueue),
    bundling: {
      format: OutputFormat.ESM,
      target: 'node22',
      mainFields: ['module', 'main'],
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      banner: REQUIRE_BANNER,
      externalModules: nodeModules,
      ...(nodeModules.length > 0 ? { nodeModules } : {}),
      environment: NPM_FOR_LAMBDA,
      logLevel: LogLevel.ERROR,
      forceDockerBundling: false,
    },
  });
  return { fn, role, logGroup };
}
