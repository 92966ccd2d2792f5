import { mkdtempSync, rmSync } from "node:fs";
import { OpenApiConformance } from "./openapi-conformance.js";
import { removePrefixKeys } from "./prefix-keys.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, type Database } from "@switchyard/db";
import { createLogger } from "@switchyard/observability";
import { startWorkerRuntime, type DependencyGuard, type Retention, type WorkerRuntime } from "@switchyard/queue";
import { DEFAULT_POOLS, POOL_NAMES, type PoolName, type PoolsConfig } from "@switchyard/shared";
import type { IdentityConfig } from "@switchyard/core";
import type { RagDeps } from "@switchyard/rag";
import { createHandlers, type ProbeTargets } from "@switchyard/tasks";
import { startWebServer, type WebServer } from "../apps/web/server/start-web-server.js";

export interface TestPlatform {
  web: WebServer;
  url: string;
  token: string;
  prefix: string;
  dataDir: string;
  databaseUrl: string;
  redisUrl: string;
  pools: PoolsConfig;
  startWorker(opts?: {
    poolNames?: PoolName[];
    concurrency?: number;
    workerId?: string;
    breakers?: DependencyGuard;
    probeTargets?: ProbeTargets;
    lockDurationMs?: number;
    agingIntervalMs?: number;
    retention?: Retention;
    /** The history check and retention pass (history-reconciler.ts). */
    reconcile?: { intervalMs?: number; lagMs?: number };
    /** Chroma, embeddings and chat for rag.query and ingest.document (no handlers for them without). */
    rag?: RagDeps;
  }): Promise<WorkerRuntime>;
  /** A second handle on the same database, for assertions. */
  openDb(): Promise<Database>;
  api(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * A whole platform in-process for a test: web server (API + socket.io; UI only when
 * asked), a private queue prefix and a private SQLite file, plus workers on demand.
 * close() removes the prefix's keys from Redis and the temp directory.
 */
export async function startTestPlatform(options: {
  redisUrl: string;
  pools?: PoolsConfig;
  serveUi?: boolean;
  databaseUrl?: string;
  /** Per-token request limit (default: the production default). */
  rateLimit?: { requests: number; windowSeconds: number };
  /** A dedicated scrape token for GET /metrics (METRICS_TOKEN). */
  metricsToken?: string;
  /** A Chroma server for the collection and RAG operations (test-support/chroma.ts). */
  chromaUrl?: string;
  /** A GPU runner for get-gpu-runner (test-support/gpu-runner.ts). */
  gpuRunner?: { url: string; key?: string | null };
  /** Session lifetimes, step-up window and sign-in limits (short ones make expiry testable). */
  identity?: Partial<IdentityConfig>;
  /** Text search over the history on SQLite (default on here, so tests cover it; off in production by default). */
  taskSearch?: boolean;
  /** The clock of sessions and second factors, so a test can move time instead of waiting. */
  identityClock?: () => Date;
  /** Sign an audit checkpoint after this many entries. */
  auditCheckpointEvery?: number;
}): Promise<TestPlatform> {
  const prefix = `t${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const dataDir = mkdtempSync(join(tmpdir(), "sy-test-"));
  const databaseUrl = options.databaseUrl ?? `file:${join(dataDir, "test.db")}`;
  const pools = options.pools ?? DEFAULT_POOLS;
  const logger = createLogger("test", "silent");
  const web = await startWebServer({
    port: 0,
    host: "127.0.0.1",
    redisUrl: options.redisUrl,
    databaseUrl,
    dataDir,
    queuePrefix: prefix,
    pools,
    serveUi: options.serveUi ?? false,
    logger,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    ...(options.chromaUrl ? { chromaUrl: options.chromaUrl } : {}),
    ...(options.gpuRunner ? { gpuRunner: options.gpuRunner } : {}),
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.identityClock ? { identityClock: options.identityClock } : {}),
    taskSearch: options.taskSearch ?? true,
    ...(options.auditCheckpointEvery ? { auditCheckpointEvery: options.auditCheckpointEvery } : {}),
  });
  const workers: WorkerRuntime[] = [];
  const dbs: Database[] = [];
  let conformance: OpenApiConformance | undefined;
  return {
    web,
    url: web.url,
    token: web.adminToken,
    prefix,
    dataDir,
    databaseUrl,
    redisUrl: options.redisUrl,
    pools,
    async startWorker(opts = {}) {
      const db = await createDatabase(databaseUrl);
      dbs.push(db);
      const rt = await startWorkerRuntime({
        redisUrl: options.redisUrl,
        prefix,
        pools,
        poolNames: opts.poolNames ?? [...POOL_NAMES],
        handlers: createHandlers({ probeTargets: opts.probeTargets ?? {}, ...(opts.rag ? { rag: opts.rag } : {}) }),
        db,
        logger,
        shutdownGraceMs: 5_000,
        ...(opts.breakers ? { breakers: opts.breakers } : {}),
        ...(opts.lockDurationMs ? { lockDurationMs: opts.lockDurationMs } : {}),
        ...(opts.agingIntervalMs ? { agingIntervalMs: opts.agingIntervalMs } : {}),
        ...(opts.retention ? { retention: opts.retention } : {}),
        ...(opts.reconcile ? { reconcile: opts.reconcile } : {}),
        ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
        ...(opts.workerId ? { workerId: opts.workerId } : {}),
      });
      workers.push(rt);
      return rt;
    },
    async openDb() {
      const db = await createDatabase(databaseUrl);
      dbs.push(db);
      return db;
    },
    async api(path, init = {}) {
      const { token = web.adminToken, headers, ...rest } = init;
      const h = new Headers(headers);
      if (token) h.set("authorization", `Bearer ${token}`);
      if (rest.body && !h.has("content-type")) h.set("content-type", "application/json");
      const res = await fetch(`${web.url}${path}`, { ...rest, headers: h });
      // Every REST answer a test receives must be one the OpenAPI document describes.
      if (path.startsWith("/api/v1/")) {
        conformance ??= await OpenApiConformance.fetch(web.url);
        await conformance.check(rest.method ?? "GET", path, res);
      }
      return res;
    },
    async close() {
      for (const w of workers) await w.close().catch(() => undefined);
      await web.close();
      for (const db of dbs) await db.close().catch(() => undefined);
      await removePrefixKeys(options.redisUrl, prefix);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Poll until `check` returns a value (not undefined/false), or fail after timeoutMs. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
