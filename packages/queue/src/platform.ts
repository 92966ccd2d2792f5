import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Database } from "@switchyard/db";
import { POOL_NAMES, ServiceUnavailableError, type PoolName, type PoolsConfig } from "@switchyard/shared";
import { HistoryWriter, type HistoryWriterOptions } from "./history-writer.js";
import { queueName } from "./keys.js";
import { failFastOnceReady, REDIS_RETRY_AFTER_S } from "./redis-availability.js";
import { closeRedis, createRedis } from "./redis-connection.js";
import { EVENTS_MAX_LEN } from "./retention.js";

export interface PlatformOptions {
  redisUrl: string;
  /** Key prefix; tests use their own so they never see each other's queues. */
  prefix: string;
  pools: PoolsConfig;
  db: Database;
  history?: HistoryWriterOptions;
  onError?: (scope: string, err: unknown) => void;
}

/**
 * The producer side of the task platform: one Redis connection, one BullMQ Queue per
 * pool, the database and the batched history writer. The web app holds one of these;
 * domain functions (task-service, pool-service, health) take it as their first argument.
 */
export class Platform {
  readonly prefix: string;
  readonly pools: PoolsConfig;
  readonly db: Database;
  readonly redis: Redis;
  readonly history: HistoryWriter;
  private readonly queues = new Map<PoolName, Queue>();
  private wasReady = false;
  private readonly onError: (scope: string, err: unknown) => void;

  constructor(options: PlatformOptions) {
    this.prefix = options.prefix;
    this.pools = options.pools;
    this.db = options.db;
    this.onError = options.onError ?? (() => undefined);
    // Requests must not hang while Redis is down: this connection fails fast once it was ready
    // (redis-availability.ts); blocking readers take a duplicate with maxRetriesPerRequest null.
    this.redis = createRedis(options.redisUrl, "switchyard:platform", { maxRetriesPerRequest: 0 });
    failFastOnceReady(this.redis);
    this.redis.once("ready", () => {
      this.wasReady = true;
    });
    this.redis.on("error", (err) => this.onError("redis", err));
    this.history = new HistoryWriter(this.db.tasks, {
      ...options.history,
      onError: (err, rows) => {
        this.onError("history", err);
        options.history?.onError?.(err, rows);
      },
    });
  }

  queue(pool: PoolName): Queue {
    let q = this.queues.get(pool);
    if (!q) {
      // A new BullMQ Queue waits for the connection to be ready: refuse now rather than hang.
      if (this.wasReady && this.redis.status !== "ready") throw new ServiceUnavailableError("redis", REDIS_RETRY_AFTER_S);
      q = new Queue(queueName(pool), {
        connection: this.redis,
        prefix: this.prefix,
        streams: { events: { maxLen: EVENTS_MAX_LEN } },
        // No default job options: the pool's retries, backoff and retention are applied by the
        // worker (pool-failure-policy.ts), so they are not stored with every job.
      });
      q.on("error", (err) => this.onError(`queue:${pool}`, err));
      this.queues.set(pool, q);
    }
    return q;
  }

  allQueues(): Array<[PoolName, Queue]> {
    return POOL_NAMES.map((p) => [p, this.queue(p)]);
  }

  /** Close everything, each step even if an earlier one failed. */
  async close(): Promise<void> {
    const steps: Array<() => Promise<unknown>> = [
      () => this.history.close(),
      ...[...this.queues.values()].map((q) => () => q.close()),
      () => closeRedis(this.redis),
    ];
    for (const step of steps) {
      try {
        await step();
      } catch (err) {
        this.onError("close", err);
      }
    }
  }
}
