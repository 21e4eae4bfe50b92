import { AppError } from '../errors.js';
import { LocalStore } from '../store/LocalStore.js';
import type { Store } from '../store/Store.js';
import type { StoreConfig } from './config.js';

/** The store adapter for a config. The AWS SDK is loaded only for an S3 store. */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.kind === 'local') return new LocalStore(config.root);
  throw new AppError(
    'STORE',
    `s3://${config.bucket}/${config.prefix}: the S3 store is not available in this version`,
  );
}
