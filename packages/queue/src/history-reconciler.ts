import type { Redis } from "ioredis";
import { Job, type Queue } from "bullmq";
import type { TaskHistoryRepo, TaskRow } from "@switchyard/db";
import { isTerminalStatus, type PoolName } from "@switchyard/shared";
import { versionCancelled, versionFinished } from "./history-version.js";
import { rowFromJob } from "./history-rows.js";
import type { JobData } from "./job-data.js";
import { poolKey } from "./keys.js";
import { startPoolLeaseLoop } from "./pool-lease-loop.js";
import { trimFinished, type FinishedState, type Retention } from "./retention.js";
import { CANCELLED_REASON_PREFIX } from "./task-view.js";

const FINISHED_STATES: readonly FinishedState[] = ["completed", "failed"];
/** Jobs checked per database read (the repository's id limit). */
const CHUNK = 1_000;
/** At most this many chunks per pool and state in one pass, so one pass never runs for long. */
const MAX_CHUNKS_PER_PASS = 100;

export interface VerifyOptions {
  redis: Redis;
  prefix: string;
  pool: PoolName;
  queue: Queue;
  repo: TaskHistoryRepo;
  state: FinishedState;
  /** Jobs that finished at or before this time (ms) are checked. */
  until: number;
  /** Jobs per database read; tests use small ones to cross chunk boundaries. */
  chunk?: number;
}

export interface VerifyResult {
  checked: number;
  repaired: number;
  /** Every job of this state that finished at or before this time (ms) has its final row. */
  verifiedUpTo: number;
}

function checkpointKey(prefix: string, pool: PoolName, state: FinishedState): string {
  return poolKey(prefix, pool, `history-verified:${state}`);
}

/** The final row of a finished job, from Redis; null when the job is gone or is not a task. */
function finalRow(job: Job<JobData>, state: FinishedState): TaskRow | null {
  if (!job.finishedOn) return null;
  const run = job.data.run ?? 0;
  const finishedAt = new Date(job.finishedOn);
  if (state === "completed") {
    return rowFromJob(job, {
      status: "completed",
      version: versionFinished(job.attemptsStarted, run),
      result: job.returnvalue ?? null,
      finishedAt,
    });
  }
  const cancelled = job.failedReason?.startsWith(CANCELLED_REASON_PREFIX) ?? false;
  return rowFromJob(job, {
    status: cancelled ? "cancelled" : "dead",
    version: cancelled ? versionCancelled(run) : versionFinished(job.attemptsStarted, run),
    error: job.failedReason ?? null,
    finishedAt,
  });
}

/**
 * History is written in batches from memory, so a worker killed with SIGKILL loses its last
 * unflushed rows, and a job failed by BullMQ's stalled check gets no row from any worker; Redis
 * holds the outcome in either case. This walks a pool's completed (or failed) set in finish
 * order from a checkpoint, reads the stored rows of those tasks in chunks, and writes the final
 * row of every task whose row is missing, not final, or from an earlier run (its finishedAt is
 * older than the job's), straight to the repository. The checkpoint advances only past chunks
 * whose repairs are written, and retention trims only jobs behind it (trimFinished), so no task
 * leaves Redis before its outcome is in the database. Every finished task is checked, whatever
 * the throughput: one indexed read per 1,000 tasks.
 */
export async function verifyFinished(o: VerifyOptions): Promise<VerifyResult> {
  const key = checkpointKey(o.prefix, o.pool, o.state);
  const setKey = o.queue.toKey(o.state);
  const chunk = o.chunk ?? CHUNK;
  let from = Number((await o.redis.get(key)) ?? "0");
  let checked = 0;
  let repaired = 0;
  for (let pass = 0; pass < MAX_CHUNKS_PER_PASS; pass++) {
    const flat = await o.redis.zrangebyscore(setKey, `(${from}`, o.until, "WITHSCORES", "LIMIT", 0, chunk);
    let entries: Array<[id: string, score: number]> = [];
    for (let i = 0; i + 1 < flat.length; i += 2) entries.push([flat[i] as string, Number(flat[i + 1])]);
    if (entries.length === 0) {
      // Nothing more finished by `until`: all of it is verified.
      from = Math.max(from, o.until);
      break;
    }
    const last = entries[entries.length - 1]?.[1] ?? from;
    if (entries.length === chunk) {
      // A full chunk may have cut a millisecond's jobs in two: leave that millisecond to the
      // next chunk, unless the whole chunk is one millisecond (then take all of it now).
      const earlier = entries.filter(([, score]) => score < last);
      if (earlier.length > 0) entries = earlier;
      else {
        const same = await o.redis.zrangebyscore(setKey, last, last);
        entries = same.map((id) => [id, last]);
      }
    }
    const upTo = entries[entries.length - 1]?.[1] ?? last;
    for (let i = 0; i < entries.length; i += CHUNK) {
      const part = entries.slice(i, i + CHUNK);
      const stored = new Map((await o.repo.getFinishStates(part.map(([id]) => id))).map((s) => [s.id, s]));
      const rows: TaskRow[] = [];
      for (const [id, finishedOn] of part) {
        const row = stored.get(id);
        if (row && isTerminalStatus(row.status) && row.finishedAt && row.finishedAt.getTime() >= finishedOn) continue;
        const job = (await Job.fromId(o.queue, id)) as Job<JobData> | undefined;
        const repair = job ? finalRow(job, o.state) : null;
        if (repair) rows.push(repair);
      }
      // Straight to the database: a failure throws here, before the checkpoint moves.
      if (rows.length > 0) await o.repo.upsertMany(rows);
      checked += part.length;
      repaired += rows.length;
    }
    from = upTo;
    await o.redis.set(key, String(from));
  }
  await o.redis.set(key, String(from));
  return { checked, repaired, verifiedUpTo: from };
}

/**
 * Each pool, every interval, in one worker process at a time (a lease): verify the history of
 * the jobs that finished more than `lagMs` ago (verifyFinished), then trim finished jobs to the
 * retention, only among verified ones (trimFinished).
 */
export function startHistoryReconciler(options: {
  redis: Redis;
  prefix: string;
  queues: ReadonlyMap<PoolName, Queue>;
  repo: TaskHistoryRepo;
  retention: Retention;
  ownerId: string;
  intervalMs?: number;
  /** How long after finishing a job is checked: the workers' own batched writes come first. */
  lagMs?: number;
  onRepaired?: (pool: PoolName, repaired: number) => void;
  onError?: (err: unknown) => void;
}): { stop(): void } {
  const interval = options.intervalMs ?? 5_000;
  const lagMs = options.lagMs ?? 3_000;
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
      for (const state of FINISHED_STATES) {
        const { repaired, verifiedUpTo } = await verifyFinished({
          redis: options.redis,
          prefix: options.prefix,
          pool,
          queue,
          repo: options.repo,
          state,
          until: Date.now() - lagMs,
        });
        if (repaired > 0) options.onRepaired?.(pool, repaired);
        await trimFinished(queue, state, options.retention[state], verifiedUpTo);
      }
    },
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
