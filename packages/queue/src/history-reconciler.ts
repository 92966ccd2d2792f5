import type { Redis } from "ioredis";
import { Job, type Queue } from "bullmq";
import type { TaskHistoryRepo } from "@switchyard/db";
import { isTerminalStatus, type PoolName } from "@switchyard/shared";
import { versionCancelled, versionFinished } from "./history-version.js";
import { rowFromJob } from "./history-rows.js";
import type { HistoryWriter } from "./history-writer.js";
import type { JobData } from "./job-data.js";
import { eventsKey, poolKey } from "./keys.js";
import { startPoolLeaseLoop } from "./pool-lease-loop.js";
import { CANCELLED_REASON_PREFIX } from "./task-view.js";

type StreamEntry = [id: string, fields: string[]];

export interface ReconcileOptions {
  redis: Redis;
  prefix: string;
  pool: PoolName;
  queue: Queue;
  repo: TaskHistoryRepo;
  history: HistoryWriter;
  /** Only events older than this are checked: the normal batched writes get their chance first. */
  lagMs: number;
  now?: number;
  maxEvents?: number;
}

/**
 * History is written in batches from memory, so a worker killed with SIGKILL loses its last
 * unflushed rows, while Redis already holds the outcome. This safety net walks the pool's
 * event stream from a checkpoint and, for every finished task whose history row is missing
 * or not final, writes the row from the job in Redis. Returns how many rows it repaired.
 */
export async function reconcilePool(o: ReconcileOptions): Promise<{ checked: number; repaired: number }> {
  const checkpointKey = poolKey(o.prefix, o.pool, "history-checkpoint");
  const from = (await o.redis.get(checkpointKey)) ?? "0-0";
  const until = (o.now ?? Date.now()) - o.lagMs;
  const entries = (await o.redis.xrange(eventsKey(o.prefix, o.pool), `(${from}`, `${until}-0`, "COUNT", o.maxEvents ?? 5_000)) as StreamEntry[];
  if (entries.length === 0) return { checked: 0, repaired: 0 };
  const finished = new Set<string>();
  for (const [, fields] of entries) {
    let event: string | undefined;
    let jobId: string | undefined;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      if (fields[i] === "event") event = fields[i + 1];
      else if (fields[i] === "jobId") jobId = fields[i + 1];
    }
    if (jobId && (event === "completed" || event === "failed")) finished.add(jobId);
  }
  let repaired = 0;
  const ids = [...finished];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = new Map((await o.repo.getMany(chunk)).map((r) => [r.id, r]));
    for (const id of chunk) {
      const row = rows.get(id);
      if (row && isTerminalStatus(row.status)) continue;
      const job = (await Job.fromId(o.queue, id)) as Job<JobData> | undefined;
      if (!job?.finishedOn) continue; // running again (retry) or gone: nothing final to record
      const state = await job.getState();
      const run = job.data.run ?? 0;
      const finishedAt = new Date(job.finishedOn);
      if (state === "completed") {
        o.history.record(
          rowFromJob(job, {
            status: "completed",
            version: versionFinished(job.attemptsStarted, run),
            result: job.returnvalue ?? null,
            finishedAt,
          }),
        );
      } else if (state === "failed") {
        const cancelled = job.failedReason?.startsWith(CANCELLED_REASON_PREFIX) ?? false;
        o.history.record(
          rowFromJob(job, {
            status: cancelled ? "cancelled" : "dead",
            version: cancelled ? versionCancelled(run) : versionFinished(job.attemptsStarted, run),
            error: job.failedReason ?? null,
            finishedAt,
          }),
        );
      } else continue;
      repaired++;
    }
  }
  await o.history.flush();
  const last = entries[entries.length - 1];
  if (last) await o.redis.set(checkpointKey, last[0]);
  return { checked: ids.length, repaired };
}

/** Runs reconcilePool for each pool periodically, in one process at a time per pool (a lease). */
export function startHistoryReconciler(options: {
  redis: Redis;
  prefix: string;
  queues: ReadonlyMap<PoolName, Queue>;
  repo: TaskHistoryRepo;
  history: HistoryWriter;
  ownerId: string;
  intervalMs?: number;
  lagMs?: number;
  onRepaired?: (pool: PoolName, repaired: number) => void;
  onError?: (err: unknown) => void;
}): { stop(): void } {
  const interval = options.intervalMs ?? 5_000;
  return startPoolLeaseLoop({
    redis: options.redis,
    prefix: options.prefix,
    name: "reconcile",
    pools: [...options.queues.keys()],
    ownerId: options.ownerId,
    intervalMs: interval,
    leaseMs: Math.max(interval * 3, 5_000),
    work: async (pool) => {
      const queue = options.queues.get(pool);
      if (!queue) return;
      const { repaired } = await reconcilePool({
        redis: options.redis,
        prefix: options.prefix,
        pool,
        queue,
        repo: options.repo,
        history: options.history,
        lagMs: options.lagMs ?? 10_000,
      });
      if (repaired > 0) options.onRepaired?.(pool, repaired);
    },
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
