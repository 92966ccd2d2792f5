import type { Redis } from "ioredis";
import type { PoolName } from "@switchyard/shared";
import { poolKey } from "./keys.js";

const BUCKET_TTL_S = 180;

function totalsKey(prefix: string, pool: PoolName): string {
  return poolKey(prefix, pool, "totals");
}

/** Outcomes counted since the pool was created, in `…:{pool}:totals` (what the web's /metrics reports). */
export const OUTCOMES = ["completed", "failed", "retried", "dead"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Completions per pool per second, counted in memory by each worker and added to
 * one Redis key per second (one round trip a second, not one per task); in the same
 * round trip, the pool's running totals of outcomes (a hash, HINCRBY).
 */
export class ThroughputCounter {
  private counts = new Map<PoolName, number>();
  private totals = new Map<PoolName, Record<Outcome, number>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), 1_000);
    this.timer.unref();
  }

  /** A completion: throughput and the `completed` total. */
  inc(pool: PoolName): void {
    this.counts.set(pool, (this.counts.get(pool) ?? 0) + 1);
    this.count(pool, "completed");
  }

  /** A failed attempt counts as `failed` and as `retried` or `dead`; call once per outcome. */
  count(pool: PoolName, outcome: Outcome): void {
    let t = this.totals.get(pool);
    if (!t) this.totals.set(pool, (t = { completed: 0, failed: 0, retried: 0, dead: 0 }));
    t[outcome] += 1;
  }

  async flush(): Promise<void> {
    if (this.counts.size === 0 && this.totals.size === 0) return;
    const sec = Math.floor(Date.now() / 1_000);
    const counts = this.counts;
    const totals = this.totals;
    this.counts = new Map();
    this.totals = new Map();
    const multi = this.redis.multi();
    for (const [pool, n] of counts) {
      const key = poolKey(this.prefix, pool, `tp:${sec}`);
      multi.incrby(key, n).expire(key, BUCKET_TTL_S);
    }
    for (const [pool, t] of totals) {
      const key = totalsKey(this.prefix, pool);
      for (const o of OUTCOMES) if (t[o] > 0) multi.hincrby(key, o, t[o]);
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

/** A pool's outcome totals as the workers have flushed them (zeros for a new pool). */
export async function readOutcomeTotals(redis: Redis, prefix: string, pool: PoolName): Promise<Record<Outcome, number>> {
  const raw = await redis.hgetall(totalsKey(prefix, pool));
  return { completed: Number(raw["completed"] ?? 0), failed: Number(raw["failed"] ?? 0), retried: Number(raw["retried"] ?? 0), dead: Number(raw["dead"] ?? 0) };
}
