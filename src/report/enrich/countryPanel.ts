import type { CountryLookup } from '../../format/address/CountryLookup.js';
import type { CountryRow } from '../model.js';

const EQUALS = 61;

/** Lines looked up between two yields to the event loop. */
const SLICE = 50_000;

const NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/** The English name of an ISO country code (`DE` → `Germany`); `Unknown` for null. */
export function countryName(code: string | null): string {
  if (code === null) return 'Unknown';
  try {
    return NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Visitors and requests by country, from the packed per-address lines of `visitorsQuery`
 * (`place visitors requests`): each distinct address is looked up once; a place `=CC` is a country
 * looked up on import, before the address was truncated (`=` alone: unknown).
 * Addresses that are not in the database, or not addresses, count under `Unknown`. A busy month
 * has millions of lines, so they are read in place, without splitting the text, and the work
 * yields to the event loop every `SLICE` lines so that queries waiting on the engine get going.
 */
export async function countryPanel(packed: string | null, lookup: CountryLookup): Promise<CountryRow[]> {
  const byCountry = new Map<string | null, { visitors: number; requests: number }>();
  const text = packed ?? '';
  let lines = 0;
  for (let start = 0; start < text.length; ) {
    if (++lines % SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    const next = text.indexOf('\n', start);
    const end = next < 0 ? text.length : next;
    const second = text.lastIndexOf(' ', end - 1);
    const first = second > start ? text.lastIndexOf(' ', second - 1) : -1;
    if (first > start) {
      const country =
        text.charCodeAt(start) === EQUALS
          ? text.slice(start + 1, first) || null
          : lookup.country(text.slice(start, first));
      let row = byCountry.get(country);
      if (row === undefined) {
        row = { visitors: 0, requests: 0 };
        byCountry.set(country, row);
      }
      row.visitors += digits(text, first + 1, second);
      row.requests += digits(text, second + 1, end);
    }
    start = end + 1;
  }
  return [...byCountry]
    .map(([country, row]) => ({ country, name: countryName(country), ...row }))
    .sort((a, b) => b.visitors - a.visitors || b.requests - a.requests || a.name.localeCompare(b.name));
}

/** The whole number written in `text` from `start` to `end`. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}
