import type { Command } from "commander";
import { z } from "zod";
import { action, type CommandContext } from "../context.js";

export const faultAnswerSchema = z.object({ name: z.string(), active: z.boolean() });

export function registerFaultsSet(faults: Command): void {
  faults
    .command("set")
    .description("set a fault flag: diagnostic.flaky tasks naming it fail while it is set (admin)")
    .argument("<name>", "flag name (printable ASCII, no spaces)")
    .action(action<object, [string]>(runSet));
}

async function runSet(ctx: CommandContext, _opts: object, name: string): Promise<void> {
  const out = await ctx.api.put(faultAnswerSchema, `/api/v1/faults/${encodeURIComponent(name)}`);
  if (ctx.json) ctx.out.data(out);
  else ctx.out.line(`fault ${out.name}: set`);
}
