/**
 * Where the simulated visitors come from: countries with their share of human visits, a UTC
 * offset for the daily rhythm, real public address blocks of big access ISPs of that country
 * (large, long-stable allocations, so a geo lookup maps them to the right country), and the
 * CloudFront POPs near them.
 */

export interface VisitorCountry {
  /** ISO 3166-1 alpha-2 code. */
  readonly code: string;
  /** Relative share of human visits. */
  readonly weight: number;
  /** Hours to add to UTC to get the local time that drives the daily rhythm. */
  readonly utcOffset: number;
  /** IPv4 blocks (CIDR) of access ISPs in the country. */
  readonly ipv4: readonly string[];
  /** IPv6 blocks (CIDR); empty where the simulator keeps the country on IPv4. */
  readonly ipv6: readonly string[];
  /** Share of the country's visitors that come over IPv6. */
  readonly ipv6Share: number;
  /** POP codes that serve the country, with relative weights. */
  readonly pops: readonly (readonly [string, number])[];
}

export const VISITOR_COUNTRIES = [
  {
    code: 'US',
    weight: 30,
    utcOffset: -6,
    ipv4: [
      '73.0.0.0/8', // Comcast
      '98.192.0.0/10', // Comcast
      '174.192.0.0/10', // Verizon Wireless
      '172.32.0.0/11', // T-Mobile USA
    ],
    ipv6: [
      '2601::/20', // Comcast
      '2600:1700::/28', // AT&T
      '2607:fb90::/32', // T-Mobile USA
    ],
    ipv6Share: 0.18,
    pops: [
      ['IAD89-C1', 8],
      ['IAD66-C2', 4],
      ['JFK50-P2', 5],
      ['EWR53-C2', 3],
      ['BOS50-C1', 2],
      ['ATL56-C1', 4],
      ['MIA3-C3', 3],
      ['ORD52-C2', 5],
      ['DFW56-P1', 4],
      ['DEN52-C1', 2],
      ['PHX50-C1', 2],
      ['LAX3-C4', 5],
      ['SFO53-C1', 4],
      ['SEA19-C1', 3],
      ['SEA19-C2', 1],
    ],
  },
  {
    code: 'DE',
    weight: 7,
    utcOffset: 1,
    ipv4: [
      '79.192.0.0/10', // Deutsche Telekom
      '91.0.0.0/10', // Deutsche Telekom
      '93.192.0.0/10', // Deutsche Telekom
    ],
    ipv6: [
      '2003::/19', // Deutsche Telekom
      '2a02:8108::/32', // Vodafone Deutschland (cable)
    ],
    ipv6Share: 0.25,
    pops: [
      ['FRA56-P5', 6],
      ['FRA60-P1', 3],
      ['MUC50-P3', 2],
      ['TXL52-P1', 2],
      ['HAM50-P1', 1],
      ['DUS51-C1', 2],
    ],
  },
  {
    code: 'GB',
    weight: 7,
    utcOffset: 0,
    ipv4: [
      '86.128.0.0/10', // BT
      '90.192.0.0/11', // Sky UK
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [
      ['LHR61-C2', 6],
      ['LHR50-P3', 3],
      ['MAN51-C1', 2],
    ],
  },
  {
    code: 'IN',
    weight: 7,
    utcOffset: 5.5,
    ipv4: [
      '122.160.0.0/12', // Bharti Airtel
      '117.192.0.0/10', // BSNL
    ],
    ipv6: [
      '2409:4000::/22', // Reliance Jio
    ],
    ipv6Share: 0.3,
    pops: [
      ['BOM78-P4', 4],
      ['DEL54-C4', 3],
      ['MAA50-C2', 2],
      ['BLR50-C1', 2],
    ],
  },
  {
    code: 'FR',
    weight: 4,
    utcOffset: 1,
    ipv4: [
      '90.0.0.0/9', // Orange
      '92.128.0.0/10', // Orange
      '78.192.0.0/10', // Free
    ],
    ipv6: [
      '2a01:cb00::/24', // Orange
      '2a01:e00::/26', // Free
    ],
    ipv6Share: 0.3,
    pops: [
      ['CDG52-P2', 5],
      ['CDG50-C1', 2],
      ['MRS52-P1', 1],
    ],
  },
  {
    code: 'CA',
    weight: 4,
    utcOffset: -5,
    ipv4: [
      '99.224.0.0/11', // Rogers
      '184.144.0.0/12', // Bell Canada
      '24.64.0.0/13', // Shaw
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [
      ['YTO50-C1', 4],
      ['YUL62-C1', 2],
      ['YVR52-P1', 2],
    ],
  },
  {
    code: 'JP',
    weight: 3,
    utcOffset: 9,
    ipv4: [
      '126.0.0.0/8', // SoftBank
      '49.96.0.0/12', // NTT docomo
      '106.128.0.0/11', // KDDI (au)
    ],
    ipv6: [
      '2409:10::/28', // SoftBank
    ],
    ipv6Share: 0.25,
    pops: [
      ['NRT57-C2', 5],
      ['NRT20-P1', 2],
      ['KIX56-P1', 2],
    ],
  },
  {
    code: 'BR',
    weight: 3,
    utcOffset: -3,
    ipv4: [
      '177.0.0.0/11', // NIC.br space (Vivo, Claro and others)
      '189.0.0.0/11', // NIC.br space (Claro NET, Vivo and others)
    ],
    ipv6: [
      '2804::/16', // NIC.br
    ],
    ipv6Share: 0.2,
    pops: [
      ['GRU3-C1', 4],
      ['GIG51-C1', 2],
    ],
  },
  {
    code: 'NL',
    weight: 3,
    utcOffset: 1,
    ipv4: [
      '94.208.0.0/12', // Ziggo
      '83.160.0.0/14', // KPN (XS4ALL)
    ],
    ipv6: [
      '2001:1c00::/23', // Ziggo
    ],
    ipv6Share: 0.2,
    pops: [['AMS54-C1', 1]],
  },
  {
    code: 'AU',
    weight: 3,
    utcOffset: 10,
    ipv4: [
      '1.128.0.0/11', // Telstra
    ],
    ipv6: [
      '2001:8003::/32', // Telstra
    ],
    ipv6Share: 0.2,
    pops: [
      ['SYD62-P2', 4],
      ['SYD1-C2', 1],
      ['MEL50-C2', 3],
      ['PER50-C1', 1],
    ],
  },
  {
    code: 'ES',
    weight: 2,
    utcOffset: 1,
    ipv4: [
      '88.0.0.0/11', // Telefónica (Movistar)
      '83.32.0.0/11', // Telefónica (Movistar)
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [
      ['MAD53-C1', 3],
      ['BCN50-P1', 2],
    ],
  },
  {
    code: 'IT',
    weight: 2,
    utcOffset: 1,
    ipv4: [
      '79.0.0.0/10', // TIM (Telecom Italia)
      '87.0.0.0/11', // TIM (Telecom Italia)
      '93.32.0.0/11', // Fastweb
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [
      ['MXP63-P1', 3],
      ['FCO50-P1', 2],
    ],
  },
  {
    code: 'PL',
    weight: 2,
    utcOffset: 1,
    ipv4: [
      '83.0.0.0/11', // Orange Polska
      '79.184.0.0/13', // Orange Polska
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [['WAW51-P4', 1]],
  },
  {
    code: 'MX',
    weight: 1.5,
    utcOffset: -6,
    ipv4: [
      '189.128.0.0/11', // Telmex (Uninet)
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [
      ['QRO51-P1', 3],
      ['DFW56-P1', 1],
    ],
  },
  {
    code: 'SE',
    weight: 1.5,
    utcOffset: 1,
    ipv4: [
      '81.224.0.0/12', // Telia
      '78.64.0.0/12', // Telia
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [
      ['ARN54-C1', 4],
      ['HEL51-P6', 1],
    ],
  },
  {
    code: 'KR',
    weight: 1.5,
    utcOffset: 9,
    ipv4: [
      '121.128.0.0/10', // KT
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [['ICN57-C1', 1]],
  },
  {
    code: 'SG',
    weight: 1.2,
    utcOffset: 8,
    ipv4: [
      '116.14.0.0/15', // Singtel (SingNet)
      '42.60.0.0/15', // Singtel (SingNet)
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [
      ['SIN52-C2', 3],
      ['SIN2-P2', 1],
    ],
  },
  {
    code: 'CH',
    weight: 1.2,
    utcOffset: 1,
    ipv4: [
      '85.0.0.0/13', // Swisscom
      '178.192.0.0/13', // Swisscom
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [
      ['ZRH50-C1', 3],
      ['MXP63-P1', 1],
    ],
  },
  {
    code: 'IL',
    weight: 1,
    utcOffset: 2,
    ipv4: [
      '79.176.0.0/13', // Bezeq
      '84.108.0.0/14', // Bezeq
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [['TLV50-C2', 1]],
  },
  {
    code: 'TW',
    weight: 1,
    utcOffset: 8,
    ipv4: [
      '36.224.0.0/12', // Chunghwa Telecom (HiNet)
      '114.32.0.0/12', // Chunghwa Telecom (HiNet)
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [['TPE52-C1', 1]],
  },
  {
    code: 'AT',
    weight: 1,
    utcOffset: 1,
    ipv4: [
      '62.46.0.0/15', // A1 Telekom Austria
      '80.120.0.0/14', // A1 Telekom Austria
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [
      ['VIE50-C1', 3],
      ['MUC50-P3', 1],
    ],
  },
  {
    code: 'BE',
    weight: 1,
    utcOffset: 1,
    ipv4: [
      '84.192.0.0/11', // Telenet
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [
      ['BRU50-C1', 2],
      ['AMS54-C1', 1],
    ],
  },
  {
    code: 'ZA',
    weight: 0.8,
    utcOffset: 2,
    ipv4: [
      '41.0.0.0/11', // South African mobile and DSL operators
      '105.224.0.0/14', // South African mobile and DSL operators
    ],
    ipv6: [],
    ipv6Share: 0,
    pops: [
      ['JNB50-C1', 3],
      ['CPT52-C1', 1],
    ],
  },
] as const satisfies readonly VisitorCountry[];
