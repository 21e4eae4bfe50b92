/** Finds the country of a client IP address, offline. */
export interface CountryLookup {
  /** Where the answers come from, for the report's credit line. */
  readonly source: string;
  /**
   * Which edition of the data answers (a release or build date), where known: day summaries keep
   * countries looked up once, and are made again when it changes.
   */
  readonly edition?: string;
  /** ISO 3166-1 alpha-2 code of the address's country, or null when unknown or not an address. */
  country(ip: string): string | null;
}

/**
 * The lookup to use: a MaxMind `.mmdb` file when one is given (from `--geoip-db` or
 * `AMPLIFY_LOGS_GEOIP_DB`), else the DB-IP Lite tables shipped in `@ip-location-db/dbip-country`.
 * Each is loaded only here, when a report needs countries. Rejects when the file cannot be read.
 */
export async function openCountryLookup(mmdbFile?: string): Promise<CountryLookup> {
  if (mmdbFile !== undefined) {
    const { MaxMindCountryLookup } = await import('./MaxMindCountryLookup.js');
    return MaxMindCountryLookup.open(mmdbFile);
  }
  const { DbipCountryLookup } = await import('./DbipCountryLookup.js');
  return new DbipCountryLookup();
}
