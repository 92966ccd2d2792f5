import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Server as SocketServer } from "socket.io";
import { createDatabase } from "@switchyard/db";
import { Authenticator, createApiApp, createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitConfig } from "@switchyard/api";
import { createLoadTestRegistry, createTaskWaiter, readQueueState, type RagApi } from "@switchyard/core";
import { createHttpMetrics, createLogger, createMetricsRegistry, registerQueueStateMetrics, type Logger } from "@switchyard/observability";
import { Platform } from "@switchyard/queue";
import { createChromaStore } from "@switchyard/rag";
import { DEFAULT_POOLS, type ClientToServerEvents, type PoolsConfig, type ServerToClientEvents } from "@switchyard/shared";
import { ensureAdminToken, securePrivateDir } from "./bootstrap-admin-token.js";
import { SECURITY_HEADERS } from "./http/security-headers.js";
import { createWebHttpServer, type UiHandler } from "./http/web-http-server.js";
import { LiveEvents } from "./live/live-events.js";

export interface WebServerOptions {
  port: number;
  host: string;
  redisUrl: string;
  databaseUrl: string;
  dataDir: string;
  queuePrefix: string;
  pools?: PoolsConfig;
  /** Serve the Next.js UI (needs `next build`); API-only when false. */
  serveUi?: boolean;
  logger?: Logger;
  /** Per-token request limit; { requests: 0 } turns it off. */
  rateLimit?: RateLimitConfig;
  /** A dedicated scrape token for GET /metrics (METRICS_TOKEN), besides API tokens with pools:read. */
  metricsToken?: string | undefined;
  /** Chroma for the collection and RAG operations (CHROMA_URL); without it they answer 503. */
  chromaUrl?: string | undefined;
}

export interface WebServer {
  url: string;
  port: number;
  adminToken: string;
  platform: Platform;
  close(): Promise<void>;
}

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The web process: one HTTP server carrying REST (/api/v1), tRPC (/api/trpc),
 * socket.io (/socket.io) and the Next.js UI. Migrates the database and creates the
 * first admin token on first start.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const log = options.logger ?? createLogger("web");
  const onError = (scope: string, err: unknown): void =>
    log.error("error", { scope, err: err instanceof Error ? err.message : String(err) });

  // Owner only (0700), before anything is written in it; the files in it are 0600.
  const dataDirState = await securePrivateDir(options.dataDir);
  if (dataDirState === "tightened") log.info(`narrowed ${options.dataDir} to mode 0700 (owner only)`);
  if (dataDirState === "not-owner") log.warn(`${options.dataDir} belongs to another user; its mode was left as it is`);

  const db = await createDatabase(options.databaseUrl);
  await db.migrate();
  const admin = await ensureAdminToken(db, options.dataDir);
  if (admin.created) log.info(`created the first admin API token; it is in ${admin.path} (mode 0600)`);
  else log.info(`admin API token file: ${admin.path}`);

  const platform = new Platform({
    redisUrl: options.redisUrl,
    prefix: options.queuePrefix,
    pools: options.pools ?? DEFAULT_POOLS,
    db,
    onError,
  });
  const auth = new Authenticator(db);
  const rateLimiter = createRateLimiter(platform.redis, options.queuePrefix, options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const loadTests = createLoadTestRegistry(platform, { onError: (err) => onError("load-test", err) });
  const rag: RagApi | null = options.chromaUrl
    ? { store: createChromaStore({ url: options.chromaUrl }), waiter: createTaskWaiter(platform), acceptsUrls: false }
    : null;
  // Prometheus: process metrics, the queue state read from Redis on each scrape, HTTP durations.
  const metricsRegistry = createMetricsRegistry();
  registerQueueStateMetrics(metricsRegistry, { read: () => readQueueState(platform), onError: (err) => onError("metrics", err) });
  const httpMetrics = createHttpMetrics(metricsRegistry, "switchyard");
  const api = createApiApp({
    platform,
    auth,
    rateLimiter,
    loadTests,
    rag,
    onError: (err) => onError("api", err),
    metrics: { registry: metricsRegistry, token: options.metricsToken },
  });

  let uiHandler: UiHandler | null = null;
  let closeUi: (() => Promise<void>) | null = null;
  if (options.serveUi ?? true) {
    const { default: next } = await import("next");
    const ui = next({ dev: false, dir: webDir, quiet: true });
    await ui.prepare();
    const handle = ui.getRequestHandler();
    uiHandler = (req, res) => handle(req, res);
    closeUi = () => ui.close();
  }

  // Body cap, security headers, answers to malformed requests and clean closes: server/http/.
  const server = createWebHttpServer({ api, ui: uiHandler, onError, httpMetrics });

  const io = new SocketServer<ClientToServerEvents, ServerToClientEvents>(server, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: undefined,
  });
  // socket.io answers /socket.io/ before the server's handler runs; its answers get the same headers.
  io.engine.on("headers", (headers: Record<string, string>) => {
    Object.assign(headers, SECURITY_HEADERS);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "cache-control")) headers["Cache-Control"] = "no-store";
  });
  const live = new LiveEvents(io, platform, auth, options.redisUrl, (err) => onError("live", err));
  await live.start();

  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const url = `http://${options.host}:${port}`;
  log.info(`web listening on ${url}`);

  let closed = false;
  return {
    url,
    port,
    adminToken: admin.token ?? "",
    platform,
    async close() {
      if (closed) return;
      closed = true;
      const steps: Array<[string, () => Promise<unknown>]> = [
        ["http", () => new Promise<void>((r) => { server.close(() => r()); server.closeIdleConnections(); })],
        ["load tests", () => loadTests.close()],
        ["rag waiter", () => rag?.waiter.close() ?? Promise.resolve()],
        ["socket.io", () => new Promise<void>((r) => { void io.close(() => r()); })],
        ["live", () => live.stop()],
        ["ui", () => closeUi?.() ?? Promise.resolve()],
        ["platform", () => platform.close()],
        ["database", () => db.close()],
      ];
      for (const [name, step] of steps) {
        try {
          await step();
        } catch (err) {
          onError(`close:${name}`, err);
        }
      }
    },
  };
}
