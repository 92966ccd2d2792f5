import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { RateLimitedError } from "@switchyard/shared";

export interface RateLimitConfig {
  /** Requests allowed per token (or per client address without one) per window; 0 turns the limit off. */
  requests: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { requests: 3_000, windowSeconds: 10 };

/**
 * Whom a request counts against: the verified token's id (however the header was spelled),
 * or the client's address when the request carries no valid token.
 */
export type RateSubject = { tokenId: string } | { address: string };

export interface RequestRateLimiter {
  /** Counts `calls` requests (a tRPC batch counts each call); throws RateLimitedError (429 + Retry-After) past the limit. */
  consume(subject: RateSubject, calls?: number): Promise<void>;
}

function subjectKey(subject: RateSubject): string {
  const raw = "tokenId" in subject ? `t:${subject.tokenId}` : `a:${subject.address}`;
  return createHash("sha256").update(raw).digest("hex").slice(0, 32);
}

/** Per-subject request rate limits shared by every web process (counters live in Redis). */
export function createRateLimiter(redis: Redis, prefix: string, config: RateLimitConfig): RequestRateLimiter {
  if (config.requests <= 0) return { consume: async () => undefined };
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:{switchyard}:rate`,
    points: config.requests,
    duration: config.windowSeconds,
  });
  return {
    async consume(subject, calls = 1) {
      try {
        await limiter.consume(subjectKey(subject), calls);
      } catch (res) {
        if (res instanceof RateLimiterRes) {
          const who = "tokenId" in subject ? "token" : "client address";
          throw new RateLimitedError(
            `rate limit: ${config.requests} requests per ${config.windowSeconds} s per ${who}`,
            Math.max(1, Math.ceil(res.msBeforeNext / 1_000)),
          );
        }
        // A Redis error is not the client's fault: don't refuse the request for it.
      }
    },
  };
}
