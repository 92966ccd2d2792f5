import { Hono } from "hono";
import { bearerToken } from "../auth.js";
import { RunnerError } from "../errors.js";
import type { Runner } from "../runner.js";
import { kserveError, openAiError } from "./error-response.js";
import { healthRoutes } from "./health-routes.js";
import { kserveRoutes } from "./kserve-routes.js";
import { contentLengthExceeds } from "./read-json.js";
import { openAiRoutes } from "./openai-routes.js";
import { requestMetrics } from "./request-metrics.js";
import { traceSpan } from "./trace-span.js";

/**
 * The runner's HTTP API. The probes (/health, /v2/health/live, /v2/health/ready) are public;
 * everything else needs `Authorization: Bearer <runner key or platform token>`. Bodies over
 * the limit are refused with 413 before they are read (Content-Length) or as soon as they
 * pass it (chunked).
 */
export function createApp(runner: Runner): Hono {
  const app = new Hono();
  const errorFor = (path: string) => (path.startsWith("/v2") ? kserveError : openAiError);

  // Before everything else, so refusals by the checks below are timed and counted too.
  app.use("*", ...requestMetrics(runner));

  // Registered before the key check, which therefore never runs for them.
  app.route("/", healthRoutes(runner));

  // The API's requests (not the probes above) in a span, continuing the caller's trace.
  app.use("*", traceSpan());

  app.use("*", async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    if (!token || !(await runner.auth.check(token))) {
      runner.metrics.refusals.inc({ reason: "unauthorized" });
      const message = !token
        ? "missing Authorization: Bearer <key> header"
        : runner.auth.configured
          ? "unknown API key"
          : "no API keys are configured on this runner (set GPU_RUNNER_KEYS)";
      c.header("WWW-Authenticate", 'Bearer realm="gpu-runner"');
      return errorFor(c.req.path)(c, new RunnerError("UNAUTHORIZED", message));
    }
    await next();
  });

  // Bodies announced larger than the limit are refused before reading; chunked bodies are
  // cut off while reading (read-json.ts).
  app.use("*", async (c, next) => {
    if (contentLengthExceeds(c, runner.config.http.bodyLimitBytes)) {
      runner.metrics.refusals.inc({ reason: "payload_too_large" });
      c.header("Connection", "close");
      return errorFor(c.req.path)(c, new RunnerError("PAYLOAD_TOO_LARGE", `request body is larger than ${runner.config.http.bodyLimitBytes} bytes`));
    }
    await next();
  });

  app.get("/metrics", async (c) => {
    const text = await runner.metrics.registry.metrics();
    return c.body(text, 200, { "content-type": runner.metrics.registry.contentType });
  });

  app.route("/v1", openAiRoutes(runner));
  app.route("/v2", kserveRoutes(runner));

  app.notFound((c) => errorFor(c.req.path)(c, new RunnerError("MODEL_NOT_FOUND", `no route ${c.req.method} ${c.req.path}`)));
  app.onError((err, c) => errorFor(c.req.path)(c, err));
  return app;
}
