import { CURATED_PREFIX } from '../store/keys.js';
import { type PrivacySettings, type PrivacyState, readPrivacy, writePrivacy } from '../store/privacy.js';
import type { Store } from '../store/Store.js';

/**
 * Makes the store's settings the deployment's (when it gives some): written only when they
 * differ, with a rewrite of the curated days pending when addresses are to be truncated more
 * than before and the store holds days. Returns the store's settings as they now are.
 */
export async function applyDeployedPrivacy(
  store: Store,
  deployed: PrivacySettings | undefined,
): Promise<PrivacyState> {
  const current = await readPrivacy(store);
  if (deployed === undefined) return current;
  const same =
    deployed.anonymizeIp === current.anonymizeIp &&
    deployed.rawDays === current.rawDays &&
    deployed.keepMonths === current.keepMonths;
  if (same) return current;
  const stricter = deployed.anonymizeIp > current.anonymizeIp;
  const days = stricter ? (await store.list(CURATED_PREFIX)).length : 0;
  const state = { ...deployed, rewritePending: current.rewritePending || days > 0 };
  await writePrivacy(store, state);
  return state;
}
