import * as path from 'node:path';
import { type CountryResponse, open, type Reader } from 'maxmind';
import { InputError } from '../../util/errors.js';
import type { CountryLookup } from './CountryLookup.js';

/** Countries from a MaxMind (or compatible) `.mmdb` database file: GeoLite2/GeoIP2 Country or City. */
export class MaxMindCountryLookup implements CountryLookup {
  private constructor(
    private readonly reader: Reader<CountryResponse>,
    readonly source: string,
  ) {}

  /** Opens the file; an unreadable or invalid file is an `InputError` naming it. */
  static async open(file: string): Promise<MaxMindCountryLookup> {
    try {
      const reader = await open<CountryResponse>(file);
      return new MaxMindCountryLookup(reader, `MaxMind database ${path.basename(file)}`);
    } catch (error) {
      throw new InputError(
        `cannot read the GeoIP database ${file}: ${(error as Error).message}`,
        'Give a MaxMind .mmdb file (GeoLite2-Country.mmdb), or leave --geoip-db out to use DB-IP Lite.',
        { cause: error },
      );
    }
  }

  get edition(): string {
    return `${this.reader.metadata.databaseType} ${this.reader.metadata.buildEpoch.toISOString()}`;
  }

  country(ip: string): string | null {
    try {
      const found = this.reader.get(ip);
      return found?.country?.iso_code ?? found?.registered_country?.iso_code ?? null;
    } catch {
      return null;
    }
  }
}
