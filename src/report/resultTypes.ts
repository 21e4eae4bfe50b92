import type { CacheOutcome } from './model.js';

/**
 * Every CloudFront result type (`x-edge-result-type`, and `x-edge-detailed-result-type` where it
 * says more), what it means, and how the cache hit ratio counts it: `hit` (served from a
 * CloudFront cache), `miss` (fetched from the origin), `none` (never reached the cache decision:
 * errors, redirects, refusals, function responses; left out of the ratio).
 */
export const RESULT_TYPES: readonly { name: string; cache: CacheOutcome; meaning: string }[] = [
  { name: 'Hit', cache: 'hit', meaning: 'served from the edge cache' },
  {
    name: 'RefreshHit',
    cache: 'hit',
    meaning: 'in the edge cache but stale; the origin confirmed it unchanged and the cached copy was served',
  },
  {
    name: 'OriginShieldHit',
    cache: 'hit',
    meaning: 'detailed type of a Miss: not at the edge, served from the Origin Shield regional cache',
  },
  { name: 'Miss', cache: 'miss', meaning: 'not in any cache; fetched from the origin' },
  {
    name: 'Error',
    cache: 'none',
    meaning:
      'an error response: a client error (4xx), an origin error (5xx) or a viewer that went away; the detailed type (ClientCommError, InvalidRequest, OriginConnectError, OriginDnsError, OriginReadError, ...) says which',
  },
  { name: 'Redirect', cache: 'none', meaning: 'redirected from HTTP to HTTPS by the viewer protocol policy' },
  {
    name: 'FunctionGeneratedResponse',
    cache: 'none',
    meaning: 'answered by a CloudFront Function (e.g. a redirect) without the cache or the origin',
  },
  { name: 'LimitExceeded', cache: 'none', meaning: 'refused because a CloudFront quota was exceeded' },
  {
    name: 'CapacityExceeded',
    cache: 'none',
    meaning: 'refused with 503 because the edge location lacked capacity',
  },
];

/** How the cache hit ratio counts a request with these result types. */
export function cacheOutcome(resultType: string | null, detailed: string | null): CacheOutcome {
  if (detailed === 'OriginShieldHit') return 'hit';
  if (resultType === 'Hit' || resultType === 'RefreshHit') return 'hit';
  return resultType === 'Miss' ? 'miss' : 'none';
}
