/**
 * The vocabulary of simulated requests: what is asked for (a resource), by whom over which
 * connection (a client), and what happened before failures are injected (an outcome).
 */

/** What happened to a request, before failures are injected. */
export type Outcome =
  | 'ok'
  | 'notModified'
  | 'partial'
  | 'redirectHttps'
  | 'redirectFunction'
  | 'redirectOrigin'
  | 'notFound'
  | 'forbidden'
  | 'badRequest'
  | 'noContent';

/** A file the site serves, with how it is cached and logged. */
export interface Resource {
  readonly path: string;
  readonly contentType: string;
  /** Body bytes as served. */
  readonly bytes: number;
  /** Share of requests answered from the edge cache. */
  readonly hitRate: number;
  /** Whether the response carries a Content-Length (then `sc-content-len` is logged). */
  readonly contentLength: boolean;
}

/** The viewer side of a request: who asks, over which connection, through which POP. */
export interface Client {
  readonly ip: string;
  readonly ua: string | null;
  readonly pop: string;
  readonly hostHeader: string;
  readonly httpVersion: string;
  readonly tlsProtocol: string;
  readonly tlsCipher: string;
  /** Download speed in bytes per second. */
  readonly bandwidth: number;
  readonly xForwardedFor: string | null;
  port: number;
  /** Requests sent so far on the current connection (the first HTTP/2 request is larger). */
  sent: number;
}

export interface RequestSpec {
  readonly uri: string;
  readonly query: string | null;
  readonly method: string;
  readonly referrer: string | null;
  readonly res: Resource;
  readonly outcome: Outcome;
  /** Overrides the status the outcome implies (301 or 302 for redirects). */
  readonly status?: number;
  readonly https: boolean;
  /** Byte range for `partial` (both inclusive). */
  readonly range?: { readonly start: number; readonly end: number };
}
