import { closeRedis, createRedis } from "@switchyard/queue";

/** Remove every Redis key under a test's private queue prefix. */
export async function removePrefixKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = createRedis(redisUrl, "test:cleanup");
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await closeRedis(redis);
  }
}
