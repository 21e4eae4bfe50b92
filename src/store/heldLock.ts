import type { StoreLock } from './Store.js';

/**
 * A held lock: `refresh` runs every `periodMs` so others can tell the holder is alive, and
 * `release` (safe to call twice) stops it, waits for a refresh in flight, then runs `free`.
 */
export function heldLock(
  refresh: () => Promise<void>,
  periodMs: number,
  free: () => Promise<void>,
): StoreLock {
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = refresh().catch(() => {});
  }, periodMs);
  timer.unref();
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await inFlight;
      await free();
    },
  };
}
