import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AmplifyLogsStack } from '../lib/AmplifyLogsStack.js';
import { resolveParameters } from '../lib/parameters.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const APP_ID = 'd1a2b3c4d5e6f7';

/**
 * The stack synthesized with `context` as its CDK context (and no environment variables), its
 * assets not bundled (`aws:cdk:bundling-stacks` empty): the template alone, in milliseconds.
 */
export function synthesize(context: Record<string, string> = {}): {
  stack: AmplifyLogsStack;
  template: Template;
} {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const parameters = resolveParameters(
    (key) => ({ appId: APP_ID, domain: 'example-shop.com', ...context })[key],
    {},
  );
  const stack = new AmplifyLogsStack(app, 'AmplifyLogs', { parameters, repoRoot: REPO_ROOT });
  return { stack, template: Template.fromStack(stack) };
}

type Json = unknown;

/**
 * A CloudFormation value as text: `Fn::Join` joined, `Ref` and `Fn::GetAtt` as `<Name>` and
 * `<Name.Attr>` where Name is the logical id without CDK's hash, so ARNs read as written.
 */
export function render(value: Json): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value && typeof value === 'object') {
    const v = value as Record<string, Json>;
    if ('Fn::Join' in v) {
      const [separator, parts] = v['Fn::Join'] as [string, Json[]];
      return parts.map(render).join(separator);
    }
    if ('Ref' in v) return `<${logicalName(String(v.Ref))}>`;
    if ('Fn::GetAtt' in v) {
      const [id, attribute] = v['Fn::GetAtt'] as [string, string];
      return `<${logicalName(id)}.${attribute}>`;
    }
  }
  return JSON.stringify(value);
}

function logicalName(id: string): string {
  return id.replace(/[0-9A-F]{8}$/, '');
}

export interface Statement {
  readonly sid?: string;
  readonly effect: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly condition?: Json;
}

/** The statements of every identity policy attached to the role whose logical id starts with `role`. */
export function roleStatements(template: Template, role: string): Statement[] {
  // The role's inline policy, then the managed policies CDK moves statements to when the inline
  // one would pass IAM's size limit (the maintain role's does).
  const policies = [
    ...Object.values(template.findResources('AWS::IAM::Policy')),
    ...Object.values(template.findResources('AWS::IAM::ManagedPolicy')),
  ];
  return policies
    .filter((p) => ((p.Properties.Roles ?? []) as Json[]).some((r) => render(r).startsWith(`<${role}`)))
    .flatMap((p) => statementsOf(p.Properties.PolicyDocument));
}

/** Statements in one order (by sid, then content), for roles whose statements CDK splits up. */
export function sortedStatements<T extends { sid?: string }>(statements: readonly T[]): T[] {
  const key = (s: T) => `${s.sid ?? ''} ${JSON.stringify(s)}`;
  return [...statements].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every statement of every IAM, bucket and queue policy in the template. */
export function allStatements(template: Template): Statement[] {
  return [
    'AWS::IAM::Policy',
    'AWS::S3::BucketPolicy',
    'AWS::SQS::QueuePolicy',
    'AWS::SNS::TopicPolicy',
  ].flatMap((type) =>
    Object.values(template.findResources(type)).flatMap((p) => statementsOf(p.Properties.PolicyDocument)),
  );
}

function statementsOf(document: { Statement: Record<string, Json>[] }): Statement[] {
  return document.Statement.map((s) => ({
    ...(s.Sid ? { sid: String(s.Sid) } : {}),
    effect: String(s.Effect),
    actions: ([] as Json[]).concat(s.Action ?? []).map(render),
    resources: ([] as Json[]).concat(s.Resource ?? []).map(render),
    ...(s.Condition ? { condition: s.Condition } : {}),
  }));
}

/** `arn:<AWS::Partition>:service:<AWS::Region>:<AWS::AccountId>:resource`, as `render` writes it. */
export function arn(service: string, resource: string): string {
  return `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:${resource}`;
}
