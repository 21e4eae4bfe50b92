import { Random } from '../sim/random.js';
import { mix } from './hash.js';

/** Faults of the GenerateAccessLogs call. */
export type ApiFault = 'throttle' | 'limit' | 'internal' | 'unauthorized';
/** Faults of the logUrl download. */
export type DownloadFault = 'cut' | 'corrupt' | 'slow' | 'unavailable';
export type FaultKind = ApiFault | DownloadFault;

export const API_FAULTS: readonly ApiFault[] = ['throttle', 'limit', 'internal', 'unauthorized'];
export const DOWNLOAD_FAULTS: readonly DownloadFault[] = ['cut', 'corrupt', 'slow', 'unavailable'];

/** Share (0-1) of calls or downloads that get each fault, drawn from the seed. All default to 0. */
export interface FaultRates {
  /** `ThrottlingException` 400 "Rate exceeded" (the SDK retries it). */
  readonly throttleRate?: number;
  /** `LimitExceededException` 429 (the SDK retries it). */
  readonly limitRate?: number;
  /** `InternalFailureException` 500 (the SDK retries it). */
  readonly failRate?: number;
  /** `UnauthorizedException` 401 (not retried). */
  readonly unauthorizedRate?: number;
  /** The download stops part-way, fewer bytes than its Content-Length, and the socket closes. */
  readonly cutRate?: number;
  /** A few bytes of the download are changed; its length is right. */
  readonly corruptRate?: number;
  /** The download waits before its first byte, then trickles. */
  readonly slowRate?: number;
  /** The download answers S3's 503 `SlowDown`. */
  readonly unavailableRate?: number;
}

const RATE_OF: Record<FaultKind, keyof FaultRates> = {
  throttle: 'throttleRate',
  limit: 'limitRate',
  internal: 'failRate',
  unauthorized: 'unauthorizedRate',
  cut: 'cutRate',
  corrupt: 'corruptRate',
  slow: 'slowRate',
  unavailable: 'unavailableRate',
};

/**
 * Decides which calls fail and how: first the queue of scripted faults (`failNext`), then the
 * rates, drawn from a generator seeded by the emulator's seed (so a sequence of calls fails the
 * same way every run). API faults and download faults have separate queues.
 */
export class Faults {
  /** Draws for fault decisions and their details (where a cut falls, which bytes change). */
  readonly random: Random;
  private readonly queues = { api: [] as ApiFault[], download: [] as DownloadFault[] };

  constructor(
    seed: number,
    private readonly rates: FaultRates,
  ) {
    this.random = new Random(mix(seed, 0xfa17));
  }

  /** Makes the next `times` calls (API faults) or non-empty downloads (download faults) fail so. */
  failNext(kind: FaultKind, times = 1): void {
    for (let i = 0; i < times; i++) {
      if (isApiFault(kind)) this.queues.api.push(kind);
      else this.queues.download.push(kind);
    }
  }

  /** Forgets the scripted faults not used yet. */
  clear(): void {
    this.queues.api.length = 0;
    this.queues.download.length = 0;
  }

  nextApiFault(): ApiFault | undefined {
    return this.queues.api.shift() ?? this.draw(API_FAULTS);
  }

  nextDownloadFault(): DownloadFault | undefined {
    return this.queues.download.shift() ?? this.draw(DOWNLOAD_FAULTS);
  }

  private draw<K extends FaultKind>(kinds: readonly K[]): K | undefined {
    if (kinds.every((kind) => !this.rates[RATE_OF[kind]])) return undefined;
    let u = this.random.float();
    for (const kind of kinds) {
      u -= this.rates[RATE_OF[kind]] ?? 0;
      if (u < 0) return kind;
    }
    return undefined;
  }
}

export function isApiFault(kind: FaultKind): kind is ApiFault {
  return (API_FAULTS as readonly string[]).includes(kind);
}
