import type { Context, MiddlewareHandler } from "hono";
import { httpMetricsMiddleware } from "@switchyard/observability";
import { RunnerError } from "../errors.js";
import type { Runner } from "../runner.js";

/** The inference endpoints counted in gpu_runner_requests_total, by `api` label. */
function inferenceApi(method: string, path: string): string | null {
  if (method !== "POST") return null;
  if (path === "/v1/embeddings") return "openai";
  if (path === "/v1/similarity") return "similarity";
  if (path === "/v1/classify") return "classify";
  if (/^\/v2\/models\/[^/]+\/infer$/.test(path)) return "kserve";
  return null;
}

// The model a handler resolved, per request; requests refused before that are "unknown".
const resolvedModel = new WeakMap<Request, string>();

/** Called by a handler once it knows which model the request is for (a known id, never raw input). */
export function noteModel(c: Context, model: string): void {
  resolvedModel.set(c.req.raw, model);
}

function outcomeOf(c: Context): string {
  const status = c.res.status;
  if (status < 400) return "ok";
  if (c.error instanceof RunnerError) return c.error.code.toLowerCase();
  if (status === 401) return "unauthorized";
  if (status === 413) return "payload_too_large";
  return c.error ? "error" : `http_${status}`;
}

/**
 * First on the runner's app, around everything: the end-to-end latency of every request by
 * route template and status (gpu_runner_http_request_duration_seconds), and one count per
 * inference request in gpu_runner_requests_total, refusals before the handler (401, 413, 400
 * on a malformed body, 404 on an unknown model) included.
 */
export function requestMetrics(runner: Runner): MiddlewareHandler[] {
  const timing = httpMetricsMiddleware(runner.metrics.http);
  const counting: MiddlewareHandler = async (c, next) => {
    const api = inferenceApi(c.req.method, c.req.path);
    try {
      await next();
    } finally {
      if (api) runner.metrics.requests.inc({ api, model: resolvedModel.get(c.req.raw) ?? "unknown", outcome: outcomeOf(c) });
    }
  };
  return [timing, counting];
}
