import { timingSafeEqual } from "node:crypto";
import type { Hono } from "hono";
import { ForbiddenError, roleHasPermission } from "@switchyard/shared";
import { identify, type AdmissionDeps } from "./admission.js";
import { bearerToken } from "./authenticator.js";
import type { MetricsEndpoint } from "./metrics-endpoint.js";
import { credentialsOf } from "./rest/rest-router.js";

function sameSecret(given: string, want: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics (Prometheus text format). Never public: the dedicated scrape token, or a
 * bearer API token whose role has `pools:read` (the queue state is what GET /pools shows).
 * API tokens are counted against the caller's request limit like any request; refusals
 * are the API's usual 401/403/429 answers.
 */
export function mountMetrics(app: Hono, endpoint: MetricsEndpoint, deps: AdmissionDeps): void {
  app.get("/metrics", async (c) => {
    const given = bearerToken(c.req.header("authorization"));
    if (!(endpoint.token && given && sameSecret(given, endpoint.token))) {
      const presented = await identify(deps, credentialsOf(c));
      if (!presented.caller) throw presented.refusal;
      if (!roleHasPermission(presented.caller.role, "pools:read")) throw new ForbiddenError(`role ${presented.caller.role} lacks pools:read`);
    }
    const text = await endpoint.registry.metrics();
    return c.body(text, 200, { "content-type": endpoint.registry.contentType, "cache-control": "no-store" });
  });
}
