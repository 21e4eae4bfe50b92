import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { AmplifyLogsStack } from '../lib/AmplifyLogsStack.js';
import { contextFromArgs, ParameterError, resolveParameters } from '../lib/parameters.js';

/**
 * The CDK app: one stack, `AmplifyLogs` (or `-c stackName=...`), in the account and region the
 * CDK CLI found for the credentials in use (`CDK_DEFAULT_ACCOUNT` / `CDK_DEFAULT_REGION`). Run by
 * `cdk deploy|destroy` (cdk.json), or directly (`npm run synth`), which needs no AWS account, no
 * network and no Docker: it takes `-c name=value` arguments itself and writes `cdk.out/`.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
try {
  const outdir = process.env.CDK_OUTDIR ?? path.join(repoRoot, 'infra', 'cdk.out');
  const app = new App({ outdir, context: contextFromArgs(process.argv.slice(2)) });
  const parameters = resolveParameters((key) => app.node.tryGetContext(key), process.env);
  // A direct run starts from an empty cdk.out, so bundles of earlier runs do not pile up.
  if (process.env.CDK_OUTDIR === undefined) fs.rmSync(outdir, { recursive: true, force: true });
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  new AmplifyLogsStack(app, String(app.node.tryGetContext('stackName') ?? 'AmplifyLogs'), {
    parameters,
    repoRoot,
    description: `amplify-logs: Amplify Hosting access logs of ${parameters.appId} into S3, Athena and daily reports`,
    ...(account && region ? { env: { account, region } } : {}),
  });
  app.synth();
} catch (error) {
  if (!(error instanceof ParameterError)) throw error;
  process.stderr.write(`amplify-logs infra: ${error.message}\n`);
  process.exit(2);
}
