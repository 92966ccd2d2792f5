import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

export type RateDecision = { ok: true } | { ok: false; retryAt: number };

export interface HostRateLimiterOptions {
  redis: Redis;
  /** The queue prefix; counters live under `${prefix}:{switchyard}:scrape-rate:<host>`. */
  prefix: string;
  /** Page loads per second per host; fractions allowed (0.2 = one per 5 s); 0 turns it off. */
  perSecond: number;
}

/**
 * Per-host request limits shared by every worker (counters in Redis, rate-limiter-flexible).
 * `take` never waits: a refusal says when the next slot opens, and the caller defers the task.
 */
export class HostRateLimiter {
  private readonly limiter: RateLimiterRedis | null;

  constructor(options: HostRateLimiterOptions) {
    if (options.perSecond <= 0) {
      this.limiter = null;
      return;
    }
    // Whole points per whole seconds: 2.5/s → 5 per 2 s; 0.2/s → 1 per 5 s.
    const duration = options.perSecond >= 1 && Number.isInteger(options.perSecond) ? 1 : Math.max(1, Math.round(1 / Math.min(options.perSecond, 1)));
    const points = Math.max(1, Math.round(options.perSecond * duration));
    this.limiter = new RateLimiterRedis({
      storeClient: options.redis,
      keyPrefix: `${options.prefix}:{switchyard}:scrape-rate`,
      points,
      duration,
    });
  }

  async take(host: string): Promise<RateDecision> {
    if (!this.limiter) return { ok: true };
    try {
      await this.limiter.consume(host.toLowerCase(), 1);
      return { ok: true };
    } catch (res) {
      if (res instanceof RateLimiterRes) return { ok: false, retryAt: Date.now() + Math.max(1, res.msBeforeNext) };
      throw res;
    }
  }
}
