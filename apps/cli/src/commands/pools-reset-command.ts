import { Argument, type Command } from "commander";
import { POOL_NAMES } from "@switchyard/shared";
import { z } from "zod";
import { confirmByTyping } from "../confirm.js";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";

const resetAnswerSchema = z.looseObject({
  pool: z.string(),
  removed: z.record(z.string(), z.number()),
  total: z.number(),
  cancelledTasks: z.number(),
  stoppedActive: z.number(),
});

interface ResetOptions {
  yes?: boolean;
}

export function registerPoolsReset(pools: Command): void {
  pools
    .command("reset")
    .description("EMERGENCY: stop active tasks and remove every task of a pool (admin)")
    .addArgument(new Argument("<name>", "pool").choices(POOL_NAMES))
    .option("-y, --yes", "don't ask for confirmation (required when stdin is not a terminal)")
    .addHelpText(
      "after",
      "\nAsks you to type the pool name unless --yes; without --yes it refuses when stdin is not a terminal.\nPrints what was removed, by state.",
    )
    .action(action<ResetOptions, [string]>(runReset));
}

async function runReset(ctx: CommandContext, opts: ResetOptions, name: string): Promise<number> {
  if (!opts.yes) {
    const ok = await confirmByTyping(
      `This stops the active tasks of pool ${name} and removes every task in it. Type the pool name to confirm:`,
      name,
      ctx.signal,
      ctx.out.stderrAnsi,
    );
    if (!ok) throw new CliError("not confirmed; nothing was reset", EXIT.failure);
  }
  const out = await ctx.api.post(resetAnswerSchema, `/api/v1/pools/${encodeURIComponent(name)}/reset`);
  if (ctx.json) {
    ctx.out.data(out);
    return EXIT.ok;
  }
  ctx.out.line(`pool ${out.pool}: reset, ${out.total} job(s) removed`);
  const states = Object.entries(out.removed).filter(([, n]) => n > 0);
  if (states.length > 0) ctx.out.table([{ header: "STATE" }, { header: "REMOVED", align: "right" }], states.map(([s, n]) => [s, String(n)]));
  ctx.out.line(`${out.cancelledTasks} unfinished task(s) marked cancelled; ${out.stoppedActive} active task(s) told to stop`);
  return EXIT.ok;
}
