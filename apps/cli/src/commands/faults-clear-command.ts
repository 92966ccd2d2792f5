import type { Command } from "commander";
import { action, type CommandContext } from "../context.js";
import { faultAnswerSchema } from "./faults-set-command.js";

export function registerFaultsClear(faults: Command): void {
  faults
    .command("clear")
    .description("clear a fault flag (admin)")
    .argument("<name>", "flag name")
    .action(action<object, [string]>(runClear));
}

async function runClear(ctx: CommandContext, _opts: object, name: string): Promise<void> {
  const out = await ctx.api.delete(faultAnswerSchema, `/api/v1/faults/${encodeURIComponent(name)}`);
  if (ctx.json) ctx.out.data(out);
  else ctx.out.line(`fault ${out.name}: cleared`);
}
