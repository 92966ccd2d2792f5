import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { Server as SocketServer } from "socket.io";
import { createDatabase } from "@switchyard/db";
import { createLoadTestRegistry, createLogger, Platform, type TaskLogger } from "@switchyard/queue";
import { DEFAULT_POOLS, type ClientToServerEvents, type PoolsConfig, type ServerToClientEvents } from "@switchyard/shared";
import { Authenticator } from "./auth.js";
import { ensureAdminToken } from "./bootstrap-admin-token.js";
import { LiveEvents } from "./live/live-events.js";
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitConfig } from "./rate-limit.js";
import { createApiApp } from "./rest/app.js";

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
  logger?: TaskLogger;
  /** Per-token request limit; { requests: 0 } turns it off. */
  rateLimit?: RateLimitConfig;
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
  const api = createApiApp({ platform, auth, rateLimiter, loadTests, onError: (err) => onError("api", err) });
  const apiListener = getRequestListener(api.fetch);

  let uiHandler: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null = null;
  let closeUi: (() => Promise<void>) | null = null;
  if (options.serveUi ?? true) {
    const { default: next } = await import("next");
    const ui = next({ dev: false, dir: webDir, quiet: true });
    await ui.prepare();
    const handle = ui.getRequestHandler();
    uiHandler = (req, res) => handle(req, res);
    closeUi = () => ui.close();
  }

  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith("/api/")) {
      void apiListener(req, res);
    } else if (uiHandler) {
      uiHandler(req, res).catch((err: unknown) => {
        onError("ui", err);
        if (!res.headersSent) res.writeHead(500).end("internal error");
      });
    } else {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":"NOT_FOUND","message":"UI disabled"}}');
    }
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 65_000;

  const io = new SocketServer<ClientToServerEvents, ServerToClientEvents>(server, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: undefined,
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
