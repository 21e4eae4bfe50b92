/**
 * CloudFront edge locations. An `x-edge-location` value such as `SEA19-C1` starts with three
 * letters that usually name a nearby IATA airport; the table maps that prefix to the city and
 * ISO country of the POP. The POP is where the request was served, not where the viewer is.
 * Reports reuse this table to show `x-edge-location` as a city.
 */

export interface EdgeLocation {
  readonly city: string;
  /** ISO 3166-1 alpha-2 code of the country the POP is in. */
  readonly country: string;
}

/** Edge-location prefix (three letters) to city and country. */
export const EDGE_LOCATIONS = {
  IAD: { city: 'Ashburn', country: 'US' },
  JFK: { city: 'New York', country: 'US' },
  EWR: { city: 'Newark', country: 'US' },
  BOS: { city: 'Boston', country: 'US' },
  ATL: { city: 'Atlanta', country: 'US' },
  MIA: { city: 'Miami', country: 'US' },
  ORD: { city: 'Chicago', country: 'US' },
  DFW: { city: 'Dallas', country: 'US' },
  DEN: { city: 'Denver', country: 'US' },
  PHX: { city: 'Phoenix', country: 'US' },
  LAX: { city: 'Los Angeles', country: 'US' },
  SFO: { city: 'San Francisco', country: 'US' },
  SEA: { city: 'Seattle', country: 'US' },
  YTO: { city: 'Toronto', country: 'CA' },
  YUL: { city: 'Montreal', country: 'CA' },
  YVR: { city: 'Vancouver', country: 'CA' },
  QRO: { city: 'Querétaro', country: 'MX' },
  GRU: { city: 'São Paulo', country: 'BR' },
  GIG: { city: 'Rio de Janeiro', country: 'BR' },
  LHR: { city: 'London', country: 'GB' },
  MAN: { city: 'Manchester', country: 'GB' },
  DUB: { city: 'Dublin', country: 'IE' },
  CDG: { city: 'Paris', country: 'FR' },
  MRS: { city: 'Marseille', country: 'FR' },
  FRA: { city: 'Frankfurt', country: 'DE' },
  MUC: { city: 'Munich', country: 'DE' },
  TXL: { city: 'Berlin', country: 'DE' },
  HAM: { city: 'Hamburg', country: 'DE' },
  DUS: { city: 'Düsseldorf', country: 'DE' },
  AMS: { city: 'Amsterdam', country: 'NL' },
  BRU: { city: 'Brussels', country: 'BE' },
  MAD: { city: 'Madrid', country: 'ES' },
  BCN: { city: 'Barcelona', country: 'ES' },
  MXP: { city: 'Milan', country: 'IT' },
  FCO: { city: 'Rome', country: 'IT' },
  ZRH: { city: 'Zurich', country: 'CH' },
  VIE: { city: 'Vienna', country: 'AT' },
  WAW: { city: 'Warsaw', country: 'PL' },
  ARN: { city: 'Stockholm', country: 'SE' },
  HEL: { city: 'Helsinki', country: 'FI' },
  TLV: { city: 'Tel Aviv', country: 'IL' },
  DXB: { city: 'Dubai', country: 'AE' },
  BOM: { city: 'Mumbai', country: 'IN' },
  DEL: { city: 'New Delhi', country: 'IN' },
  MAA: { city: 'Chennai', country: 'IN' },
  BLR: { city: 'Bengaluru', country: 'IN' },
  SIN: { city: 'Singapore', country: 'SG' },
  HKG: { city: 'Hong Kong', country: 'HK' },
  NRT: { city: 'Tokyo', country: 'JP' },
  KIX: { city: 'Osaka', country: 'JP' },
  ICN: { city: 'Seoul', country: 'KR' },
  TPE: { city: 'Taipei', country: 'TW' },
  SYD: { city: 'Sydney', country: 'AU' },
  MEL: { city: 'Melbourne', country: 'AU' },
  PER: { city: 'Perth', country: 'AU' },
  JNB: { city: 'Johannesburg', country: 'ZA' },
  CPT: { city: 'Cape Town', country: 'ZA' },
} as const satisfies Record<string, EdgeLocation>;

export type EdgePrefix = keyof typeof EDGE_LOCATIONS;

/**
 * The city and country of an `x-edge-location` code (`SEA19-C1`, `LAX1`, `FRA56-P5`), read from
 * its first three letters; undefined for an unknown or malformed code.
 */
export function edgeLocation(code: string): EdgeLocation | undefined {
  const prefix = code.slice(0, 3).toUpperCase();
  return Object.hasOwn(EDGE_LOCATIONS, prefix) ? EDGE_LOCATIONS[prefix as EdgePrefix] : undefined;
}
