import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { RateLimitedError } from "@switchyard/shared";

export interface RateLimitConfig {
  /** Requests allowed per token per window; 0 turns the limit off. */
  requests: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { requests: 3_000, windowSeconds: 10 };

export interface RequestRateLimiter {
  /** Counts one request for this bearer token; throws RateLimitedError (429 + Retry-After) past the limit. */
  consume(authorization: string | null | undefined): Promise<void>;
}

/**
 * Per-token request rate limits shared by every web process (counters live in Redis).
 * Keyed by a hash of the token, so unknown tokens are limited too and no token is stored.
 */
export function createRateLimiter(redis: Redis, prefix: string, config: RateLimitConfig): RequestRateLimiter {
  if (config.requests <= 0) return { consume: async () => undefined };
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:{switchyard}:rate`,
    points: config.requests,
    duration: config.windowSeconds,
    // Redis down: let requests through rather than take the API down with it.
    insuranceLimiter: undefined,
  });
  return {
    async consume(authorization) {
      if (!authorization) return;
      const key = createHash("sha256").update(authorization).digest("hex").slice(0, 32);
      try {
        await limiter.consume(key);
      } catch (res) {
        if (res instanceof RateLimiterRes) {
          throw new RateLimitedError(
            `rate limit: ${config.requests} requests per ${config.windowSeconds} s per token`,
            Math.max(1, Math.ceil(res.msBeforeNext / 1_000)),
          );
        }
        // A Redis error is not the client's fault: don't refuse the request for it.
      }
    },
  };
}
