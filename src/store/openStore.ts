import { LocalStore } from './LocalStore.js';
import type { Store } from './Store.js';
import type { StoreConfig } from './storeConfig.js';

/** The store adapter for a config. The AWS SDK is loaded only for an S3 store. */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.kind === 'local') return new LocalStore(config.root);
  const { S3Store } = await import('./S3Store.js');
  return new S3Store({ bucket: config.bucket, prefix: config.prefix });
}
