/**
 * The deployment's parameters, resolved in one place. Each comes from CDK context
 * (`-c name=value`) or, failing that, from the environment variable the CLI reads for the same
 * thing, or from its default. Values are checked here, so a wrong one stops the synth with a line
 * that names it instead of failing half-way through a deployment.
 */
export interface StackParameters {
  /** The Amplify app whose logs are collected (`appId`, `AMPLIFY_APP_ID`). */
  readonly appId: string;
  /** Its domains, as listed under the app's domain management (`domain`, `AMPLIFY_DOMAIN`, comma-separated). */
  readonly domains: readonly string[];
  /** Name of the logs bucket (`bucketName`, `S3_BUCKET_NAME`); default: one CloudFormation makes up. */
  readonly bucketName?: string;
  /** Use the bucket `bucketName` that already exists instead of creating it (`existingBucket=true`). */
  readonly existingBucket: boolean;
  /** Key prefix of the store inside the logs bucket (`prefix`, `S3_BUCKET_PREFIX`): `''` or ending in `/`. */
  readonly prefix: string;
  /** Name of the Athena results bucket (`resultsBucketName`); default: one CloudFormation makes up. */
  readonly resultsBucketName?: string;
  /** Glue database (`database`, `ATHENA_DATABASE`); default `amplify_logs`. */
  readonly database: string;
  /** Base name of the tables and views (`table`, `ATHENA_TABLE_NAME`); default `access_logs`. */
  readonly table: string;
  /** Athena workgroup (`workgroup`, `ATHENA_WORKGROUP`); default `amplify-logs`. */
  readonly workgroup: string;
  /** Bytes a query may scan before Athena cancels it (`scanLimitGb`, in GB); default 10 GB. */
  readonly scanLimitBytes: number;
  readonly schedules: {
    /** `collectSchedule`; default `rate(1 hour)`. */
    readonly collect: string;
    /** `maintainSchedule`; default `cron(30 3 * * ? *)`, the original recipe's. */
    readonly maintain: string;
    /** `reportSchedule`; default `cron(0 5 * * ? *)`, after maintenance. */
    readonly report: string;
  };
  /** Where every alarm sends mail (`alarmEmail`); default: the alarms' topic has no subscriber. */
  readonly alarmEmail?: string;
  /** The alarms on the hourly metrics, each absent when turned off (`off`). */
  readonly alarms: {
    /**
     * 5xx share of an hour above `thresholdPercent` (`errorRateAlarmPercent`, default 2) in two
     * consecutive hours that each had at least `minRequests` (`errorRateMinRequests`, default 100).
     */
    readonly errorRate?: { readonly thresholdPercent: number; readonly minRequests: number };
    /** Hourly requests below the anomaly-detection band `stdDevs` wide (`trafficDropStdDevs`, default 2). */
    readonly trafficDrop?: { readonly stdDevs: number };
    /** An hour's p95 time to first byte above `thresholdSeconds` (`ttfbP95AlarmSeconds`, default 1). */
    readonly ttfbP95?: { readonly thresholdSeconds: number };
  };
  /** A CloudWatch dashboard of the metrics (`dashboard`, default true). */
  readonly dashboard: boolean;
  /**
   * The weekly digest by e-mail, when `digestTo` and `digestFrom` are given: `from` must be an SES
   * identity verified in the stack's region, or an address of a verified domain named by `identity`.
   */
  readonly digest?: {
    /** `digestTo`: one address or several separated by commas. */
    readonly to: readonly string[];
    /** `digestFrom`: the sender address. */
    readonly from: string;
    /** `digestIdentity`: the SES identity the sender belongs to; default `from` itself. */
    readonly identity: string;
    /** `digestSchedule`; default `cron(0 7 ? * MON *)`, Mondays at 07:00 UTC. */
    readonly schedule: string;
  };
  /** Days the functions' logs are kept (`logRetentionDays`); default 30. */
  readonly logRetentionDays: number;
  /**
   * The store's privacy settings (src/store/privacy.ts), when any of `anonymizeIp` (none, 8, 16,
   * 24), `rawDays` (at least 3, or forever) and `keepMonths` (at least 1, or forever) is given: the
   * functions make them the store's (those not given: none, forever, forever). Absent: the store's
   * own settings (`amplify-logs privacy set`) stand.
   */
  readonly privacy?: {
    readonly anonymizeIp: 'none' | '8' | '16' | '24';
    readonly rawDays: number | 'forever';
    readonly keepMonths: number | 'forever';
  };
}

type Context = (key: string) => unknown;
type Env = Readonly<Record<string, string | undefined>>;

/** A parameter is missing or wrong; the message names it and where it can be given. */
export class ParameterError extends Error {
  override name = 'ParameterError';
}

