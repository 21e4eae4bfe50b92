/** How to wait and how random to be: injected so tests run instantly and deterministically. */
export interface RetryClock {
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const REAL_CLOCK: RetryClock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Runs `work` until it succeeds, `retryable` says an error is final, or the attempts run out;
 * waits between attempts with exponential backoff and full jitter (AWS's recommendation:
 * a random wait up to `min(max, base * 2^attempt)`). Throws the last error.
 */
export async function withRetries<T>(
  work: (attempt: number) => Promise<T>,
  retryable: (error: unknown) => boolean,
  policy: RetryPolicy,
  clock: RetryClock = REAL_CLOCK,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || !retryable(error)) throw error;
      const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
      await clock.sleep(Math.floor(clock.random() * cap));
    }
  }
}
