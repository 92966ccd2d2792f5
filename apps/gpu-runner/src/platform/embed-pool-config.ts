import type { Priority } from "@switchyard/shared";

/**
 * How the runner joins the platform as the worker of its `embed` pool (from
 * GPU_RUNNER_REDIS_URL, GPU_RUNNER_DATABASE_URL, … in src/env.ts).
 */
export interface EmbedPoolConfig {
  redisUrl: string;
  databaseUrl: string;
  /** The platform's QUEUE_PREFIX: web, workers and runners must share it. */
  prefix: string;
  /** Pools manifest (YAML or JSON); null = the seed's defaults. */
  poolsManifest: string | null;
  /** Heartbeat id; null = gpu-runner-<host>-<pid>. */
  workerId: string | null;
  /** embed tasks taken at once; null = the pool's configured concurrency (live-adjustable). */
  concurrency: number | null;
  /** Priority of embed tasks in the runner's own request queue. */
  priority: Priority;
  /** How long shutdown waits for active tasks before handing them back to the queue. */
  shutdownGraceMs: number;
}
