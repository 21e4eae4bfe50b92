import { type AthenaConfig, resolveAthenaConfig } from '../athena/athenaConfig.js';
import type { AnonymizeBits } from '../format/address/anonymizeAddress.js';
import { MIN_RAW_DAYS, type PrivacySettings } from '../store/privacy.js';
import { parseStoreUrl } from '../store/storeConfig.js';
import { AppError, messageOf } from '../util/errors.js';

/** The function's environment lacks a variable or holds a value that cannot work. */
export class ConfigError extends AppError {
  override name = 'ConfigError';
  constructor(message: string) {
    super(
      'CONFIG',
      message,
      'The CDK stack sets these variables from its parameters (infra/: -c appId=... -c domain=...); redeploy with the right values.',
    );
  }
}

/** Where the store is: the logs bucket and the prefix every key sits under (`''` or ending in `/`). */
export interface StoreLocation {
  readonly bucket: string;
  readonly prefix: string;
}

export interface CollectConfig {
  readonly store: StoreLocation;
  readonly appId: string;
  /** Each domain is collected in turn, with its own watermark. */
  readonly domains: readonly string[];
  /** The deployment's privacy settings (`PRIVACY_*`), when it gives some. */
  readonly privacy?: PrivacySettings;
}

export interface MaintainConfig {
  readonly store: StoreLocation;
  /** The library's Athena settings (src/athena/athenaConfig.ts), over the same store. */
  readonly athena: AthenaConfig;
  /** The deployment's privacy settings (`PRIVACY_*`), when it gives some. */
  readonly privacy?: PrivacySettings;
}

export interface ReportConfig {
  readonly store: StoreLocation;
}

export interface DigestConfig {
  readonly store: StoreLocation;
  /** The site named in the subject: the app's domains (`AMPLIFY_DOMAIN`), if set. */
  readonly site?: string;
  /** `DIGEST_TO`: the recipients, separated by commas. */
  readonly to: readonly string[];
  /** `DIGEST_FROM`: the sender, an SES identity verified in the function's region. */
  readonly from: string;
}

type Env = NodeJS.ProcessEnv;

/**
 * The collect function's settings, from the variables the CLI reads: `AMPLIFY_APP_ID`,
 * `AMPLIFY_DOMAIN` (one domain, or several separated by commas), `S3_BUCKET_NAME`,
 * `S3_BUCKET_PREFIX` (optional). Throws a `ConfigError` naming the first missing variable.
 */
export function collectConfig(env: Env): CollectConfig {
  const domains = required(env, 'AMPLIFY_DOMAIN')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter((d) => d !== '');
  if (domains.length === 0) throw new ConfigError('AMPLIFY_DOMAIN names no domain');
  const privacy = privacyFromEnv(env);
  return {
    store: storeLocation(env),
    appId: required(env, 'AMPLIFY_APP_ID'),
    domains: [...new Set(domains)],
    ...(privacy ? { privacy } : {}),
  };
}

/**
 * The maintain function's settings: the store, plus the Athena variables the CLI reads
 * (`ATHENA_DATABASE`, `ATHENA_TABLE_NAME`, `ATHENA_WORKGROUP`, `S3_OUTPUT_LOCATION`), resolved by
 * the library's `resolveAthenaConfig` with its defaults. The workgroup is required: the stack's
 * workgroup enforces the result location and the scan cutoff.
 */
export function maintainConfig(env: Env): MaintainConfig {
  const store = storeLocation(env);
  required(env, 'ATHENA_WORKGROUP');
  try {
    const privacy = privacyFromEnv(env);
    return { store, athena: resolveAthenaConfig({}, env, store), ...(privacy ? { privacy } : {}) };
  } catch (error) {
    throw new ConfigError(messageOf(error));
  }
}

/** The report function's settings: the store alone (reports go to its `reports/` keys). */
export function reportConfig(env: Env): ReportConfig {
  return { store: storeLocation(env) };
}

/**
 * The digest function's settings: the store, `DIGEST_TO` (one or more addresses, separated by
 * commas), `DIGEST_FROM`, and `AMPLIFY_DOMAIN` for the subject. Throws a `ConfigError` naming a
 * missing variable or an address that is none.
 */
export function digestConfig(env: Env): DigestConfig {
  const to = required(env, 'DIGEST_TO')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const from = required(env, 'DIGEST_FROM');
  for (const address of [...to, from]) {
    if (!/^[^@\s,<>]+@[^@\s,<>]+\.[^@\s,<>]+$/.test(address))
      throw new ConfigError(`${JSON.stringify(address)} (DIGEST_TO or DIGEST_FROM) is not an e-mail address`);
  }
  if (to.length === 0) throw new ConfigError('DIGEST_TO names no address');
  const site = optional(env, 'AMPLIFY_DOMAIN')
    ?.split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '')
    .join(', ');
  return { store: storeLocation(env), to, from, ...(site ? { site } : {}) };
}

/** `S3_BUCKET_NAME` (validated as a bucket name) and `S3_BUCKET_PREFIX`, normalized as the CLI does. */
export function storeLocation(env: Env): StoreLocation {
  const bucket = required(env, 'S3_BUCKET_NAME');
  const prefix = optional(env, 'S3_BUCKET_PREFIX') ?? '';
  let parsed: ReturnType<typeof parseStoreUrl>;
  try {
    parsed = parseStoreUrl(`s3://${bucket}/${prefix}`, '/');
  } catch {
    throw new ConfigError(`S3_BUCKET_NAME ${JSON.stringify(bucket)} is not a valid S3 bucket name`);
  }
  if (parsed.kind !== 's3') throw new ConfigError(`S3_BUCKET_NAME ${JSON.stringify(bucket)} is not a bucket`);
  return { bucket: parsed.bucket, prefix: parsed.prefix };
}

function required(env: Env, name: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigError(`the environment variable ${name} is not set`);
  return value;
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The privacy settings the deployment gives its functions (`PRIVACY_ANONYMIZE_IP` none|8|16|24,
 * `PRIVACY_RAW_DAYS` and `PRIVACY_KEEP_MONTHS` N|forever, from the stack's parameters), or
 * undefined when none is set: the store's own settings then stand. Throws a ConfigError on a
 * value that is none of these.
 */
export function privacyFromEnv(env: NodeJS.ProcessEnv): PrivacySettings | undefined {
  const ip = env.PRIVACY_ANONYMIZE_IP;
  const raw = env.PRIVACY_RAW_DAYS;
  const months = env.PRIVACY_KEEP_MONTHS;
  if (!ip && !raw && !months) return undefined;
  const bits = ip === undefined || ip === '' || ip === 'none' ? 0 : Number(ip);
  if (![0, 8, 16, 24].includes(bits))
    throw new ConfigError(`PRIVACY_ANONYMIZE_IP=${ip}: use none, 8, 16 or 24`);
  return {
    anonymizeIp: bits as AnonymizeBits,
    rawDays: count('PRIVACY_RAW_DAYS', raw, MIN_RAW_DAYS),
    keepMonths: count('PRIVACY_KEEP_MONTHS', months, 1),
  };
}

function count(name: string, value: string | undefined, least: number): number | null {
  if (value === undefined || value === '' || value === 'forever') return null;
  if (!/^\d+$/.test(value) || Number(value) < least) {
    throw new ConfigError(`${name}=${value}: use a whole number of at least ${least}, or forever`);
  }
  return Number(value);
}
