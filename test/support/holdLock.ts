// Takes a store's write lock and holds it until killed: a crashed lock holder, for tests.
// Usage: holdLock.ts local <folder> <staleMs> | holdLock.ts s3 <bucket> <prefix> <staleMs>
import { LocalStore } from '../../src/store/LocalStore.js';
import { S3Store } from '../../src/store/S3Store.js';

const [kind, where, ...rest] = process.argv.slice(2);
const store =
  kind === 'local'
    ? new LocalStore(where as string)
    : new S3Store({ bucket: where as string, prefix: rest.shift() ?? '' });
await store.lock('write', { staleMs: Number(rest[0]) });
process.stdout.write('locked\n');
setInterval(() => {}, 1 << 30);
