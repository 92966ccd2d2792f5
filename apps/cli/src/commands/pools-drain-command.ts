import { Argument, type Command } from "commander";
import { POOL_NAMES } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { patchPool, reportPatch } from "../pool-api.js";

export function registerPoolsDrain(pools: Command): void {
  pools
    .command("drain")
    .description("remove every waiting task of a pool (they become cancelled); active ones finish (operator)")
    .addArgument(new Argument("<name>", "pool").choices(POOL_NAMES))
    .action(action<object, [string]>(runDrain));
}

async function runDrain(ctx: CommandContext, _opts: object, name: string): Promise<void> {
  const answer = await patchPool(ctx.api, name, { drain: true });
  reportPatch(ctx, answer, `drained ${answer.drained ?? 0} waiting task(s), now cancelled`);
}
