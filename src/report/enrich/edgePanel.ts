import { edgeLocation } from '../../format/edgeLocations.js';
import type { EdgeLocationRow, ValueRow } from '../model.js';

/**
 * Requests and bytes by edge location, from counts by POP prefix (the first three letters of
 * `x-edge-location`), with the city and country of the POP. A prefix the table does not know keeps
 * its code with no city. The POP is where CloudFront served the request, not where the viewer is.
 */
export function edgePanel(prefixes: readonly ValueRow[]): EdgeLocationRow[] {
  return prefixes
    .map(({ value: code, requests, bytes }) => {
      const place = code === null ? undefined : edgeLocation(code);
      return { code, city: place?.city ?? null, country: place?.country ?? null, requests, bytes };
    })
    .sort((a, b) => b.requests - a.requests || (a.code ?? '').localeCompare(b.code ?? ''));
}
