import { Argument, type Command } from "commander";
import { POOL_NAMES } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";
import { intOption } from "../parse-options.js";
import { patchPool, reportPatch } from "../pool-api.js";

export function registerPoolsConcurrency(pools: Command): void {
  pools
    .command("concurrency")
    .description("set a pool's concurrency per worker process, applied live (operator)")
    .addArgument(new Argument("<name>", "pool").choices(POOL_NAMES))
    .addArgument(new Argument("<n>", "tasks at once per worker process (1-1000)").argParser(intOption(1, 1000)))
    .action(action<object, [string, number]>(runConcurrency));
}

async function runConcurrency(ctx: CommandContext, _opts: object, name: string, n: number): Promise<void> {
  const answer = await patchPool(ctx.api, name, { concurrency: n });
  reportPatch(ctx, answer, `concurrency set to ${n}, ${answer.notifiedWorkers ?? 0} worker process(es) told`);
}
