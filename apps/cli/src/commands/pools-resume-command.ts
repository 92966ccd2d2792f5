import { Argument, type Command } from "commander";
import { POOL_NAMES } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { patchPool, reportPatch } from "../pool-api.js";

export function registerPoolsResume(pools: Command): void {
  pools
    .command("resume")
    .description("let workers take tasks from a paused pool again (operator)")
    .addArgument(new Argument("<name>", "pool").choices(POOL_NAMES))
    .action(action<object, [string]>(runResume));
}

async function runResume(ctx: CommandContext, _opts: object, name: string): Promise<void> {
  reportPatch(ctx, await patchPool(ctx.api, name, { state: "running" }), "resumed");
}