const APP_ID = /^d[a-z0-9]{5,40}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const GLUE_NAME = /^[a-z_][a-z0-9_]{0,99}$/;
const WORKGROUP = /^[a-zA-Z0-9._-]{1,128}$/;
const SCHEDULE = /^(rate|cron)\(.+\)$/;
const EMAIL = /^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/;
const IDENTITY = /^([^@\s,]+@)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/** CloudWatch Logs accepts only these retention periods. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Reads every parameter from `context` (CDK context) and `env`, with the defaults written beside each. */
export function resolveParameters(context: Context, env: Env): StackParameters {
  const get = (key: string, envName?: string): string | undefined => {
    const value = context(key);
    const text = value === undefined || value === null ? envName && env[envName] : String(value);
    return text === undefined || text.trim() === '' ? undefined : text.trim();
  };
  const appId = required(get('appId', 'AMPLIFY_APP_ID'), 'appId', 'AMPLIFY_APP_ID');
  if (!APP_ID.test(appId))
    fail(`appId ${JSON.stringify(appId)} is not an Amplify app id (like d1a2b3c4d5e6f7)`);
  const domains = required(get('domain', 'AMPLIFY_DOMAIN'), 'domain', 'AMPLIFY_DOMAIN')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter((d) => d !== '');
  for (const domain of domains) {
    if (!DOMAIN.test(domain))
      fail(`domain ${JSON.stringify(domain)} is not a domain name (like example.com)`);
  }
  const bucketName = get('bucketName', 'S3_BUCKET_NAME');
  const resultsBucketName = get('resultsBucketName');
  for (const [key, name] of [
    ['bucketName', bucketName],
    ['resultsBucketName', resultsBucketName],
  ] as const) {
    if (name !== undefined && !BUCKET.test(name))
      fail(`${key} ${JSON.stringify(name)} is not a valid S3 bucket name`);
  }
  const existingBucket = flag(get('existingBucket'), 'existingBucket');
  if (existingBucket && bucketName === undefined)
    fail('existingBucket=true needs bucketName (or S3_BUCKET_NAME)');
  const alarmEmail = get('alarmEmail');
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail))
    fail(`alarmEmail ${JSON.stringify(alarmEmail)} is not an e-mail address`);
  return {
    ...baseParameters(get, { appId, domains, alarmEmail, existingBucket }),
    alarms: alarmParameters(get),
    dashboard: get('dashboard') === undefined ? true : flag(get('dashboard'), 'dashboard'),
    ...digestParameters(get),
    ...privacyParameters(get),
  };
}

type Get = (key: string, envName?: string) => string | undefined;

/** The deployment's names, places and schedules, with the values already checked. */
function baseParameters(
  get: Get,
  checked: { appId: string; domains: string[]; alarmEmail?: string | undefined; existingBucket: boolean },
) {
  const { appId, domains, alarmEmail, existingBucket } = checked;
  const bucketName = get('bucketName', 'S3_BUCKET_NAME');
  const resultsBucketName = get('resultsBucketName');
  return {
    appId,
    domains: [...new Set(domains)],
    ...(bucketName ? { bucketName } : {}),
    existingBucket,
    prefix: prefixOf(get('prefix', 'S3_BUCKET_PREFIX') ?? ''),
    ...(resultsBucketName ? { resultsBucketName } : {}),
    database: matching(get('database', 'ATHENA_DATABASE') ?? 'amplify_logs', GLUE_NAME, 'database', true),
    table: matching(get('table', 'ATHENA_TABLE_NAME') ?? 'access_logs', GLUE_NAME, 'table', true),
    workgroup: matching(get('workgroup', 'ATHENA_WORKGROUP') ?? 'amplify-logs', WORKGROUP, 'workgroup'),
    scanLimitBytes: Math.round(number(get('scanLimitGb') ?? '10', 'scanLimitGb', 0.01, 1_000_000) * 1e9),
    schedules: {
      collect: matching(get('collectSchedule') ?? 'rate(1 hour)', SCHEDULE, 'collectSchedule'),
      maintain: matching(get('maintainSchedule') ?? 'cron(30 3 * * ? *)', SCHEDULE, 'maintainSchedule'),
      report: matching(get('reportSchedule') ?? 'cron(0 5 * * ? *)', SCHEDULE, 'reportSchedule'),
    },
    ...(alarmEmail ? { alarmEmail } : {}),
    logRetentionDays: retention(get('logRetentionDays') ?? '30'),
  };
}

/** Each alarm's setting, or `off` to leave the alarm out. */
function alarmParameters(get: Get): StackParameters['alarms'] {
  const setting = (key: string, fallback: string, min: number, max: number) => {
    const value = get(key) ?? fallback;
    return value.toLowerCase() === 'off' ? undefined : number(value, key, min, max);
  };
  const errorRate = setting('errorRateAlarmPercent', '2', 0.01, 100);
  const trafficDrop = setting('trafficDropStdDevs', '2', 0.1, 10);
  const ttfbP95 = setting('ttfbP95AlarmSeconds', '1', 0.001, 60);
  const minRequests = number(get('errorRateMinRequests') ?? '100', 'errorRateMinRequests', 1, 1e9);
  return {
    ...(errorRate !== undefined ? { errorRate: { thresholdPercent: errorRate, minRequests } } : {}),
    ...(trafficDrop !== undefined ? { trafficDrop: { stdDevs: trafficDrop } } : {}),
    ...(ttfbP95 !== undefined ? { ttfbP95: { thresholdSeconds: ttfbP95 } } : {}),
  };
}

