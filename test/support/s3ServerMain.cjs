// A local S3 server for tests: s3rver, plus the conditional writes S3 has had since 2024 and
// s3rver lacks (PUT with If-None-Match: * or If-Match: <etag>, DELETE with If-Match), checked and
// applied under one lock per key so that two writers racing on one key see S3's answers: one wins,
// the other gets 412 PreconditionFailed. Prints the port on stdout, then serves until killed.
// Run with `node --openssl-legacy-provider` (s3rver's list continuation tokens need it).
const S3rver = require('s3rver');

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  port: 0,
  address: '127.0.0.1',
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name, configs: [] })),
});

const chains = new Map();
function serialized(key, work) {
  const previous = chains.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  chains.set(
    key,
    next.catch(() => {}),
  );
  return next;
}

async function currentEtag(store, bucket, key) {
  const object = await store.getObject(bucket, key, {});
  if (!object) return undefined;
  object.content?.destroy();
  return object.metadata.etag;
}

function preconditionFailed(ctx) {
  ctx.status = 412;
  ctx.type = 'application/xml';
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code>' +
    '<Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-Match</Condition></Error>';
}

server.middleware.unshift(async (ctx, next) => {
  const noneMatch = ctx.get('if-none-match');
  const match = ctx.get('if-match');
  const conditional = (ctx.method === 'PUT' && (noneMatch || match)) || (ctx.method === 'DELETE' && match);
  const parts = ctx.path.split('/').filter(Boolean);
  if (!conditional || parts.length < 2 || ctx.querystring.includes('uploadId')) return next();
  const bucket = decodeURIComponent(parts[0]);
  const key = parts.slice(1).map(decodeURIComponent).join('/');
  return serialized(`${bucket}/${key}`, async () => {
    const etag = await currentEtag(server.store, bucket, key);
    if (noneMatch === '*' && etag !== undefined) return preconditionFailed(ctx);
    if (match && match !== etag) return preconditionFailed(ctx);
    return next();
  });
});

server.run().then(({ port }) => {
  process.stdout.write(`${port}\n`);
});
