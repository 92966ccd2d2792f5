import type { Command } from "commander";
import { action, type CommandContext } from "../context.js";
import { formatNumber } from "../format.js";
import { poolsAnswerSchema, poolState } from "../pool-api.js";

/** `pools` lists; its subcommands (registered by their own files) steer one pool. */
export function registerPools(program: Command): Command {
  return program
    .command("pools")
    .description("list pools with their state, queue counts and throughput (GET /api/v1/pools); subcommands steer one")
    .action(action(runPools));
}

async function runPools(ctx: CommandContext): Promise<void> {
  const { pools } = await ctx.api.get(poolsAnswerSchema, "/api/v1/pools");
  if (ctx.json) return ctx.out.data({ pools });
  ctx.out.table(
    [
      { header: "POOL" },
      { header: "STATE" },
      { header: "WORKERS", align: "right" },
      { header: "CONCURRENCY", align: "right" },
      { header: "WAITING", align: "right" },
      { header: "ACTIVE", align: "right" },
      { header: "DELAYED", align: "right" },
      { header: "COMPLETED", align: "right" },
      { header: "FAILED", align: "right" },
      { header: "PER_S_1M", align: "right" },
      { header: "PER_S_10S", align: "right" },
    ],
    pools.map((p) => [
      p.name,
      { text: poolState(p), style: ctx.out.style.status },
      String(p.workers),
      String(p.config.concurrency),
      String(p.counts.waiting),
      String(p.counts.active),
      String(p.counts.delayed),
      String(p.counts.completed),
      String(p.counts.failed),
      formatNumber(p.throughput.perSecond1m),
      formatNumber(p.throughput.perSecond10s),
    ]),
  );
}
