import { Job, QueueEvents } from "bullmq";
import { queueName, type Platform } from "@switchyard/queue";
import type { PoolName } from "@switchyard/shared";

/** Why a wait ended without a result. */
export type WaitOutcome = { status: "completed"; result: unknown } | { status: "failed"; reason: string } | { status: "timeout" };

export interface TaskWaiter {
  /** Waits for the task's final outcome (completed or dead), at most `timeoutMs`. */
  wait(pool: PoolName, taskId: string, timeoutMs: number): Promise<WaitOutcome>;
  close(): Promise<void>;
}

/**
 * Waits for tasks to finish, for synchronous endpoints: one BullMQ QueueEvents (a blocking
 * stream read on its own connection) per pool that is waited on, shared by every wait of the
 * process, so a finished task is noticed as soon as its event is written, without polling.
 */
export function createTaskWaiter(platform: Platform): TaskWaiter {
  const events = new Map<PoolName, QueueEvents>();
  let closed = false;
  const eventsOf = (pool: PoolName): QueueEvents => {
    let e = events.get(pool);
    if (!e) {
      // A blocking reader waits through a Redis restart (BullMQ requires it), unlike the platform's fail-fast connection.
      const connection = platform.redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
      e = new QueueEvents(queueName(pool), { connection, prefix: platform.prefix });
      // One listener pair per waiting request: many concurrent requests are normal here.
      e.setMaxListeners(0);
      e.on("error", () => undefined); // reconnects by itself; a wait that misses its event times out
      events.set(pool, e);
    }
    return e;
  };
  return {
    async wait(pool, taskId, timeoutMs) {
      if (closed) throw new Error("task waiter closed");
      const queueEvents = eventsOf(pool);
      const job = await Job.fromId(platform.queue(pool), taskId);
      if (!job) return { status: "failed", reason: "the task is no longer in the queue" };
      try {
        return { status: "completed", result: (await job.waitUntilFinished(queueEvents, timeoutMs)) as unknown };
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        if (/timed out before finishing/.test(reason)) return { status: "timeout" };
        return { status: "failed", reason };
      }
    },
    async close() {
      closed = true;
      await Promise.all([...events.values()].map((e) => e.close().catch(() => undefined)));
      events.clear();
    },
  };
}
