import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { BrokenDownload, download } from '../../src/collect/download.js';
import { tempDir } from '../helpers.js';

const CSV = 'date,time,x-edge-location,sc-bytes,c-ip\n2026-11-20,00:00:05,IAD66-C2,561,185.191.171.123\n';

/** A server whose paths say what to answer. */
function startServer(): Promise<{ base: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const hops = Number(url.searchParams.get('hops') ?? 0);
    if (url.pathname === '/redirect' && hops > 0) {
      response.writeHead(307, { location: `/redirect?hops=${hops - 1}` }).end();
    } else if (url.pathname === '/loop') {
      response.writeHead(302, { location: '/loop' }).end();
    } else if (url.pathname === '/gone') {
      response.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
    } else if (url.pathname === '/gzip') {
      const body = gzipSync(CSV);
      response.writeHead(200, { 'content-length': body.length, 'content-encoding': 'gzip' }).end(body);
    } else if (url.pathname === '/short') {
      response.writeHead(200, { 'content-length': CSV.length + 100 });
      response.write(CSV, () => response.destroy());
    } else {
      response.writeHead(200, { 'content-length': Buffer.byteLength(CSV) }).end(CSV);
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

describe('download', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let dir: string;
  before(async () => {
    server = await startServer();
    dir = await tempDir();
  });
  after(() => server.close());

  test('returns the body byte for byte when the URL redirects a few times', async () => {
    const target = path.join(dir, 'redirected.csv');
    assert.equal(await download(`${server.base}/redirect?hops=3`, target), Buffer.byteLength(CSV));
    assert.equal(await fs.readFile(target, 'utf8'), CSV);
  });

  test('returns gzip bytes as sent, undecoded, when the server declares a content encoding', async () => {
    const target = path.join(dir, 'encoded.csv');
    await download(`${server.base}/gzip`, target);
    assert.deepEqual(await fs.readFile(target), gzipSync(CSV));
  });

  test('rejects with a BrokenDownload when redirects never end, the answer is an error, or the body is cut', async () => {
    const target = path.join(dir, 'broken.csv');
    await assert.rejects(download(`${server.base}/loop`, target), (error: Error) => {
      assert.ok(error instanceof BrokenDownload);
      assert.match(error.message, /redirected too many times/);
      return true;
    });
    await assert.rejects(download(`${server.base}/gone`, target), /answered HTTP 403/);
    await assert.rejects(download(`${server.base}/short`, target), /the download was cut/);
    await assert.rejects(download('ftp://example.com/logs.csv', target), /not HTTP\(S\) but ftp:/);
    await assert.rejects(download('http://127.0.0.1:1/logs.csv', target), /the download failed/);
  });
});
