import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { prepareFile, type RawCodec } from '../../src/ingest/prepareFile.js';
import { tempDir } from '../helpers.js';
import { amplifyCsv, logLines } from './logText.js';

/** A read size small enough for a few megabytes to take many reads, so both read buffers turn over. */
const CHUNK = 65536;

async function prepared(content: Buffer, codec: RawCodec = 'gzip') {
  const dir = await tempDir();
  const source = path.join(dir, 'input.csv');
  await fs.writeFile(source, content);
  const file = await prepareFile(source, path.join(dir, 'work'), CHUNK, codec);
  const raw = await file.raw;
  return { file, raw, source };
}

describe('prepareFile on a plain file read in many chunks', () => {
  test('keeps a gzip copy that holds exactly the input, and hashes the input', async () => {
    // Every line differs, so a chunk overwritten before it was compressed would show.
    const content = Buffer.from(amplifyCsv(logLines(30000)));
    assert.ok(content.length > 50 * CHUNK);
    const { file, raw, source } = await prepared(content);
    assert.equal(raw.isWorkFile, true);
    assert.ok(gunzipSync(await fs.readFile(raw.file)).equals(content), 'the raw copy is the input');
    assert.equal(raw.sha256, createHash('sha256').update(content).digest('hex'));
    assert.equal(file.size, content.length);
    assert.equal(file.textFile, source);
    assert.equal(await file.clean, true);
    assert.equal(file.head[0], content.toString('utf8').split('\n')[0]);
  });

  test('keeps a brotli copy that holds exactly the input when asked for brotli', async () => {
    const content = Buffer.from(amplifyCsv(logLines(30000)));
    const { raw } = await prepared(content, 'brotli');
    assert.equal(raw.extension, 'br');
    assert.match(raw.file, /\.br$/);
    assert.ok(brotliDecompressSync(await fs.readFile(raw.file)).equals(content), 'the raw copy is the input');
    assert.equal(raw.sha256, createHash('sha256').update(content).digest('hex'));
  });

  test('takes a multi-byte character split across two reads as valid UTF-8', async () => {
    const line = Buffer.from('x'.repeat(CHUNK - 1));
    const content = Buffer.concat([line, Buffer.from('é\n'), Buffer.from('after\n')]);
    const { file } = await prepared(content);
    assert.equal(await file.clean, true);
    assert.equal(file.head.length, 3);
  });

  test('finds invalid UTF-8 and a carriage return far past the first read', async () => {
    const filler = Buffer.from(`${'a'.repeat(99)}\n`.repeat(2000));
    const badByte = await prepared(Buffer.concat([filler, Buffer.from([0x61, 0xff, 0x0a])]));
    assert.equal(await badByte.file.clean, false);
    const crlf = await prepared(Buffer.concat([filler, Buffer.from('last\r\n')]));
    assert.equal(await crlf.file.clean, false);
  });

  test('keeps the first lines whole when the first read ends inside a line', async () => {
    const lines = Array.from({ length: 4000 }, (_, i) => `line ${i} ${'z'.repeat(i % 50)}`);
    const { file } = await prepared(Buffer.from(`${lines.join('\n')}\n`));
    assert.ok(lines.join('\n').length > 2 * CHUNK);
    assert.deepEqual(file.head.slice(0, lines.length), lines);
  });
});
