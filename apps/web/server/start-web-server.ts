import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Server as SocketServer } from "socket.io";
import { createDatabase } from "@switchyard/db";
import { Authenticator, createApiApp, createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitConfig } from "@switchyard/api";
import { AuditLog, loadOrCreateAuditKey } from "@switchyard/audit";
import {
  createLoadTestRegistry,
  createTaskWaiter,
  Identity,
  installSchedules,
  localOrigin,
  readQueueState,
  relyingPartyFor,
  RevocationBus,
  SecretBox,
  TokenAdmin,
  type IdentityConfig,
  type RagApi,
  type RelyingParty,
} from "@switchyard/core";
import { createHttpMetrics, createLogger, createMetricsRegistry, registerQueueStateMetrics, type Logger } from "@switchyard/observability";
import { Platform } from "@switchyard/queue";
import { createChromaStore } from "@switchyard/rag";
import { DEFAULT_POOLS, type ClientToServerEvents, type PoolsConfig, type ServerToClientEvents } from "@switchyard/shared";
import { ensureAdminToken, securePrivateDir } from "./bootstrap-admin-token.js";
import { loadOrCreateKey } from "./data-dir-keys.js";
import { SECURITY_HEADERS } from "./http/security-headers.js";
import { createWebHttpServer, type UiHandler } from "./http/web-http-server.js";
import { EventHub } from "./live/event-hub.js";
import { LiveEvents } from "./live/live-events.js";
import { createSseRoute } from "./live/sse-route.js";

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
  /** The GPU runner the dashboard's GPU page reads (GPU_RUNNER_URL, and its key for /metrics); without it that page answers 503. */
  gpuRunner?: { url: string; key?: string | null } | undefined;
  /**
   * Text search over the task history on SQLite (TASK_SEARCH): off by default there, since keeping
   * the index costs the history writer about a sixth of its rate; PostgreSQL always has it.
   */
  taskSearch?: boolean;
  /** The clock of sessions and second factors (tests move it instead of waiting). */
  identityClock?: () => Date;
  /** Session lifetimes, step-up window, sign-in limits (defaults: DEFAULT_IDENTITY_CONFIG). */
  identity?: Partial<IdentityConfig>;
  /** Session cookies get `Secure` (served over TLS, or behind a TLS-terminating proxy). */
  secureCookies?: boolean;
  /**
   * Passkeys' relying party (WEBAUTHN_ORIGIN, WEBAUTHN_RP_ID, WEBAUTHN_RP_NAME). Origins unset: the
   * address this server listens on, a loopback or wildcard host as http://localhost:PORT.
   */
  webauthn?: { origins?: string[] | undefined; rpId?: string | undefined; rpName?: string | undefined };
  /** The audit log's name in signed checkpoints (default "switchyard/audit"). */
  auditOrigin?: string;
  /** Sign an audit checkpoint after this many entries (default 1000) or this often (default 5 min). */
  auditCheckpointEvery?: number;
  auditCheckpointIntervalMs?: number;
  /** Install the maintenance schedules (SCHEDULES, on in production; off unless asked here, so tests' queues stay empty). */
  schedules?: boolean;
}

export interface WebServer {
  url: string;
  port: number;
  adminToken: string;
  platform: Platform;
  audit: AuditLog;
  identity: Identity;
  close(): Promise<void>;
}

