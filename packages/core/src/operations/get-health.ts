import { healthReportSchema } from "@switchyard/shared";
import { checkHealth } from "../health.js";
import { defineOperation, noInput } from "../operation.js";

export const getHealth = defineOperation({
  name: "get-health",
  summary: "Health of Redis, the database, the workers and Chroma",
  description:
    "Public (no token): 200 when everything is up (ok) or some pools have no live worker (degraded, named in workers.idlePools), 503 when any part is down. Shows no paths or versions.",
  tag: "health",
  input: noInput,
  output: healthReportSchema,
  permission: "public",
  sensitive: false,
  trpc: "health.get",
  kind: "query",
  rest: { method: "get", path: "/health", statuses: [200, 503] },
  status: (report) => (report.status === "down" ? 503 : 200),
  run: (ctx) => checkHealth(ctx.platform, undefined, ctx.rag?.store ?? null),
});
