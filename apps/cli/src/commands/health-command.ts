import type { Command } from "commander";
import { z } from "zod";
import { action, type CommandContext } from "../context.js";
import { EXIT } from "../exit-codes.js";

const componentSchema = z.looseObject({
  status: z.string(),
  detail: z.string().optional(),
  latencyMs: z.number().optional(),
  count: z.number().optional(),
});
const healthSchema = z.looseObject({
  status: z.string(),
  redis: componentSchema,
  database: componentSchema,
  workers: componentSchema,
});

export function registerHealth(program: Command): void {
  program
    .command("health")
    .description("Redis, database and workers (GET /api/v1/health; no token needed); exit 5 when down")
    .action(action(runHealth));
}

async function runHealth(ctx: CommandContext): Promise<number> {
  const report = await ctx.api.request(healthSchema, "GET", "/api/v1/health", { acceptStatus: [503] });
  if (ctx.json) ctx.out.data(report);
  else {
    const s = ctx.out.style;
    ctx.out.line(`status: ${s.status(report.status)}`);
    for (const name of ["redis", "database", "workers"] as const) {
      const c = report[name];
      const extra = [
        c.count !== undefined ? `${c.count} alive` : "",
        c.latencyMs !== undefined ? `${c.latencyMs} ms` : "",
        c.detail ?? "",
      ].filter(Boolean);
      ctx.out.line(`  ${name.padEnd(9)} ${s.status(c.status)}${extra.length ? ` (${extra.join(", ")})` : ""}`);
    }
  }
  // degraded still serves (some pools wait for their worker): not an outage.
  return report.status === "down" ? EXIT.unavailable : EXIT.ok;
}
