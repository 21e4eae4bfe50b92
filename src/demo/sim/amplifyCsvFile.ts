import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type SimulateOptions, simulate } from './simulate.js';
import { AMPLIFY_HEADER, formatAmplifyLine } from './writers.js';

/** Lines are gathered into chunks of about this many characters before they are written. */
const CHUNK = 1 << 20;
const LINE_OPTIONS = { emptyMarker: '-' } as const;

/**
 * Streams `simulate(options)` into one Amplify CSV file at `path` (created or replaced): one
 * header, then one line a request, `-` for empty values. Memory stays flat whatever the count:
 * lines are written in 1 MiB chunks and the stream's backpressure is respected. Resolves with
 * the bytes written and the number of requests; rejects if the file cannot be written.
 */
export async function writeAmplifyCsvFile(
  path: string,
  options: SimulateOptions,
): Promise<{ bytes: number; requests: number }> {
  const counts = { bytes: 0, requests: 0 };
  await pipeline(Readable.from(csvChunks(options, counts)), createWriteStream(path));
  return counts;
}

async function* csvChunks(
  options: SimulateOptions,
  counts: { bytes: number; requests: number },
): AsyncGenerator<string> {
  // Every field is percent-encoded, so lines are ASCII: characters are bytes.
  let lines: string[] = [AMPLIFY_HEADER];
  let size = AMPLIFY_HEADER.length + 1;
  for (const record of simulate(options)) {
    const line = formatAmplifyLine(record, LINE_OPTIONS);
    lines.push(line);
    size += line.length + 1;
    counts.requests++;
    if (size >= CHUNK) {
      counts.bytes += size;
      yield `${lines.join('\n')}\n`;
      lines = [];
      size = 0;
    }
  }
  counts.bytes += size;
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}
