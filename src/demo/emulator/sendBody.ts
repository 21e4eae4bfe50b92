import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** How a body is damaged on its way out. Offsets count from the first byte sent. */
export interface BodyFaults {
  /** Send only this many bytes, then close the connection (fewer than the Content-Length). */
  readonly cutAt?: number;
  /** Offsets of bytes replaced by another byte (sorted). */
  readonly corrupt?: readonly number[];
  /** Wait `firstByteMs` before the first byte, then send `bytesPerSecond`. */
  readonly slow?: { readonly firstByteMs: number; readonly bytesPerSecond: number };
}

const SLOW_SLICE = 16 * 1024;

/**
 * Streams `chunks` into `res` with backpressure, applying `faults`, and ends the response (or, for
 * a cut, destroys the connection once the bytes before the cut are flushed). Resolves with the
 * bytes handed to the socket; rejects if the client goes away.
 */
export async function sendBody(
  res: ServerResponse,
  chunks: AsyncIterable<Buffer>,
  faults: BodyFaults = {},
): Promise<number> {
  let sent = 0;
  if (faults.slow) await sleep(faults.slow.firstByteMs);
  for await (const chunk of chunks) {
    const data = corrupt(chunk, sent, faults.corrupt);
    if (faults.cutAt !== undefined && sent + data.length >= faults.cutAt) {
      await flushThenCut(res, data.subarray(0, faults.cutAt - sent));
      return faults.cutAt;
    }
    await (faults.slow ? trickle(res, data, faults.slow.bytesPerSecond) : write(res, data));
    sent += data.length;
  }
  res.end();
  return sent;
}

function corrupt(chunk: Buffer, offset: number, at: readonly number[] | undefined): Buffer {
  const inside = (at ?? []).filter((o) => o >= offset && o < offset + chunk.length);
  if (inside.length === 0) return chunk;
  const copy = Buffer.from(chunk);
  for (const o of inside) copy[o - offset] = copy[o - offset] === 0x7e ? 0x23 : 0x7e; // '~', or '#'
  return copy;
}

async function trickle(res: ServerResponse, data: Buffer, bytesPerSecond: number): Promise<void> {
  for (let i = 0; i < data.length; i += SLOW_SLICE) {
    const slice = data.subarray(i, i + SLOW_SLICE);
    await write(res, slice);
    await sleep((slice.length / bytesPerSecond) * 1000);
  }
}

async function flushThenCut(res: ServerResponse, data: Buffer): Promise<void> {
  await new Promise<void>((resolve) => {
    if (data.length === 0) resolve();
    else res.write(data, () => resolve());
  });
  res.socket?.end();
}

/** Writes and waits for `drain` when the socket's buffer is full. */
function write(res: ServerResponse, data: Buffer): Promise<void> {
  if (res.destroyed) return Promise.reject(new Error('the client went away'));
  if (res.write(data)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      res.off('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      res.off('drain', onDrain);
      reject(new Error('the client went away'));
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
