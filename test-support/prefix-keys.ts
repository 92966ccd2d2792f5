import { closeRedis, createRedis } from "@switchyard/queue";

/** Remove every Redis key under a test's private queue prefix (SCAN, so a big keyspace never blocks Redis). */
export async function removePrefixKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = createRedis(redisUrl, "test:cleanup");
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    await closeRedis(redis);
  }
}
