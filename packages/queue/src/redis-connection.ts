import { Redis, type RedisOptions } from "ioredis";

/**
 * Turn REDIS_URL into ioredis options. Accepts redis://, rediss:// and unix:///abs/path.sock
 * (the embedded default: a socket under DATA_DIR, so we never collide with a Redis on 6379).
 */
export function redisOptionsFromUrl(url: string): RedisOptions {
  if (url.startsWith("unix://")) return { path: url.slice("unix://".length) };
  if (url.startsWith("/")) return { path: url };
  const u = new URL(url);
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") {
    throw new Error(`REDIS_URL must be redis://, rediss:// or unix://, got ${u.protocol}`);
  }
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && Number.isFinite(db) ? { db } : {}),
    ...(u.protocol === "rediss:" ? { tls: {} } : {}),
  };
}

/**
 * A connection suitable for BullMQ workers and blocking reads: BullMQ requires
 * maxRetriesPerRequest null so commands wait through a Redis restart instead of failing.
 */
export function createRedis(url: string, name: string, extra: RedisOptions = {}): Redis {
  return new Redis({
    ...redisOptionsFromUrl(url),
    connectionName: name,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    ...extra,
  });
}

/** Close without throwing when the connection is already gone. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
