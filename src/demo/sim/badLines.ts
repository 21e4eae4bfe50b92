import type { LogRecord } from '../../format/schema.js';
import type { Random } from './random.js';
import { randomRequestId } from './requestId.js';
import { type AmplifyLineOptions, formatAmplifyLine } from './writers.js';

/**
 * Damaged Amplify lines, each with the reason an import must reject it, and one odd line an
 * import must keep. Every line gets a fresh request id, so none of them shadows a real request.
 */
export interface BadLines {
  /** Lines to put among the rows. */
  readonly middle: readonly string[];
  /** A line cut in the middle, to end the file with (no line terminator after it). */
  readonly end: string;
  /** How many of the lines must be rejected, and why. */
  readonly rejected: number;
  readonly reasons: readonly string[];
  /** The request id of the line that must be kept, and what is odd about it. */
  readonly keptId: string;
  readonly keptNote: string;
}

/** The value the kept line has in `cs-uri-stem`: `%C3%28` is not valid UTF-8 once decoded. */
export const UNDECODABLE_URI = '/blog/%C3%28';

export function badLines(template: LogRecord, rng: Random, options: AmplifyLineOptions): BadLines {
  const fields = () =>
    formatAmplifyLine({ ...template, request_id: randomRequestId(rng) }, options).split(',');
  const tooFew = fields().slice(0, 30).join(',');
  const badDate = fields();
  badDate[0] = '2026-13-45';
  const badBytes = fields();
  badBytes[3] = '12k4';
  const kept = fields();
  kept[7] = UNDECODABLE_URI;
  const keptId = (kept[14] as string).replaceAll('\\=', '=');
  const whole = fields().join(',');
  return {
    middle: [tooFew, badDate.join(','), badBytes.join(','), kept.join(',')],
    end: whole.slice(0, Math.floor(whole.length * 0.55)),
    rejected: 4,
    reasons: [
      'a line with 30 fields instead of 33',
      'an impossible date (2026-13-45)',
      'a non-number in sc-bytes (12k4)',
      'the last line cut in the middle (a broken download)',
    ],
    keptId,
    keptNote: `one line to keep whose cs-uri-stem ${UNDECODABLE_URI} is not valid UTF-8 once decoded (kept undecoded)`,
  };
}