/** The background search-index catch-up: how often, and at most how many rows per run. */
const SEARCH_CATCH_UP_INTERVAL_MS = 30_000;
const SEARCH_CATCH_UP_ROWS = 50_000;

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
  await db.tasks.setSearchIndexing(options.taskSearch ?? false);
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
  if (options.schedules) {
    // Idempotent by scheduler id, so every web process may do it; a failure leaves the API up.
    await installSchedules(platform).then(
      ({ installed }) => log.info("maintenance schedules installed", { installed }),
      (err: unknown) => onError("schedules", err),
    );
  }
  const auth = new Authenticator(db);
  // People, sessions and tokens: keys in DATA_DIR (0600); revocations reach every process through Redis.
  const [boxKey, csrfKey] = await Promise.all([
    loadOrCreateKey(join(options.dataDir, "secret-box.key")),
    loadOrCreateKey(join(options.dataDir, "csrf.key")),
  ]);
  // Its own connection (subscriber mode), queueing the SUBSCRIBE until it is connected.
  const revocationSubscriber = platform.redis.duplicate({ enableOfflineQueue: true });
  const bus = new RevocationBus(platform.redis, `${options.queuePrefix}:{switchyard}:revocations`, revocationSubscriber);
  await bus.start();
  // Passkeys' relying party: from configuration now (a mistake stops the start), else once the port is known.
  const webauthn = options.webauthn ?? {};
  let relyingParty: RelyingParty | null = webauthn.origins
    ? relyingPartyFor({ origins: webauthn.origins, id: webauthn.rpId, name: webauthn.rpName })
    : null;
  const identity = new Identity({
    relyingParty: () => relyingParty,
    db,
    redis: platform.redis,
    prefix: options.queuePrefix,
    box: new SecretBox(boxKey),
    csrfKey,
    bus,
    ...(options.identity ? { config: options.identity } : {}),
    ...(options.identityClock ? { now: options.identityClock } : {}),
  });
  const tokens = new TokenAdmin(db, bus);
  const audit = new AuditLog({
    store: db.audit,
    key: loadOrCreateAuditKey(join(options.dataDir, "audit-signing-key.pem")),
    origin: options.auditOrigin ?? "switchyard/audit",
    ...(options.auditCheckpointEvery ? { checkpointEvery: options.auditCheckpointEvery } : {}),
    ...(options.auditCheckpointIntervalMs ? { checkpointIntervalMs: options.auditCheckpointIntervalMs } : {}),
    onError: (err) => onError("audit", err),
  });
  audit.start();
  // The text-search index is filled late (SQLite; see migration task_search): keep it near current
  // in the background, a bounded batch at a time, so a search seldom has much to take in first.
  let searchCatchUp: Promise<unknown> | null = null;
  const searchIndexer = setInterval(() => {
    searchCatchUp ??= db.tasks
      .catchUpSearchIndex(SEARCH_CATCH_UP_ROWS)
      .catch((err: unknown) => onError("search index", err))
      .finally(() => {
        searchCatchUp = null;
      });
  }, SEARCH_CATCH_UP_INTERVAL_MS);
  searchIndexer.unref();
  const rateLimiter = createRateLimiter(platform.redis, options.queuePrefix, options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const loadTests = createLoadTestRegistry(platform, { onError: (err) => onError("load-test", err) });
  const rag: RagApi | null = options.chromaUrl
    ? { store: createChromaStore({ url: options.chromaUrl }), waiter: createTaskWaiter(platform), acceptsUrls: true }
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
    gpuRunner: options.gpuRunner ?? null,
    identity,
    tokens,
    audit,
    secureCookies: options.secureCookies ?? false,
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

  // Live task events: one subscription core for socket.io and SSE (GET /api/v1/events).
  const live = new EventHub(platform, options.redisUrl, (err) => onError("live", err));
  const eventStream = createSseRoute({ hub: live, admission: { auth, rateLimiter, identity }, onError: (err) => onError("events", err) });

  // Body cap, security headers, answers to malformed requests and clean closes: server/http/.
  const server = createWebHttpServer({ api, ui: uiHandler, onError, httpMetrics, ownRoutes: eventStream });

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
  new LiveEvents(io, live, { auth, identity }).start();
  await live.start();
  // A revoked token, ended session or changed person: no cached answer survives, open sockets and event streams close.
  bus.onRevoked((r) => {
    auth.forgetAll();
    live.disconnect(r);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const url = `http://${options.host}:${port}`;
  log.info(`web listening on ${url}`);
  if (!relyingParty) {
    try {
      relyingParty = relyingPartyFor({ origins: [localOrigin(options.host, port)], id: webauthn.rpId, name: webauthn.rpName });
    } catch (err) {
      // Listening on an IP address that is not loopback: passkeys need WEBAUTHN_ORIGIN (they answer 503 until then).
      log.warn(`passkeys are off: ${err instanceof Error ? err.message : String(err)}; set WEBAUTHN_ORIGIN`);
    }
  }
  if (relyingParty) log.info(`passkeys: relying party ${relyingParty.id} for ${relyingParty.origins.join(", ")}`);

  let closed = false;
  return {
    url,
    port,
    adminToken: admin.token ?? "",
    platform,
    audit,
    identity,
    async close() {
      if (closed) return;
      closed = true;
      const steps: Array<[string, () => Promise<unknown>]> = [
        // Open event streams would hold the HTTP server open: end them first.
        ["live streams", () => live.endAll()],
        ["http", () => new Promise<void>((r) => { server.close(() => r()); server.closeIdleConnections(); })],
        ["search index", async () => {
          clearInterval(searchIndexer);
          await searchCatchUp;
        }],
        ["load tests", () => loadTests.close()],
        ["rag waiter", () => rag?.waiter.close() ?? Promise.resolve()],
        ["socket.io", () => new Promise<void>((r) => { void io.close(() => r()); })],
        ["live", () => live.stop()],
        ["ui", () => closeUi?.() ?? Promise.resolve()],
        ["audit", () => audit.close()],
        ["revocations", () => revocationSubscriber.quit()],
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
