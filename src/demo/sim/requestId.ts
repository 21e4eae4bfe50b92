import type { Random } from './random.js';

/**
 * A request id like CloudFront's: 56 characters, 40 random bytes in base64url padded with `==`.
 * `scratch` (40 bytes) avoids an allocation per id.
 */
export function randomRequestId(rng: Random, scratch: Buffer = Buffer.alloc(40)): string {
  for (let i = 0; i < 40; i += 4) scratch.writeUInt32LE(rng.u32(), i);
  return `${scratch.toString('base64url')}==`;
}
