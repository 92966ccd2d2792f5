import type { Redis } from "ioredis";
import type { PoolName } from "@switchyard/shared";
import { poolKey } from "./keys.js";

const BUCKET_TTL_S = 180;

/**
 * Completions per pool per second, counted in memory by each worker and added to
 * one Redis key per second (one round trip a second, not one per task).
 */
export class ThroughputCounter {
  private counts = new Map<PoolName, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), 1_000);
    this.timer.unref();
  }

  inc(pool: PoolName): void {
    this.counts.set(pool, (this.counts.get(pool) ?? 0) + 1);
  }

  async flush(): Promise<void> {
    if (this.counts.size === 0) return;
    const sec = Math.floor(Date.now() / 1_000);
    const counts = this.counts;
    this.counts = new Map();
    const multi = this.redis.multi();
    for (const [pool, n] of counts) {
      const key = poolKey(this.prefix, pool, `tp:${sec}`);
      multi.incrby(key, n).expire(key, BUCKET_TTL_S);
    }
    try {
      await multi.exec();
    } catch {
      // Metrics are best effort: a lost second of counts must never fail a task.
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}

/** Average completions per second over the last `seconds` whole seconds. */
export async function readThroughput(redis: Redis, prefix: string, pool: PoolName, seconds: number): Promise<number> {
  const now = Math.floor(Date.now() / 1_000);
  const keys: string[] = [];
  for (let s = now - seconds; s < now; s++) keys.push(poolKey(prefix, pool, `tp:${s}`));
  const values = await redis.mget(...keys);
  const total = values.reduce((sum, v) => sum + (v ? Number(v) : 0), 0);
  return total / seconds;
}
