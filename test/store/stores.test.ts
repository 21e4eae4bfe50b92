import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { LocalStore } from '../../src/store/LocalStore.js';
import { S3Store } from '../../src/store/S3Store.js';
import { tempDir } from '../helpers.js';
import { type LocalS3, startLocalS3 } from '../support/s3Server.js';
import { storeContract } from './storeContract.js';

describe('LocalStore', () => {
  storeContract(async () => {
    const root = path.join(await tempDir(), 'store');
    return { store: new LocalStore(root), holderArgs: (staleMs) => ['local', root, String(staleMs)] };
  });
});

describe('S3Store on a local S3 server', () => {
  let s3: LocalS3;
  let n = 0;
  before(async () => {
    s3 = await startLocalS3(['logs']);
  });
  after(async () => {
    await s3.stop();
  });
  storeContract(async () => {
    const prefix = `p${++n}/`;
    const store = new S3Store({ bucket: 'logs', prefix, client: s3.client, localDir: await tempDir() });
    return { store, holderArgs: (staleMs) => ['s3', 'logs', prefix, String(staleMs)], env: s3.env };
  });
});
