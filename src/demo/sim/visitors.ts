import type { Device } from './agents.js';
import type { Random } from './random.js';
import type { Client } from './requestSpec.js';
import type { SiteModel } from './siteModel.js';

/**
 * Human visitors (an address, a browser, the POP that serves them) and the connections they
 * open. Visitors are remembered so some come back on later days with the same address and
 * browser, and find parts of the site in their cache.
 */

export interface Visitor {
  readonly ip: string;
  readonly ua: string;
  readonly device: Device;
  readonly http3: number;
  readonly pop: string;
  readonly hostIndex: number;
  /** Download speed in bytes per second. */
  readonly bandwidth: number;
  readonly xForwardedFor: string | null;
  /** When the visitor was last on the site (ms), and which build it loaded then. */
  lastSeen: number;
  build: number;
}

/** A new visitor from a country active at UTC hour `hourOfDay`. */
export function newVisitor(rng: Random, model: SiteModel, hourOfDay: number): Visitor {
  const country = (model.countriesByHour[hourOfDay] ?? model.countriesByHour[0])?.pick(rng);
  if (!country) throw new Error('site model has no visitor countries');
  const v6 = country.ipv6.length > 0 && rng.chance(country.def.ipv6Share);
  const browser = model.browsers.pick(rng);
  const mobile = browser.device === 'mobile';
  return {
    ip: rng.pick(v6 ? country.ipv6 : country.ipv4).random(rng),
    ua: browser.ua,
    device: browser.device,
    http3: browser.http3,
    pop: country.pops.pick(rng),
    hostIndex: model.hostHeaders.pick(rng),
    bandwidth: rng.logNormal(mobile ? 1_500_000 : 5_000_000, 0.8),
    xForwardedFor: rng.chance(0.004) ? `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}` : null,
    lastSeen: 0,
    build: -1,
  };
}

/** A bounded memory of past visitors; the oldest are forgotten first. */
export class VisitorPool {
  private readonly visitors: Visitor[] = [];
  private next = 0;

  constructor(private readonly size = 5_000) {}

  remember(visitor: Visitor): void {
    if (this.visitors.length < this.size) this.visitors.push(visitor);
    else this.visitors[this.next] = visitor;
    this.next = (this.next + 1) % this.size;
  }

  /** A visitor last seen before `before`, or undefined (none yet, or the one drawn is too recent). */
  returning(rng: Random, before: number): Visitor | undefined {
    if (this.visitors.length === 0) return undefined;
    const v = rng.pick(this.visitors);
    return v.lastSeen < before ? v : undefined;
  }
}

const TLS13 = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
];
const TLS12 = ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-CHACHA20-POLY1305'];

/** An ephemeral client port: mostly the OS range, sometimes anything a NAT picked. */
export function ephemeralPort(rng: Random): number {
  return rng.chance(0.3) ? rng.int(1024, 65535) : rng.int(49152, 65535);
}

export interface ConnectOptions {
  readonly ip: string;
  readonly ua: string | null;
  readonly pop: string;
  readonly hostHeader: string;
  /** Share of connections over HTTP/2 and over HTTP/3; the rest are HTTP/1.1. */
  readonly http2: number;
  readonly http3: number;
  readonly bandwidth: number;
  readonly xForwardedFor?: string | null;
}

/** A new connection: port, HTTP version and TLS parameters (HTTP/3 always runs TLSv1.3). */
export function connect(rng: Random, o: ConnectOptions): Client {
  const u = rng.float();
  const httpVersion = u < o.http3 ? 'HTTP/3.0' : u < o.http3 + o.http2 ? 'HTTP/2.0' : 'HTTP/1.1';
  const tls13 = httpVersion === 'HTTP/3.0' || rng.chance(0.92);
  return {
    ip: o.ip,
    ua: o.ua,
    pop: o.pop,
    hostHeader: o.hostHeader,
    httpVersion,
    tlsProtocol: tls13 ? 'TLSv1.3' : 'TLSv1.2',
    tlsCipher: tls13 ? rng.pick(TLS13) : rng.pick(TLS12),
    bandwidth: o.bandwidth,
    xForwardedFor: o.xForwardedFor ?? null,
    port: ephemeralPort(rng),
    sent: 0,
  };
}

/** The connection a visitor's browser opens. */
export function connectVisitor(rng: Random, model: SiteModel, v: Visitor): Client {
  return connect(rng, {
    ip: v.ip,
    ua: v.ua,
    pop: v.pop,
    hostHeader: model.hostNames[v.hostIndex] ?? '',
    http2: 1 - v.http3 - 0.04,
    http3: v.http3,
    bandwidth: v.bandwidth,
    xForwardedFor: v.xForwardedFor,
  });
}
