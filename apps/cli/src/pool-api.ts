import { z } from "zod";
import { poolStatsSchema, type PoolStats } from "@switchyard/shared";
import type { ApiClient } from "./api-client.js";
import type { CommandContext } from "./context.js";

export const poolsAnswerSchema = z.object({ pools: z.array(poolStatsSchema) });

/** PATCH /pools/:name answers the pool's stats and what the change did. */
export const poolPatchAnswerSchema = z.looseObject({
  pool: poolStatsSchema,
  drained: z.number().int().optional(),
  notifiedWorkers: z.number().int().optional(),
});
export type PoolPatchAnswer = z.infer<typeof poolPatchAnswerSchema>;

export function patchPool(api: ApiClient, name: string, body: Record<string, unknown>): Promise<PoolPatchAnswer> {
  return api.patch(poolPatchAnswerSchema, `/api/v1/pools/${encodeURIComponent(name)}`, body);
}

export function poolState(p: Pick<PoolStats, "paused">): "paused" | "running" {
  return p.paused ? "paused" : "running";
}

/** The shared tail of every pool-changing command: JSON, or one line about the pool. */
export function reportPatch(ctx: CommandContext, answer: PoolPatchAnswer, what: string): void {
  if (ctx.json) return ctx.out.data(answer);
  const p = answer.pool;
  ctx.out.line(
    `pool ${p.name}: ${what}; now ${ctx.out.style.status(poolState(p))}, concurrency ${p.config.concurrency}, ` +
      `${p.counts.waiting} waiting, ${p.counts.active} active`,
  );
}
