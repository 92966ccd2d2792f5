import { Option, type Command } from "commander";
import { z } from "zod";
import { POOL_NAMES } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { intOption } from "../parse-options.js";

interface StatsOptions {
  pool?: string;
  minutes?: number;
}

const bucketSchema = z.looseObject({ start: z.string(), completed: z.number(), failed: z.number(), p50Ms: z.number().nullable(), p95Ms: z.number().nullable() });
const statsSchema = z.looseObject({
  from: z.string(),
  to: z.string(),
  pools: z.array(z.looseObject({ pool: z.string(), buckets: z.array(bucketSchema) })),
});

export function registerStats(program: Command): void {
  program
    .command("stats")
    .description("completed and failed tasks and p50/p95 run time per pool over the last minutes (GET /api/v1/task-stats)")
    .addOption(new Option("--pool <name>", "only this pool").choices(POOL_NAMES))
    .option("--minutes <n>", "how far back (5-60, server default 60)", intOption(5, 60))
    .addHelpText("after", "\nWith --json: every pool's per-minute buckets.")
    .action(action<StatsOptions>(runStats));
}

/** The largest of the minutes' percentiles: a bound for the window, not a percentile of it. */
const worst = (values: Array<number | null>): string => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? `${Math.max(...known)} ms` : "-";
};

async function runStats(ctx: CommandContext, opts: StatsOptions): Promise<void> {
  const answer = await ctx.api.get(statsSchema, "/api/v1/task-stats", { pool: opts.pool, minutes: opts.minutes });
  if (ctx.json) return ctx.out.data(answer);
  ctx.out.table(
    [
      { header: "POOL" },
      { header: "COMPLETED", align: "right" },
      { header: "FAILED", align: "right" },
      { header: "WORST_MINUTE_P50", align: "right" },
      { header: "WORST_MINUTE_P95", align: "right" },
    ],
    answer.pools.map((p) => [
      p.pool,
      String(p.buckets.reduce((n, b) => n + b.completed, 0)),
      String(p.buckets.reduce((n, b) => n + b.failed, 0)),
      worst(p.buckets.map((b) => b.p50Ms)),
      worst(p.buckets.map((b) => b.p95Ms)),
    ]),
  );
  ctx.out.note(`from ${answer.from} to ${answer.to}`);
}
