import { createReadStream } from 'node:fs';

/**
 * The lines of a file as raw bytes, without their `\n`, streaming in 1 MiB chunks. A last line
 * without `\n` is yielded too. Bytes are not decoded: the caller decides what valid text is.
 */
export async function* readLines(file: string): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let end = data.indexOf(10, start); end >= 0; end = data.indexOf(10, start)) {
      yield data.subarray(start, end);
      start = end + 1;
    }
    carry = Buffer.from(data.subarray(start));
  }
  if (carry.length > 0) yield carry;
}
