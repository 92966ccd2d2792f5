import { z } from "zod";
import type { Redis } from "ioredis";
import { poolNameSchema } from "@switchyard/shared";
import { globalKey } from "./keys.js";

export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A worker not heard from for this long is shown as gone. */
export const WORKER_GONE_AFTER_MS = 15_000;

export const workerInfoSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number().int(),
  version: z.string(),
  pools: z.array(poolNameSchema),
  concurrency: z.record(z.string(), z.number().int()),
  active: z.number().int(),
  activeTasks: z.array(z.string()),
  memory: z.object({ rss: z.number(), heapUsed: z.number() }),
  startedAt: z.number().int(),
  lastSeen: z.number().int(),
});
export type WorkerInfo = z.infer<typeof workerInfoSchema>;

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

/** Live workers (heard from within WORKER_GONE_AFTER_MS); forgets long-gone ones. */
export async function listWorkers(redis: Redis, prefix: string, now = Date.now()): Promise<WorkerInfo[]> {
  const k = keys(prefix);
  const forgetBefore = now - 10 * 60_000;
  const stale = await redis.zrangebyscore(k.seen, "-inf", forgetBefore);
  if (stale.length > 0) await redis.multi().zrem(k.seen, ...stale).hdel(k.info, ...stale).exec();
  const ids = await redis.zrangebyscore(k.seen, now - WORKER_GONE_AFTER_MS, "+inf");
  if (ids.length === 0) return [];
  const raw = await redis.hmget(k.info, ...ids);
  const out: WorkerInfo[] = [];
  for (const r of raw) {
    if (!r) continue;
    const parsed = workerInfoSchema.safeParse(JSON.parse(r));
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}
