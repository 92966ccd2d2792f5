import { hostname } from "node:os";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { PoolName } from "@switchyard/shared";
import { errorMessage } from "./error-message.js";
import type { DependencyGuard, TaskLogger } from "./handler.js";
import type { JobData } from "./job-data.js";
import type { ActiveTasks } from "./task-aborts.js";
import { HEARTBEAT_INTERVAL_MS, writeHeartbeat } from "./worker-registry.js";

export interface HeartbeatOptions {
  redis: Redis;
  prefix: string;
  id: string;
  version: string | undefined;
  poolNames: readonly PoolName[];
  workers: ReadonlyMap<PoolName, Worker<JobData>>;
  active: ActiveTasks;
  breakers: DependencyGuard;
  startedAt: number;
  log: TaskLogger;
}

export interface Heartbeats {
  /** Write a heartbeat now; a failed write is logged, never thrown. */
  beat(): Promise<void>;
  /** The first heartbeat, then one every HEARTBEAT_INTERVAL_MS. */
  start(): Promise<void>;
  stop(): void;
}

/**
 * This process's entry in the worker registry (worker-registry.ts): what it serves, at what
 * concurrency, what it runs, its memory and its breakers. A worker silent for
 * WORKER_GONE_AFTER_MS is shown as gone.
 */
export function createHeartbeats(options: HeartbeatOptions): Heartbeats {
  const { redis, prefix, id, workers, active, breakers, log } = options;
  let timer: NodeJS.Timeout | undefined;
  const beat = async (): Promise<void> => {
    const mem = process.memoryUsage();
    await writeHeartbeat(redis, prefix, {
      id,
      host: hostname(),
      pid: process.pid,
      version: options.version ?? "0.1.0",
      pools: [...options.poolNames],
      concurrency: Object.fromEntries([...workers].map(([p, w]) => [p, w.concurrency])),
      active: active.size,
      activeTasks: [...active.keys()].slice(0, 100),
      memory: { rss: mem.rss, heapUsed: mem.heapUsed },
      startedAt: options.startedAt,
      lastSeen: Date.now(),
      breakers: breakers.snapshot(),
    }).catch((err) => log.warn("heartbeat failed", { err: errorMessage(err) }));
  };
  return {
    beat,
    async start() {
      await beat();
      timer = setInterval(() => void beat(), HEARTBEAT_INTERVAL_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
