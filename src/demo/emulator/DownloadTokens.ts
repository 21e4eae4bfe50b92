import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { AppLogs, LogFilePlan } from './AppLogs.js';

/** A generated log file behind a logUrl. Times in ms on the emulator's clock. */
export interface Download {
  readonly logs: AppLogs;
  readonly plan: LogFilePlan;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** The `X-Amz-Expires` of the URL, in whole seconds. */
  readonly expiresIn: number;
  /** Opaque, multipart-style (`"<hex>-<n>"`): like S3's for large objects, not the body's MD5. */
  readonly etag: string;
}

/** Tokens of expired downloads are forgotten this long after they expire. */
const KEEP_EXPIRED_MS = 86_400_000;

/** `20261125T120000Z`: the form of `X-Amz-Date`. */
export function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * The emulator's "bucket" of generated files: a random opaque token for each, and the query
 * string of a presigned S3 URL (whose `X-Amz-Date` and `X-Amz-Expires` also say when it expires,
 * so an expired URL is recognized after its entry is forgotten).
 */
export class DownloadTokens {
  private readonly entries = new Map<string, Download>();
  private readonly secret = randomBytes(32);

  /** Keeps a file; returns its token and the query string of its URL. */
  create(logs: AppLogs, plan: LogFilePlan, now: number, ttlMs: number): { token: string; query: string } {
    this.prune(now);
    const token = randomBytes(24).toString('base64url');
    const expiresIn = Math.max(1, Math.ceil(ttlMs / 1000));
    const digest = createHash('md5').update(JSON.stringify(plan)).digest('hex');
    const etag = `"${digest}-${Math.max(1, plan.sections.length)}"`;
    this.entries.set(token, { logs, plan, createdAt: now, expiresAt: now + ttlMs, expiresIn, etag });
    const params = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `ASIAEMULATOR/${amzDate(now).slice(0, 8)}/us-east-1/s3/aws4_request`,
      'X-Amz-Date': amzDate(now),
      'X-Amz-Expires': String(expiresIn),
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': createHmac('sha256', this.secret).update(token).digest('hex'),
    });
    return { token, query: params.toString() };
  }

  get(token: string): Download | undefined {
    return this.entries.get(token);
  }

  private prune(now: number): void {
    for (const [token, entry] of this.entries) {
      if (entry.expiresAt + KEEP_EXPIRED_MS < now) this.entries.delete(token);
    }
  }
}

/** When a presigned URL's query says it expires (ms), or undefined if it does not say. */
export function urlExpiry(query: URLSearchParams): number | undefined {
  const date = query.get('X-Amz-Date')?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  const expires = Number(query.get('X-Amz-Expires') ?? Number.NaN);
  if (!date || !Number.isFinite(expires)) return undefined;
  const [, y, mo, d, h, mi, s] = date.map(Number) as number[];
  return Date.UTC(y as number, (mo as number) - 1, d, h, mi, s) + expires * 1000;
}
