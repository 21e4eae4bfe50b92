/**
 * A token bucket on the wall clock: `perSecond` tokens a second, up to `perSecond` (at least 1) saved (a burst
 * of that many calls passes at once). An infinite rate never refuses.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = perSecond;
    this.last = clock();
  }

  /** Takes a token; false when none is left (the call is to be throttled). */
  take(): boolean {
    if (this.perSecond === Number.POSITIVE_INFINITY) return true;
    const now = this.clock();
    this.tokens = Math.min(
      Math.max(1, this.perSecond),
      this.tokens + ((now - this.last) / 1000) * this.perSecond,
    );
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
