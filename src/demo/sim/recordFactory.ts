import type { LogRecord } from '../../format/schema.js';
import type { Random } from './random.js';
import { DateText, timeOf } from './recordTime.js';
import { randomRequestId } from './requestId.js';
import type { Client, Outcome, RequestSpec } from './requestSpec.js';

/**
 * Turns one simulated request into a `LogRecord` holding true decoded values: picks the cache
 * result, a consistent status / result-type triple, timings, byte counts and a unique request
 * id, and injects the rare failures (viewer hang-ups, origin errors, quota errors).
 *
 * Consistency rules (tests check them):
 * - 2xx and 304: result Hit, RefreshHit or Miss; the response type equals the result type and the
 *   detailed type too, except that a Miss served from the regional shield is `OriginShieldHit`.
 * - 301/302: Redirect (HTTP to HTTPS at the edge), FunctionGeneratedResponse (a CloudFront
 *   function), or Hit/Miss (the origin redirects).
 * - 4xx and 5xx: Error, with the detailed type naming the cause (OriginDnsError, ...); or
 *   LimitExceeded / CapacityExceeded for a 503 the edge refuses.
 * - status 0 (the viewer hung up): result Error, response Hit or Miss (the response was fine),
 *   detailed ClientCommError.
 */

interface ErrorBody {
  readonly status: number;
  readonly contentType: string | null;
  readonly bytes: number;
}

const ERROR_BODIES: Partial<Record<Outcome, ErrorBody>> = {
  redirectHttps: { status: 301, contentType: 'text/html', bytes: 167 },
  redirectFunction: { status: 301, contentType: null, bytes: 0 },
  redirectOrigin: { status: 301, contentType: 'text/html', bytes: 0 },
  notFound: { status: 404, contentType: 'text/html', bytes: 4_812 },
  forbidden: { status: 403, contentType: 'application/xml', bytes: 243 },
  badRequest: { status: 400, contentType: 'text/html', bytes: 915 },
  noContent: { status: 204, contentType: null, bytes: 0 },
};

const ORIGIN_FAILURES = [
  { status: 502, detailed: 'OriginConnectError', slow: false },
  { status: 502, detailed: 'OriginDnsError', slow: false },
  { status: 503, detailed: 'OriginError', slow: false },
  { status: 504, detailed: 'OriginReadError', slow: true },
  { status: 500, detailed: 'OriginError', slow: false },
  { status: 502, detailed: 'OriginCommError', slow: false },
] as const;

interface Failure {
  readonly status: number;
  /** Result and response type (the same), and the detailed type. */
  readonly result: string;
  readonly detailed: string;
  /** An origin timeout: the answer takes 30 s. */
  readonly slow: boolean;
}

/** Body bytes the request asks for: its range, or the whole resource. */
function requestedBytes(spec: RequestSpec): number {
  return spec.range ? spec.range.end - spec.range.start + 1 : spec.res.bytes;
}

