export interface BackoffPolicy {
  /** Delay before the first restart after a stable run. */
  initialMs: number;
  /** The cap: delays double per crash in a row up to this. */
  maxMs: number;
  /** A process that ran at least this long before dying counts as stable: the delay starts over. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, stableMs: 60_000 };

/**
 * Capped exponential restart delays for one supervised process: initial, 2×, 4×… up to the
 * cap while it keeps crashing soon after each start, back to `initialMs` once a run was stable.
 */
export class RestartBackoff {
  private crashesInARow = 0;

  constructor(private readonly policy: BackoffPolicy = DEFAULT_BACKOFF) {}

  /** The delay before the next start, given how long the run that just ended lasted. */
  next(ranMs: number): number {
    if (ranMs >= this.policy.stableMs) this.crashesInARow = 0;
    const delay = Math.min(this.policy.initialMs * 2 ** this.crashesInARow, this.policy.maxMs);
    this.crashesInARow += 1;
    return delay;
  }
}
