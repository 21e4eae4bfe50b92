import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataLines, download, generate, withEmulator } from './support.js';

const START = '2026-11-24T10:00:00Z';
const END = '2026-11-24T10:59:59Z';

test('returns a fetch rejection when a download is cut short of its Content-Length', async () => {
  await withEmulator({}, async ({ client, emulator }) => {
    const url = await generate(client, START, END);
    emulator.failNext('cut');
    const res = await fetch(url);
    assert.equal(res.status, 200);
    const length = Number(res.headers.get('content-length'));
    await assert.rejects(res.text(), TypeError);
    const call = emulator.calls.at(-1);
    assert.equal(call?.fault, 'cut');
    assert.ok((call?.bytes ?? length) < length, `${call?.bytes} of ${length} bytes sent`);
    const again = await download(url);
    assert.equal(again.text.length, length);
    assert.equal(emulator.counters.completeDownloads, 1);
  });
});

test('returns 403 AccessDenied "Request has expired" when the logUrl is used after its lifetime', async () => {
  await withEmulator({ logUrlTtlMs: 60_000 }, async ({ client, clock }) => {
    const url = await generate(client, START, END);
    clock.advance(59_000);
    assert.equal((await download(url)).status, 200);
    clock.advance(2_000);
    const expired = await download(url);
    assert.equal(expired.status, 403);
    assert.equal(expired.headers.get('content-type'), 'application/xml');
    assert.match(expired.text, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    assert.match(expired.text, /<X-Amz-Expires>60<\/X-Amz-Expires>/);
  });
});

test('returns a 0-byte body when the window holds no rows', async () => {
  await withEmulator({}, async ({ client, emulator }) => {
    const url = await generate(client, '2026-11-25T14:00:00Z', '2026-11-25T16:00:00Z');
    emulator.failNext('cut');
    const empty = await download(url);
    assert.equal(empty.status, 200);
    assert.equal(empty.headers.get('content-length'), '0');
    assert.equal(empty.text, '');
    assert.equal(emulator.calls.at(-1)?.fault, undefined, 'an empty download takes no download fault');
  });
});

test('returns a body of the right length with a few bytes changed when a download is corrupted', async () => {
  await withEmulator({}, async ({ client, emulator }) => {
    const url = await generate(client, START, END);
    const good = await download(url);
    emulator.failNext('corrupt');
    const bad = await download(url);
    assert.equal(bad.text.length, good.text.length);
    const changed = [...bad.text].filter((c, i) => c !== good.text[i]).length;
    assert.ok(changed >= 1 && changed <= 3, `${changed} bytes changed`);
    assert.equal(bad.text.split('\n')[0], good.text.split('\n')[0], 'the header is left alone');
  });
});

test('returns the body after a delay and at a limited rate when a download is slow', async () => {
  await withEmulator(
    { slowFirstByteMs: 300, slowBytesPerSecond: 1_000_000 },
    async ({ client, emulator }) => {
      const url = await generate(client, START, END);
      const good = await download(url);
      emulator.failNext('slow');
      const began = performance.now();
      const slow = await download(url);
      assert.ok(performance.now() - began >= 300);
      assert.equal(slow.text, good.text);
    },
  );
});

test('returns 503 SlowDown when a download is unavailable, then the file on the next try', async () => {
  await withEmulator({}, async ({ client, emulator }) => {
    const url = await generate(client, START, END);
    emulator.failNext('unavailable');
    const refused = await download(url);
    assert.equal(refused.status, 503);
    assert.match(refused.text, /<Code>SlowDown<\/Code>/);
    assert.equal((await download(url)).status, 200);
  });
});

test('returns 206 with the asked bytes when a Range is asked, and 416 past the end', async () => {
  await withEmulator({ requestsPerHour: 2_000 }, async ({ client }) => {
    const url = await generate(client, '2026-11-24T09:00:00Z', END);
    const whole = await download(url);
    const size = whole.text.length;
    const cuts = [0, 1_000, Math.floor(size / 2), size - 10, size];
    const parts: string[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const part = await download(url, {
        headers: { range: `bytes=${cuts[i]}-${(cuts[i + 1] as number) - 1}` },
      });
      assert.equal(part.status, 206);
      assert.equal(
        part.headers.get('content-range'),
        `bytes ${cuts[i]}-${(cuts[i + 1] as number) - 1}/${size}`,
      );
      parts.push(part.text);
    }
    assert.equal(parts.join(''), whole.text);
    const tail = await download(url, { headers: { range: 'bytes=-10' } });
    assert.equal(tail.text, whole.text.slice(-10));
    assert.equal((await download(url, { headers: { range: `bytes=${size}-` } })).status, 416);
  });
});

test('returns 404 NoSuchKey when the download token is unknown', async () => {
  await withEmulator({}, async ({ emulator }) => {
    const missing = await download(`${emulator.endpoint}/downloads/nothing-here`);
    assert.equal(missing.status, 404);
    assert.match(missing.text, /<Code>NoSuchKey<\/Code>/);
  });
});

test('returns a Content-Length equal to the bytes and one line a row when a file is downloaded', async () => {
  await withEmulator({}, async ({ client, emulator }) => {
    const res = await fetch(await generate(client, START, END));
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(Number(res.headers.get('content-length')), body.length);
    assert.equal(res.headers.get('content-type'), 'text/csv');
    assert.match(res.headers.get('etag') ?? '', /^"[0-9a-f]{32}-\d+"$/);
    assert.equal(dataLines(body.toString()).length, emulator.calls[0]?.rows);
    assert.equal(emulator.counters.rowsServed, emulator.calls[0]?.rows);
    assert.equal(emulator.counters.bytesServed, body.length);
  });
});
