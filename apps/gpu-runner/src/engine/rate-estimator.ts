/** Completions per second, smoothed over one-second windows (for Retry-After estimates). */
export class RateEstimator {
  private rate = 0;
  private windowStart = performance.now();
  private count = 0;

  add(n: number, now = performance.now()): void {
    this.count += n;
    const span = now - this.windowStart;
    if (span >= 1000) {
      const current = (this.count * 1000) / span;
      this.rate = this.rate === 0 ? current : this.rate * 0.5 + current * 0.5;
      this.count = 0;
      this.windowStart = now;
    }
  }

  /** 0 until a first window has completed. */
  get perSecond(): number {
    return this.rate;
  }
}
