import type { Command } from "commander";
import { z } from "zod";
import { action, type CommandContext } from "../context.js";

const latencySchema = z.looseObject({ count: z.number(), p50Ms: z.number().nullable(), p95Ms: z.number().nullable() });
const gpuSchema = z.looseObject({
  health: z.looseObject({
    status: z.string(),
    provider: z.looseObject({ requested: z.string(), active: z.string(), fallback: z.boolean(), fallbackReason: z.string().nullable() }),
    models: z.array(z.looseObject({ id: z.string(), task: z.string(), aliases: z.array(z.string()) })),
    queue: z.looseObject({ depth: z.number(), maxDepth: z.number(), byPriority: z.record(z.string(), z.number()) }),
    memory: z.looseObject({ state: z.string(), rssMb: z.number(), softLimitMb: z.number(), criticalLimitMb: z.number() }),
  }),
  metrics: z
    .looseObject({
      batches: z.number(),
      rows: z.number(),
      queueWait: latencySchema,
      compute: latencySchema,
      completedRequests: z.number(),
      refusals: z.number(),
    })
    .nullable(),
  metricsError: z.string().nullable(),
});

export function registerGpu(program: Command): void {
  program
    .command("gpu")
    .description("the GPU runner: provider (and why it fell back to CPU), models, queue, memory, latencies (GET /api/v1/gpu-runner)")
    .action(action(runGpu));
}

const ms = (v: number | null): string => (v === null ? "-" : `${v} ms`);

async function runGpu(ctx: CommandContext): Promise<void> {
  const answer = await ctx.api.get(gpuSchema, "/api/v1/gpu-runner");
  if (ctx.json) return ctx.out.data(answer);
  const { health, metrics } = answer;
  const p = health.provider;
  const s = ctx.out.style;
  ctx.out.fields([
    ["status", s.status(health.status)],
    ["provider", p.fallback ? `${p.active} (fell back from ${p.requested}: ${p.fallbackReason ?? "no reason given"})` : p.active],
    ["models", health.models.map((m) => (m.aliases.length ? `${m.id} (${m.aliases.join(", ")})` : m.id)).join("; ") || "none"],
    ["queue", `${health.queue.depth} of ${health.queue.maxDepth} (${Object.entries(health.queue.byPriority).map(([k, v]) => `${k} ${v}`).join(", ")})`],
    ["memory", `${health.memory.state}: ${health.memory.rssMb} MB (soft ${health.memory.softLimitMb}, critical ${health.memory.criticalLimitMb})`],
    ...(metrics
      ? ([
          ["requests", `${metrics.completedRequests} completed, ${metrics.refusals} refused`],
          ["batches", `${metrics.batches} (${metrics.rows} rows)`],
          ["queue wait", `p50 ${ms(metrics.queueWait.p50Ms)}, p95 ${ms(metrics.queueWait.p95Ms)}`],
          ["compute", `p50 ${ms(metrics.compute.p50Ms)}, p95 ${ms(metrics.compute.p95Ms)}`],
        ] as Array<[string, string]>)
      : ([["metrics", answer.metricsError ?? "unavailable"]] as Array<[string, string]>)),
  ]);
}
