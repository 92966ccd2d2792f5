import type { Job } from "bullmq";
import {
  type PoolPatchResult,
  type PoolResetResult,
  fromZodIssues,
  poolNameSchema,
  poolPatchSchema,
  type PoolName,
} from "@switchyard/shared";
import { concurrencyKey, publishControl, versionCancelled, rowFromJob, type JobData, type Platform } from "@switchyard/queue";
import { listPoolStats } from "./pool-service.js";

export function parsePoolName(raw: unknown): PoolName {
  const parsed = poolNameSchema.safeParse(raw);
  if (!parsed.success) throw fromZodIssues(parsed.error.issues, ["name"]);
  return parsed.data;
}

const PAGE = 1_000;
const WAITING_TYPES = ["wait", "prioritized", "paused", "delayed"] as const;

/** Mark removed jobs cancelled in the history, page by page so memory stays flat. */
async function cancelInHistory(platform: Platform, jobs: ReadonlyArray<Job<JobData> | undefined>, reason: string): Promise<number> {
  let n = 0;
  const now = new Date();
  for (const job of jobs) {
    if (!job?.id) continue;
    platform.history.record(
      rowFromJob(job, { status: "cancelled", version: versionCancelled(job.data.run ?? 0), error: reason, finishedAt: now }),
    );
    n++;
  }
  return n;
}

/** Remove every waiting task of a pool (they become cancelled); active ones carry on. */
async function drainPool(platform: Platform, pool: PoolName): Promise<number> {
  const queue = platform.queue(pool);
  let removed = 0;
  for (;;) {
    const jobs = (await queue.getJobs([...WAITING_TYPES], 0, PAGE - 1, true)) as Array<Job<JobData> | undefined>;
    if (jobs.length === 0) break;
    let removedNow = 0;
    for (const job of jobs) {
      if (!job) continue;
      try {
        await job.remove();
        removedNow++;
        await cancelInHistory(platform, [job], "cancelled: pool drained");
      } catch {
        // Became active meanwhile; it runs to completion.
      }
    }
    removed += removedNow;
    if (removedNow === 0) break;
  }
  await platform.history.flush();
  return removed;
}


/** PATCH /pools/:name: pause, resume, drain, change concurrency live. */
export async function patchPool(platform: Platform, rawName: unknown, input: unknown): Promise<PoolPatchResult> {
  const pool = parsePoolName(rawName);
  const parsed = poolPatchSchema.safeParse(input);
  if (!parsed.success) throw fromZodIssues(parsed.error.issues);
  const patch = parsed.data;
  const queue = platform.queue(pool);
  const out: Omit<PoolPatchResult, "pool"> = {};
  if (patch.state === "paused") await queue.pause();
  if (patch.concurrency !== undefined) {
    await platform.redis.hset(concurrencyKey(platform.prefix), pool, String(patch.concurrency));
    out.notifiedWorkers = await publishControl(platform.redis, platform.prefix, {
      kind: "concurrency",
      pool,
      value: patch.concurrency,
    });
  }
  if (patch.drain) out.drained = await drainPool(platform, pool);
  if (patch.state === "running") await queue.resume();
  const stats = (await listPoolStats(platform)).find((p) => p.name === pool);
  if (!stats) throw new Error(`pool ${pool} missing from stats`);
  return { pool: stats, ...out };
}


/**
 * POST /pools/:name/reset (emergency): stop active tasks, remove every job of the pool from
 * Redis (waiting, delayed, active, completed, failed) and say exactly what was removed.
 * Unfinished tasks become cancelled in the history; finished ones stay queryable there.
 */
export async function resetPool(platform: Platform, rawName: unknown): Promise<PoolResetResult> {
  const pool = parsePoolName(rawName);
  const queue = platform.queue(pool);
  const wasPaused = await queue.isPaused();
  await queue.pause();
  const removed = await queue.getJobCounts("wait", "prioritized", "paused", "delayed", "active", "completed", "failed", "waiting-children");
  let cancelledTasks = 0;
  let stoppedActive = 0;
  for (const type of ["wait", "prioritized", "paused", "delayed", "active", "waiting-children"] as const) {
    for (let start = 0; ; start += PAGE) {
      const jobs = (await queue.getJobs([type], start, start + PAGE - 1, true)) as Array<Job<JobData> | undefined>;
      if (jobs.length === 0) break;
      if (type === "active") {
        for (const job of jobs) {
          if (!job?.id) continue;
          await publishControl(platform.redis, platform.prefix, { kind: "cancel", id: job.id, reason: "cancelled: pool reset" });
          stoppedActive++;
        }
      }
      cancelledTasks += await cancelInHistory(platform, jobs, "cancelled: pool reset");
    }
  }
  await platform.history.flush();
  await queue.obliterate({ force: true });
  // obliterate removes the pause marker with everything else; restore the operator's choice.
  if (wasPaused) await queue.pause();
  else await queue.resume();
  const total = Object.values(removed).reduce((a, b) => a + b, 0);
  return { pool, removed, total, cancelledTasks, stoppedActive };
}
