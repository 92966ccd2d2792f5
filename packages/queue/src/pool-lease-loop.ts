import type { Redis } from "ioredis";
import type { PoolName } from "@switchyard/shared";
import { poolKey } from "./keys.js";

/**
 * Runs `work(pool)` every interval for each pool, in one process at a time per pool: a
 * short Redis lease (SET NX PX, renewed by its holder) elects who does it, so many worker
 * processes never do the same periodic job twice. Ticks never overlap.
 */
export function startPoolLeaseLoop(options: {
  redis: Redis;
  prefix: string;
  /** Names the lease key: `…:{pool}:<name>-lease`. */
  name: string;
  pools: readonly PoolName[];
  ownerId: string;
  intervalMs: number;
  leaseMs: number;
  work: (pool: PoolName) => Promise<void>;
  onError?: (err: unknown) => void;
}): { stop(): void } {
  let running = false;
  const holdsLease = async (pool: PoolName): Promise<boolean> => {
    const key = poolKey(options.prefix, pool, `${options.name}-lease`);
    const got = await options.redis.set(key, options.ownerId, "PX", options.leaseMs, "NX");
    if (got !== "OK" && (await options.redis.get(key)) !== options.ownerId) return false;
    await options.redis.pexpire(key, options.leaseMs);
    return true;
  };
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      for (const pool of options.pools) {
        if (await holdsLease(pool)) await options.work(pool);
      }
    } catch (err) {
      options.onError?.(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
