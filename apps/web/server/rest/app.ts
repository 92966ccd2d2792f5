import { Hono, type Context } from "hono";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { TokenRecord } from "@switchyard/db";
import {
  cancelTask,
  checkHealth,
  clearFault,
  getTask,
  listCircuitBreakers,
  listDeadLetters,
  listPoolStats,
  listTasks,
  listWorkers,
  patchPool,
  redriveDeadLetters,
  resetPool,
  retryTask,
  setFault,
  submitBulk,
  submitTask,
  type LoadTestRegistry,
  type Platform,
  type SubmitOptions,
} from "@switchyard/queue";
import {
  fromZodIssues,
  idempotencyKeySchema,
  MAX_BODY_BYTES,
  NotFoundError,
  PayloadTooLargeError,
} from "@switchyard/shared";
import { requirePermission, type Authenticator, type Permission } from "../auth.js";
import type { RequestRateLimiter } from "../rate-limit.js";
import { toHttpError } from "../error-map.js";
import { appRouter } from "../trpc/router.js";
import { readJson } from "./read-json.js";

export interface RestDeps {
  platform: Platform;
  auth: Authenticator;
  rateLimiter: RequestRateLimiter;
  loadTests: LoadTestRegistry;
  onError: (err: unknown) => void;
}

const faultNameSchema = idempotencyKeySchema.max(100);

function parseFaultName(raw: string): string {
  const name = faultNameSchema.safeParse(raw);
  if (!name.success) throw fromZodIssues(name.error.issues, ["name"]);
  return name.data;
}

/** The Idempotency-Key header, validated, scoped to the calling token. */
function submitOptions(c: Context, token: TokenRecord): SubmitOptions {
  const raw = c.req.header("idempotency-key");
  if (raw === undefined) return { scope: token.id };
  const parsed = idempotencyKeySchema.safeParse(raw);
  if (!parsed.success) throw fromZodIssues(parsed.error.issues, ["Idempotency-Key"]);
  return { scope: token.id, idempotencyKey: parsed.data };
}

/**
 * The REST API (/api/v1) and the tRPC endpoint (/api/trpc). Each route: check the token,
 * validate, call one domain function from @switchyard/queue, map the result.
 */
export function createApiApp({ platform, auth, rateLimiter, loadTests, onError }: RestDeps): Hono {
  const app = new Hono();

  app.onError((err, c) => {
    const mapped = toHttpError(err);
    if (mapped.status >= 500) onError(err);
    return c.json(mapped.body, mapped.status as 400, mapped.headers);
  });
  app.notFound((c) => c.json({ error: { code: "NOT_FOUND", message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  // Refuse oversized bodies before anything else reads them.
  app.use("*", async (c, next) => {
    if (Number(c.req.header("content-length") ?? "0") > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
    await next();
  });

  // Per-token request limits for everything but health (REST and tRPC alike).
  app.use("/api/*", async (c, next) => {
    if (c.req.path !== "/api/v1/health") await rateLimiter.consume(c.req.header("authorization"));
    await next();
  });

  const guard = async (c: Context, permission: Permission): Promise<TokenRecord> => {
    const token = await auth.fromHeader(c.req.header("authorization"));
    requirePermission(token, permission);
    return token;
  };

  app.get("/api/v1/health", async (c) => {
    const report = await checkHealth(platform);
    return c.json(report, report.status === "ok" ? 200 : 503);
  });

  app.post("/api/v1/tasks/bulk", async (c) => {
    const token = await guard(c, "tasks:submit");
    const out = await submitBulk(platform, await readJson(c), submitOptions(c, token));
    if (out.replayed) c.header("idempotent-replayed", "true");
    return c.json(out, 202);
  });

  app.post("/api/v1/tasks", async (c) => {
    const token = await guard(c, "tasks:submit");
    const out = await submitTask(platform, await readJson(c), submitOptions(c, token));
    if (out.replayed) c.header("idempotent-replayed", "true");
    return c.json(out, 202);
  });

  app.post("/api/v1/tasks/:id/cancel", async (c) => {
    const token = await guard(c, "tasks:control");
    const out = await cancelTask(platform, c.req.param("id"), `token ${token.name}`);
    // 202: an active task was told to stop and is still stopping.
    return c.json(out, out.stopped ? 200 : 202);
  });

  app.post("/api/v1/tasks/:id/retry", async (c) => {
    await guard(c, "tasks:control");
    return c.json(await retryTask(platform, c.req.param("id")), 202);
  });

  app.get("/api/v1/dead-letters", async (c) => {
    await guard(c, "tasks:read");
    return c.json(await listDeadLetters(platform, c.req.query()));
  });

  app.post("/api/v1/dead-letters/redrive", async (c) => {
    await guard(c, "tasks:control");
    return c.json(await redriveDeadLetters(platform, await readJson(c)));
  });

  app.get("/api/v1/tasks/:id", async (c) => {
    await guard(c, "tasks:read");
    return c.json(await getTask(platform, c.req.param("id")));
  });

  app.get("/api/v1/tasks", async (c) => {
    await guard(c, "tasks:read");
    return c.json(await listTasks(platform, c.req.query()));
  });

  app.get("/api/v1/pools", async (c) => {
    await guard(c, "pools:read");
    return c.json({ pools: await listPoolStats(platform) });
  });

  app.patch("/api/v1/pools/:name", async (c) => {
    await guard(c, "pools:write");
    return c.json(await patchPool(platform, c.req.param("name"), await readJson(c)));
  });

  app.post("/api/v1/pools/:name/reset", async (c) => {
    await guard(c, "pools:reset");
    return c.json(await resetPool(platform, c.req.param("name")));
  });

  app.get("/api/v1/workers", async (c) => {
    await guard(c, "pools:read");
    return c.json({ workers: await listWorkers(platform.redis, platform.prefix) });
  });

  app.get("/api/v1/circuit-breakers", async (c) => {
    await guard(c, "pools:read");
    return c.json(await listCircuitBreakers(platform));
  });

  // Load tests run in this process in the background (one at a time); poll the report.
  app.post("/api/v1/load-tests", async (c) => {
    await guard(c, "loadtests:run");
    const report = loadTests.start(await readJson(c));
    c.header("location", `/api/v1/load-tests/${report.id}`);
    return c.json(report, 202);
  });

  app.get("/api/v1/load-tests", async (c) => {
    await guard(c, "pools:read");
    return c.json({ items: loadTests.list() });
  });

  app.get("/api/v1/load-tests/:id", async (c) => {
    await guard(c, "pools:read");
    return c.json(loadTests.get(c.req.param("id")));
  });

  // Fault flags (admin): break and heal a diagnostic cause on purpose, e.g. for drills.
  app.put("/api/v1/faults/:name", async (c) => {
    await guard(c, "faults:write");
    const name = parseFaultName(c.req.param("name"));
    await setFault(platform.redis, platform.prefix, name);
    return c.json({ name, active: true });
  });

  app.delete("/api/v1/faults/:name", async (c) => {
    await guard(c, "faults:write");
    const name = parseFaultName(c.req.param("name"));
    await clearFault(platform.redis, platform.prefix, name);
    return c.json({ name, active: false });
  });

  app.all("/api/trpc/*", (c) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req: c.req.raw,
      router: appRouter,
      createContext: () => ({ platform, auth, authorization: c.req.header("authorization") ?? null }),
      onError: ({ error }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") onError(error);
      },
    }),
  );

  app.all("/api/*", () => {
    throw new NotFoundError("route");
  });

  return app;
}
