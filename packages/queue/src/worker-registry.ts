import type { Redis } from "ioredis";
import { workerInfoSchema, type WorkerInfo, type WorkerStatus } from "@switchyard/shared";
import { globalKey } from "./keys.js";

export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A worker not heard from for this long is shown as gone (its tasks are recovered by the stalled check). */
export const WORKER_GONE_AFTER_MS = 15_000;
/** Gone workers stay listed this long, so operators see what disappeared. */
const FORGET_AFTER_MS = 10 * 60_000;



function keys(prefix: string) {
  return { info: globalKey(prefix, "workers:info"), seen: globalKey(prefix, "workers:seen") };
}

export async function writeHeartbeat(redis: Redis, prefix: string, info: WorkerInfo): Promise<void> {
  const k = keys(prefix);
  await redis.multi().hset(k.info, info.id, JSON.stringify(info)).zadd(k.seen, info.lastSeen, info.id).exec();
}

export async function removeWorker(redis: Redis, prefix: string, id: string): Promise<void> {
  const k = keys(prefix);
  await redis.multi().hdel(k.info, id).zrem(k.seen, id).exec();
}

/**
 * Workers heard from within the last 10 minutes: `alive` when seen within
 * WORKER_GONE_AFTER_MS, else `gone` (killed, or cut off). Forgets older ones.
 */
export async function listWorkers(
  redis: Redis,
  prefix: string,
  now = Date.now(),
): Promise<Array<WorkerInfo & { status: WorkerStatus }>> {
  const k = keys(prefix);
  const stale = await redis.zrangebyscore(k.seen, "-inf", now - FORGET_AFTER_MS);
  if (stale.length > 0) await redis.multi().zrem(k.seen, ...stale).hdel(k.info, ...stale).exec();
  const ids = await redis.zrangebyscore(k.seen, now - FORGET_AFTER_MS, "+inf");
  if (ids.length === 0) return [];
  const raw = await redis.hmget(k.info, ...ids);
  const out: Array<WorkerInfo & { status: WorkerStatus }> = [];
  for (const r of raw) {
    if (!r) continue;
    const parsed = workerInfoSchema.safeParse(JSON.parse(r));
    if (!parsed.success) continue;
    out.push({ ...parsed.data, status: now - parsed.data.lastSeen > WORKER_GONE_AFTER_MS ? "gone" : "alive" });
  }
  return out;
}
