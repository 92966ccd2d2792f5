import { Hono, type Context } from "hono";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import {
  checkHealth,
  getTask,
  listPoolStats,
  listTasks,
  listWorkers,
  submitBulk,
  submitTask,
  type Platform,
} from "@switchyard/queue";
import { MAX_BODY_BYTES, NotFoundError, PayloadTooLargeError } from "@switchyard/shared";
import { requirePermission, type Authenticator, type Permission } from "../auth.js";
import { toHttpError } from "../error-map.js";
import { appRouter } from "../trpc/router.js";
import { readJson } from "./read-json.js";

export interface RestDeps {
  platform: Platform;
  auth: Authenticator;
  onError: (err: unknown) => void;
}

/**
 * The REST API (/api/v1) and the tRPC endpoint (/api/trpc). Each route: check the token,
 * validate, call one domain function from @switchyard/queue, map the result.
 */
export function createApiApp({ platform, auth, onError }: RestDeps): Hono {
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

  const guard = async (c: Context, permission: Permission): Promise<void> => {
    requirePermission(await auth.fromHeader(c.req.header("authorization")), permission);
  };

  app.get("/api/v1/health", async (c) => {
    const report = await checkHealth(platform);
    return c.json(report, report.status === "ok" ? 200 : 503);
  });

  app.post("/api/v1/tasks/bulk", async (c) => {
    await guard(c, "tasks:submit");
    return c.json(await submitBulk(platform, await readJson(c)), 202);
  });

  app.post("/api/v1/tasks", async (c) => {
    await guard(c, "tasks:submit");
    return c.json(await submitTask(platform, await readJson(c)), 202);
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

  app.get("/api/v1/workers", async (c) => {
    await guard(c, "pools:read");
    return c.json({ workers: await listWorkers(platform.redis, platform.prefix) });
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
