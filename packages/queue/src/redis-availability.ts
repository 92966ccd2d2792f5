import type { Redis } from "ioredis";
import { ServiceUnavailableError } from "@switchyard/shared";

/** What a client is told to wait: the launcher restarts a dead redis-server within about this long. */
export const REDIS_RETRY_AFTER_S = 2;

/** ioredis/BullMQ errors that mean "Redis cannot be reached", as opposed to a command's own error. */
const CONNECTION_MESSAGES = [
  "Stream isn't writeable", // enableOfflineQueue false while disconnected
  "Connection is closed",
  "Reached the max retries per request limit", // MaxRetriesPerRequestError: lost in flight
  "connect ECONNREFUSED",
  "connect ENOENT",
  "read ECONNRESET",
  "write EPIPE",
];
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ENOENT", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH"]);

export function isRedisConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === "MaxRetriesPerRequestError" || err.name === "ConnectionClosedError") return true;
  const code = (err as NodeJS.ErrnoException).code;
  if (code && CONNECTION_CODES.has(code) && "syscall" in err) return true;
  return CONNECTION_MESSAGES.some((m) => err.message.includes(m));
}

/** The typed refusal for a Redis connection error (503 + Retry-After), or null for any other error. */
export function redisUnavailable(err: unknown): ServiceUnavailableError | null {
  return isRedisConnectionError(err) ? new ServiceUnavailableError("redis", REDIS_RETRY_AFTER_S) : null;
}

/**
 * Makes a producer connection fail fast: until it is first ready, commands wait (start-up);
 * after that a command sent while Redis is unreachable is refused at once instead of queued
 * (ioredis reads `enableOfflineQueue` per command), and one in flight when the connection drops
 * is rejected at the first reconnect attempt (maxRetriesPerRequest 0) rather than replayed
 * minutes later. Callers turn those rejections into ServiceUnavailableError (redisUnavailable).
 */
export function failFastOnceReady(redis: Redis): void {
  redis.once("ready", () => {
    redis.options.enableOfflineQueue = false;
  });
}
