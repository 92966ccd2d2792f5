import { Hono } from "hono";
import type { Runner } from "../runner.js";

/**
 * The probes, served without a key: Kubernetes probes and KServe clients call them without
 * credentials. /health is the runner's report (503 while draining); /v2/health/live and
 * /v2/health/ready are KServe v2's server probes ({"live": true}; {"ready": bool}, 503 when
 * not ready). None of them names a file or folder (runner/health-report.ts).
 */
export function healthRoutes(runner: Runner): Hono {
  const app = new Hono();
  app.get("/health", (c) => {
    const h = runner.health();
    return c.json(h, h.status === "draining" || h.status === "closed" ? 503 : 200);
  });
  app.get("/v2/health/live", (c) => c.json({ live: true }));
  app.get("/v2/health/ready", (c) => {
    const ready = runner.accepting && runner.models.list().length > 0;
    return c.json({ ready }, ready ? 200 : 503);
  });
  return app;
}
