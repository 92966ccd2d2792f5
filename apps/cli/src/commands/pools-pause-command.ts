import { Argument, type Command } from "commander";
import { POOL_NAMES } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { patchPool, reportPatch } from "../pool-api.js";

export function registerPoolsPause(pools: Command): void {
  pools
    .command("pause")
    .description("stop workers taking new tasks from a pool; active ones finish (operator)")
    .addArgument(new Argument("<name>", "pool").choices(POOL_NAMES))
    .action(action<object, [string]>(runPause));
}

async function runPause(ctx: CommandContext, _opts: object, name: string): Promise<void> {
  reportPatch(ctx, await patchPool(ctx.api, name, { state: "paused" }), "paused");
}
