import type { Redis } from "ioredis";
import { globalKey } from "./keys.js";

/**
 * Fault flags: named switches that diagnostic tasks consult (diagnostic.flaky fails while
 * its flag is set), so operators and fault tests can break and heal a cause on purpose.
 */
export function faultKey(prefix: string, flag: string): string {
  return globalKey(prefix, `fault:${flag}`);
}

export async function setFault(redis: Redis, prefix: string, flag: string, ttlSeconds = 3_600): Promise<void> {
  await redis.set(faultKey(prefix, flag), "1", "EX", ttlSeconds);
}

export async function clearFault(redis: Redis, prefix: string, flag: string): Promise<void> {
  await redis.del(faultKey(prefix, flag));
}

export async function isFaultActive(redis: Redis, prefix: string, flag: string): Promise<boolean> {
  return (await redis.exists(faultKey(prefix, flag))) === 1;
}
