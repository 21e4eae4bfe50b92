import type { AnonymizeBits } from '../format/address/anonymizeAddress.js';
import { type CountryLookup, openCountryLookup } from '../format/address/CountryLookup.js';
import { readPrivacy } from '../store/privacy.js';
import type { Store } from '../store/Store.js';

/** How a writer anonymises the rows it curates, when the store asks for it. */
export interface StorePrivacy {
  readonly bits: Exclude<AnonymizeBits, 0>;
  readonly countries: CountryLookup;
  /** The clock deciding which days' salts are still kept. */
  readonly now: Date;
}

/**
 * The anonymisation a store's settings ask of its writers, or undefined when it keeps addresses
 * in clear. `countries` opens the country lookup (default: DB-IP Lite, shipped); it is opened
 * only when the store anonymises.
 */
export async function storePrivacy(
  store: Store,
  now: Date,
  countries: () => Promise<CountryLookup> = () => openCountryLookup(),
): Promise<StorePrivacy | undefined> {
  const { anonymizeIp } = await readPrivacy(store);
  if (anonymizeIp === 0) return undefined;
  return { bits: anonymizeIp, countries: await countries(), now };
}