/** Rounds seconds to the 3 decimals CloudFront logs. */
function round3(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

export class RecordFactory {
  private readonly idBytes = Buffer.alloc(40);
  private readonly dates = new DateText();
  /** Whether the origin is failing (an incident): most misses then fail with 5xx. */
  incident = false;

  /** `host` is the internal CloudFront name every record shows in `cs(Host)`. */
  constructor(
    private readonly rng: Random,
    private readonly host: string,
  ) {}

  /** The record of `spec` sent by `client` at `t` (ms since epoch, UTC). */
  make(client: Client, t: number, spec: RequestSpec): LogRecord {
    client.sent++;
    const delivers = spec.outcome === 'ok' || spec.outcome === 'notModified' || spec.outcome === 'partial';
    if (delivers && spec.method !== 'OPTIONS') {
      const failed = this.failure(client, t, spec);
      if (failed) return failed;
    }
    if (delivers) return this.delivered(client, t, spec);
    return this.answered(client, t, spec);
  }

  /** A 2xx/304 answered from cache or origin. */
  private delivered(client: Client, t: number, spec: RequestSpec): LogRecord {
    const rng = this.rng;
    const result = this.cacheResult(spec);
    const detailed = result === 'Miss' && rng.chance(0.1) ? 'OriginShieldHit' : result;
    const status =
      spec.outcome === 'notModified' ? 304 : spec.outcome === 'partial' ? 206 : (spec.status ?? 200);
    const body = this.bodyBytes(spec, status);
    const [ttfb, taken] = this.timing(result, body, client);
    const headers = status === 304 ? 250 + rng.int(0, 110) : 330 + rng.int(0, 130);
    const contentType = status === 304 ? null : spec.res.contentType;
    const length = status !== 304 && spec.res.contentLength ? body : null;
    const record = this.base(client, t, spec, status, result, result, detailed);
    record.bytes = (spec.method === 'HEAD' ? 0 : body) + headers;
    record.time_taken = taken;
    record.time_to_first_byte = ttfb;
    record.sc_content_type = contentType;
    record.sc_content_len = length;
    if (status === 206 && spec.range) {
      record.sc_range_start = spec.range.start;
      record.sc_range_end = spec.range.end;
    }
    return record;
  }

  /** Redirects, client errors and empty answers: the edge or the origin answers without content. */
  private answered(client: Client, t: number, spec: RequestSpec): LogRecord {
    const rng = this.rng;
    const body = ERROR_BODIES[spec.outcome] as ErrorBody;
    const status = spec.status ?? body.status;
    let result = 'Error';
    if (spec.outcome === 'redirectHttps') result = 'Redirect';
    else if (spec.outcome === 'redirectFunction') result = 'FunctionGeneratedResponse';
    else if (spec.outcome === 'redirectOrigin') result = rng.chance(0.6) ? 'Hit' : 'Miss';
    else if (spec.outcome === 'noContent') result = 'Miss';
    const detailed = spec.outcome === 'badRequest' ? 'InvalidRequest' : result;
    const atEdge = result !== 'Miss' && result !== 'Hit' && spec.outcome !== 'notFound';
    const ttfb = round3(atEdge ? rng.logNormal(0.0012, 0.7) : rng.logNormal(0.07, 0.6));
    const record = this.base(client, t, spec, status, result, result, detailed);
    record.bytes = (spec.method === 'HEAD' ? 0 : body.bytes) + 260 + rng.int(0, 140);
    record.time_taken = round3(ttfb + rng.float() * 0.002);
    record.time_to_first_byte = ttfb;
    record.sc_content_type = body.contentType;
    record.sc_content_len = body.bytes > 0 ? body.bytes : null;
    return record;
  }

  /** Rare failures of a request that would have delivered content; undefined when it went well. */
  private failure(client: Client, t: number, spec: RequestSpec): LogRecord | undefined {
    const rng = this.rng;
    const size = requestedBytes(spec);
    if (rng.chance(size > 1_000_000 ? 0.03 : 0.0015)) return this.hungUp(client, t, spec, size);
    if (rng.chance(0.0003)) {
      const kind = rng.chance(0.6) ? 'LimitExceeded' : 'CapacityExceeded';
      return this.errorRecord(client, t, spec, { status: 503, result: kind, detailed: kind, slow: false });
    }
    const wouldMiss = rng.chance(1 - spec.res.hitRate);
    if (wouldMiss && rng.chance(this.incident ? 0.4 : 0.001)) {
      const f = rng.pick(ORIGIN_FAILURES);
      return this.errorRecord(client, t, spec, {
        status: f.status,
        result: 'Error',
        detailed: f.detailed,
        slow: f.slow,
      });
    }
    return undefined;
  }

  /** Status 000: the viewer closed the connection after part of the `size` bytes were sent. */
  private hungUp(client: Client, t: number, spec: RequestSpec, size: number): LogRecord {
    const rng = this.rng;
    const response = rng.chance(spec.res.hitRate) ? 'Hit' : 'Miss';
    const sent = Math.floor(size * rng.float() * 0.5);
    const [ttfb, taken] = this.timing(response, sent, client);
    const record = this.base(client, t, spec, 0, 'Error', response, 'ClientCommError');
    record.bytes = sent + (sent > 0 ? 300 : 0);
    record.time_taken = taken;
    record.time_to_first_byte = ttfb;
    record.sc_content_type = sent > 0 ? spec.res.contentType : null;
    return record;
  }

  /** An error the edge or the origin answered instead of the content (a 5xx page). */
  private errorRecord(client: Client, t: number, spec: RequestSpec, f: Failure): LogRecord {
    const rng = this.rng;
    const median = f.result === 'Error' ? 0.4 : 0.001;
    const ttfb = round3(f.slow ? 30 + rng.float() * 0.2 : rng.logNormal(median, 0.8));
    const record = this.base(client, t, spec, f.status, f.result, f.result, f.detailed);
    record.bytes = 380 + rng.int(0, 600);
    record.time_taken = round3(ttfb + rng.float() * 0.003);
    record.time_to_first_byte = ttfb;
    record.sc_content_type = 'text/html';
    record.sc_content_len = 507 + rng.int(0, 400);
    return record;
  }

  private cacheResult(spec: RequestSpec): string {
    const rng = this.rng;
    if (spec.method === 'POST') return 'Miss';
    if (spec.outcome === 'notModified') return rng.chance(0.35) ? 'Hit' : 'RefreshHit';
    const u = rng.float();
    if (u < spec.res.hitRate * 0.96) return 'Hit';
    if (u < spec.res.hitRate) return 'RefreshHit';
    return 'Miss';
  }

  private bodyBytes(spec: RequestSpec, status: number): number {
    return status === 304 ? 0 : requestedBytes(spec);
  }

  /** [time-to-first-byte, time-taken] in seconds, 3 decimals, ttfb <= time-taken. */
  private timing(result: string, body: number, client: Client): [number, number] {
    const rng = this.rng;
    let first: number;
    if (result === 'Hit') first = rng.logNormal(0.002, 0.9);
    else if (result === 'RefreshHit') first = rng.logNormal(0.05, 0.6);
    else first = rng.logNormal(0.11, 0.7);
    const ttfb = round3(Math.min(first, 29));
    const transfer = round3(body / client.bandwidth);
    return [ttfb, round3(ttfb + transfer)];
  }

  /** The fields every record shares; the caller fills bytes, timings and content fields. */
  private base(
    client: Client,
    t: number,
    spec: RequestSpec,
    status: number,
    result: string,
    response: string,
    detailed: string,
  ): LogRecord {
    return {
      date: this.dates.of(t),
      time: timeOf(t),
      location: client.pop,
      bytes: 0,
      request_ip: client.ip,
      method: spec.method,
      host: this.host,
      uri: spec.uri,
      status,
      referrer: spec.referrer,
      user_agent: client.ua,
      query_string: spec.query,
      cookie: null,
      result_type: result,
      request_id: this.requestId(),
      host_header: client.hostHeader,
      request_protocol: spec.https ? 'https' : 'http',
      request_bytes: this.requestBytes(client, spec),
      time_taken: 0,
      xforwarded_for: client.xForwardedFor,
      ssl_protocol: spec.https ? client.tlsProtocol : null,
      ssl_cipher: spec.https ? client.tlsCipher : null,
      response_result_type: response,
      http_version: spec.https ? client.httpVersion : 'HTTP/1.1',
      fle_status: null,
      fle_encrypted_fields: null,
      c_port: client.port,
      time_to_first_byte: 0,
      x_edge_detailed_result_type: detailed,
      sc_content_type: null,
      sc_content_len: null,
      sc_range_start: null,
      sc_range_end: null,
    };
  }

  /** Request header bytes: HTTP/2 and HTTP/3 compress repeated headers after the first request. */
  private requestBytes(client: Client, spec: RequestSpec): number {
    const rng = this.rng;
    const ua = client.ua?.length ?? 0;
    let n: number;
    if (client.httpVersion === 'HTTP/1.1' || !spec.https) n = 180 + ua + rng.int(0, 350);
    else if (client.sent <= 1) n = 300 + rng.int(0, 260);
    else n = 50 + rng.int(0, 110);
    if (spec.method === 'POST') n += rng.int(150, 900);
    return Math.min(2000, n);
  }

  private requestId(): string {
    return randomRequestId(this.rng, this.idBytes);
  }
}
