import type { Command } from "commander";
import { z } from "zod";
import { action, type CommandContext } from "../context.js";
import { formatAge, formatBytes } from "../format.js";

const workerSchema = z.looseObject({
  id: z.string(),
  host: z.string(),
  pid: z.number(),
  version: z.string(),
  pools: z.array(z.string()),
  concurrency: z.record(z.string(), z.number()),
  active: z.number(),
  memory: z.looseObject({ rss: z.number(), heapUsed: z.number() }),
  lastSeen: z.number(),
  status: z.string(),
});
const workersAnswerSchema = z.looseObject({ workers: z.array(workerSchema) });

export function registerWorkers(program: Command): void {
  program
    .command("workers")
    .description("worker processes from their heartbeats: alive or gone, pools, active tasks, memory (GET /api/v1/workers)")
    .action(action(runWorkers));
}

async function runWorkers(ctx: CommandContext): Promise<void> {
  const answer = await ctx.api.get(workersAnswerSchema, "/api/v1/workers");
  if (ctx.json) return ctx.out.data(answer);
  if (answer.workers.length === 0) return ctx.out.line("no workers have sent a heartbeat in the last 10 minutes");
  ctx.out.table(
    [
      { header: "WORKER" },
      { header: "STATUS" },
      { header: "HOST" },
      { header: "PID", align: "right" },
      { header: "POOLS", maxWidth: 50 },
      { header: "ACTIVE", align: "right" },
      { header: "SLOTS", align: "right" },
      { header: "RSS", align: "right" },
      { header: "VERSION" },
      { header: "LAST_SEEN" },
    ],
    answer.workers.map((w) => [
      w.id,
      { text: w.status, style: ctx.out.style.status },
      w.host,
      String(w.pid),
      w.pools.join(","),
      String(w.active),
      String(Object.values(w.concurrency).reduce((a, b) => a + b, 0)),
      formatBytes(w.memory.rss),
      w.version,
      formatAge(w.lastSeen),
    ]),
  );
}
