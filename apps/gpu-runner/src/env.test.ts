import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODELS_DIR } from "./config.js";
import { configFromEnv, loadRunnerEnv } from "./env.js";

describe("environment schema", () => {
  it("has defaults for everything", () => {
    const c = configFromEnv({});
    expect(c).toMatchObject({
      host: "127.0.0.1",
      port: 3001,
      executionProvider: "auto",
      modelsDir: DEFAULT_MODELS_DIR,
      defaultModel: "use-lite",
      apiKeys: [],
      sessionHost: "worker",
      batch: { maxBatchSize: 64, maxQueueDelayMs: 0, gatherMs: 1, gatherBatchSize: 8, tokenBudget: 0, lengthBuckets: [16, 32, 64, 128] },
      queue: { maxDepth: 2048 },
      logLevel: "info",
    });
  });

  it("parses lists, numbers, booleans and paths", () => {
    const c = configFromEnv({
      GPU_RUNNER_KEYS: " a, b,,c ",
      GPU_RUNNER_LENGTH_BUCKETS: "64,16,32,16",
      GPU_RUNNER_PORT: "4000",
      GPU_RUNNER_EP: "cpu",
      GPU_RUNNER_ALLOW_SPINNING: "yes",
      GPU_RUNNER_WARMUP: "0",
      GPU_RUNNER_MODELS_DIR: "some/models",
      GPU_RUNNER_EXTRA_MODELS: "/abs/one,rel/two",
      LOG_LEVEL: "trace",
    });
    expect(c.apiKeys).toEqual(["a", "b", "c"]);
    expect(c.batch.lengthBuckets).toEqual([16, 32, 64]);
    expect(c.port).toBe(4000);
    expect(c.executionProvider).toBe("cpu");
    expect(c.allowSpinning).toBe(true);
    expect(c.warmup).toBe(false);
    expect(c.modelsDir).toBe(resolve(process.cwd(), "some/models"));
    expect(c.extraModelDirs).toEqual(["/abs/one", resolve(process.cwd(), "rel/two")]);
    expect(c.logLevel).toBe("debug");
  });

  it("lists every bad variable in one error", () => {
    expect(() => configFromEnv({ GPU_RUNNER_EP: "gpu", GPU_RUNNER_PORT: "http", GPU_RUNNER_LENGTH_BUCKETS: "16,x" })).toThrow(
      /GPU_RUNNER_PORT[\s\S]*GPU_RUNNER_EP[\s\S]*GPU_RUNNER_LENGTH_BUCKETS|GPU_RUNNER_EP[\s\S]*GPU_RUNNER_PORT/,
    );
    expect(() => configFromEnv({ GPU_RUNNER_MEMORY_SOFT_MB: "2000", GPU_RUNNER_MEMORY_CRITICAL_MB: "1000" })).toThrow(/GPU_RUNNER_MEMORY_CRITICAL_MB/);
  });

  it("serves HTTP only unless both the Redis and the database URL are set", () => {
    expect(loadRunnerEnv({}).embedPool).toBeNull();
    expect(loadRunnerEnv({ GPU_RUNNER_REDIS_URL: "", GPU_RUNNER_DATABASE_URL: "" }).embedPool).toBeNull();
    expect(() => loadRunnerEnv({ GPU_RUNNER_REDIS_URL: "redis://r:6379" })).toThrow(/GPU_RUNNER_DATABASE_URL: the embed pool needs both/);
    expect(() => loadRunnerEnv({ GPU_RUNNER_DATABASE_URL: "file:x.db" })).toThrow(/GPU_RUNNER_REDIS_URL: the embed pool needs both/);
  });

  it("parses the embed pool's settings, with the platform's defaults", () => {
    const { runner, embedPool } = loadRunnerEnv({
      GPU_RUNNER_REDIS_URL: "redis://r:6379",
      GPU_RUNNER_DATABASE_URL: "postgres://u:p@db:5432/s",
      GPU_RUNNER_SHUTDOWN_GRACE_MS: "7000",
    });
    expect(embedPool).toEqual({
      redisUrl: "redis://r:6379",
      databaseUrl: "postgres://u:p@db:5432/s",
      prefix: "switchyard",
      poolsManifest: null,
      workerId: null,
      concurrency: null,
      priority: "low",
      shutdownGraceMs: 7000,
    });
    expect(runner.shutdownGraceMs).toBe(7000);
    const custom = loadRunnerEnv({
      GPU_RUNNER_REDIS_URL: "unix:///tmp/r.sock",
      GPU_RUNNER_DATABASE_URL: "file:./x.db",
      GPU_RUNNER_QUEUE_PREFIX: "staging",
      GPU_RUNNER_POOLS_MANIFEST: "pools.yaml",
      GPU_RUNNER_WORKER_ID: "gpu-box-1",
      GPU_RUNNER_EMBED_CONCURRENCY: "6",
      GPU_RUNNER_EMBED_PRIORITY: "bulk",
    }).embedPool;
    expect(custom).toMatchObject({ prefix: "staging", poolsManifest: resolve(process.cwd(), "pools.yaml"), workerId: "gpu-box-1", concurrency: 6, priority: "bulk" });
    expect(() => loadRunnerEnv({ GPU_RUNNER_QUEUE_PREFIX: "a b" })).toThrow(/GPU_RUNNER_QUEUE_PREFIX/);
    expect(() => loadRunnerEnv({ GPU_RUNNER_EMBED_PRIORITY: "urgent" })).toThrow(/GPU_RUNNER_EMBED_PRIORITY/);
  });
});
