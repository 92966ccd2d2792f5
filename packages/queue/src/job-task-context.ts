import type { Job } from "bullmq";
import type { Redis } from "ioredis";
import type { PoolName, TaskType } from "@switchyard/shared";
import type { ActiveTask } from "./active-task.js";
import { isFaultActive } from "./fault-flags.js";
import type { DependencyGuard, TaskContext, TaskLogger } from "./handler.js";
import type { JobData } from "./job-data.js";

export interface ContextServices {
  log: TaskLogger;
  breakers: DependencyGuard;
  redis: Redis;
  prefix: string;
}

/**
 * A handler's context. One is built per task, so it holds plain fields and makes the functions
 * it hands out (progress, dependency, faultActive) only when a handler reads them: most short
 * tasks never do. Each is a standalone function, so handlers may destructure them.
 */
export class JobTaskContext implements TaskContext<unknown> {
  readonly pool: PoolName;
  readonly attempt: number;
  readonly log: TaskLogger;

  constructor(
    private readonly job: Job<JobData>,
    private readonly task: ActiveTask,
    readonly taskId: string,
    readonly type: TaskType,
    readonly payload: unknown,
    private readonly services: ContextServices,
  ) {
    this.pool = task.pool;
    this.attempt = job.attemptsMade + 1;
    this.log = services.log;
  }

  get signal(): AbortSignal {
    return this.task.signal;
  }

  get progress(): TaskContext<unknown>["progress"] {
    const job = this.job;
    return (update) => job.updateProgress(update);
  }

  get dependency(): TaskContext<unknown>["dependency"] {
    const { breakers } = this.services;
    const task = this.task;
    return (name, call) => breakers.execute(name, call, task.signal);
  }

  get faultActive(): TaskContext<unknown>["faultActive"] {
    const { redis, prefix } = this.services;
    return (flag) => isFaultActive(redis, prefix, flag);
  }
}