/** The privacy settings, when any is given. */
function privacyParameters(get: Get): Pick<StackParameters, 'privacy'> {
  const ip = get('anonymizeIp');
  const raw = get('rawDays');
  const months = get('keepMonths');
  if (ip === undefined && raw === undefined && months === undefined) return {};
  if (ip !== undefined && !['none', '8', '16', '24'].includes(ip))
    fail(`anonymizeIp ${JSON.stringify(ip)}: give none, 8, 16 or 24`);
  const count = (value: string | undefined, key: string, min: number) =>
    value === undefined || value === 'forever' ? ('forever' as const) : number(value, key, min, 100_000);
  const rawDays = count(raw, 'rawDays', 3);
  const keepMonths = count(months, 'keepMonths', 1);
  for (const [key, n] of [
    ['rawDays', rawDays],
    ['keepMonths', keepMonths],
  ] as const) {
    if (n !== 'forever' && !Number.isInteger(n)) fail(`${key} ${n}: give a whole number, or forever`);
  }
  return {
    privacy: { anonymizeIp: (ip ?? 'none') as 'none' | '8' | '16' | '24', rawDays, keepMonths },
  };
}

/** The digest's addresses, identity and schedule; no digest unless both addresses are given. */
function digestParameters(get: Get): Pick<StackParameters, 'digest'> {
  const to = get('digestTo')
    ?.split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const from = get('digestFrom');
  if (to === undefined && from === undefined) return {};
  if (to === undefined || to.length === 0 || from === undefined)
    fail('the weekly digest needs both digestTo and digestFrom (an SES-verified sender)');
  for (const [key, address] of [...to.map((a) => ['digestTo', a] as const), ['digestFrom', from] as const]) {
    if (!EMAIL.test(address)) fail(`${key} ${JSON.stringify(address)} is not an e-mail address`);
  }
  const identity = get('digestIdentity') ?? from;
  if (
    !IDENTITY.test(identity) ||
    (identity !== from && !from.toLowerCase().endsWith(`@${identity.toLowerCase()}`))
  )
    fail(`digestIdentity ${JSON.stringify(identity)}: give digestFrom's address or its domain`);
  return {
    digest: {
      to: [...new Set(to)],
      from,
      identity,
      schedule: matching(get('digestSchedule') ?? 'cron(0 7 ? * MON *)', SCHEDULE, 'digestSchedule'),
    },
  };
}

function required(value: string | undefined, key: string, envName: string): string {
  if (value === undefined) fail(`${key} is not set: pass -c ${key}=... or set ${envName}`);
  return value;
}

function matching(value: string, pattern: RegExp, key: string, lowerCase = false): string {
  const text = lowerCase ? value.toLowerCase() : value;
  if (!pattern.test(text)) fail(`${key} ${JSON.stringify(value)} is not valid (expected ${pattern.source})`);
  return text;
}

function flag(value: string | undefined, key: string): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return fail(`${key} ${JSON.stringify(value)}: use true or false`);
}

function number(value: string, key: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    fail(`${key} ${JSON.stringify(value)}: give a number from ${min} to ${max}`);
  return n;
}

function retention(value: string): number {
  const days = Number(value);
  if (!RETENTION_DAYS.includes(days))
    fail(`logRetentionDays ${value}: use one of ${RETENTION_DAYS.join(', ')}`);
  return days;
}

/** `logs`, `/logs/`, `logs//` → `logs/`; empty stays empty (as the CLI normalizes S3_BUCKET_PREFIX). */
function prefixOf(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '').replace(/\/{2,}/g, '/');
  if (!/^[A-Za-z0-9._=/-]*$/.test(trimmed))
    fail(`prefix ${JSON.stringify(prefix)}: use letters, digits and . _ = - / only`);
  return trimmed === '' ? '' : `${trimmed}/`;
}

function fail(message: string): never {
  throw new ParameterError(message);
}

/**
 * CDK context given on the command line of a direct run (`tsx bin/app.ts -c appId=... -c domain=...`),
 * as the CDK CLI takes it: `-c name=value`, `--context name=value` or `--context=name=value`.
 */
export function contextFromArgs(args: readonly string[]): Record<string, string> {
  const context: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const pair =
      arg === '-c' || arg === '--context'
        ? args[++i]
        : arg.startsWith('--context=')
          ? arg.slice(10)
          : undefined;
    if (pair === undefined) fail(`unknown argument ${JSON.stringify(arg)}: give parameters as -c name=value`);
    const equals = pair.indexOf('=');
    if (equals <= 0) fail(`-c ${JSON.stringify(pair)}: give a parameter as name=value`);
    context[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return context;
}
