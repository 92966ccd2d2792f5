import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { operations } from "@switchyard/core";
import { NotFoundError, RateLimitedError, ServiceUnavailableError } from "@switchyard/shared";
import { identify, type Admitted } from "./admission.js";
import type { ApiDeps } from "./api-deps.js";
import { mountDocs } from "./docs/docs-routes.js";
import { toHttpError, toTrpcError } from "./error-map.js";
import { mountMetrics } from "./metrics-route.js";
import { buildOpenApiDocument } from "./openapi/openapi-document.js";
import { credentialsOf, mountRestRoutes, requestInfoOf, REST_BASE, sessionChannel } from "./rest/rest-router.js";
import { createTrpcRouter } from "./trpc/trpc-router.js";

/** The most calls one tRPC batch may carry (each counts against the caller's rate limit). */
export const MAX_TRPC_BATCH = 10;
const API_VERSION = "1.0.0";

/**
 * The whole API as one hono app: REST under /api/v1 and tRPC under /api/trpc, both generated
 * from the operation registry; the OpenAPI document at /api/v1/openapi.json and its docs page
 * at /docs (public, like health). Errors map to HTTP in one place (error-map.ts).
 */
export function createApiApp(deps: ApiDeps): Hono {
  const app = new Hono();
  const router = createTrpcRouter(operations);
  const document = buildOpenApiDocument(operations, API_VERSION);

  app.onError((err, c) => {
    const mapped = toHttpError(err);
    if (mapped.status >= 500) deps.onError(err);
    return c.json(mapped.body, mapped.status as 400, mapped.headers);
  });
  app.notFound((c) => {
    const mapped = toHttpError(new NotFoundError(`route ${c.req.method} ${c.req.path}`));
    return c.json(mapped.body, 404);
  });

  app.get(`${REST_BASE}/openapi.json`, (c) => c.json(document));
  mountDocs(app);
  if (deps.metrics) mountMetrics(app, deps.metrics, deps);

  app.all("/api/trpc/*", (c) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req: c.req.raw,
      router,
      allowBatching: true,
      maxBatchSize: MAX_TRPC_BATCH,
      // Once per request, after tRPC has parsed the batch: one identification, every call counted.
      createContext: async ({ info, resHeaders }) => {
        try {
          const creds = credentialsOf(c);
          const presented = await identify(deps, creds, Math.max(1, info.calls.length));
          return {
            deps,
            presented,
            csrf: creds.csrf,
            request: requestInfoOf(c),
            sessionFor: (admitted: Admitted) =>
              sessionChannel(admitted, deps.secureCookies ?? false, (value) => resHeaders.append("set-cookie", value)),
          };
        } catch (err) {
          throw toTrpcError(err);
        }
      },
      // REST and tRPC answer a refusal the same way: Retry-After when the client should come back later.
      responseMeta: ({ errors }) => {
        const retry = errors
          .map((e) => e.cause)
          .find((c): c is RateLimitedError | ServiceUnavailableError => c instanceof RateLimitedError || c instanceof ServiceUnavailableError);
        return retry ? { headers: new Headers({ "retry-after": String(retry.retryAfterSeconds) }) } : {};
      },
      onError: ({ error }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") deps.onError(error.cause ?? error);
      },
    }),
  );

  mountRestRoutes(app, operations, deps);
  app.all("/api/*", () => {
    throw new NotFoundError("route");
  });
  return app;
}

export type { AppRouter } from "./trpc/trpc-router.js";
