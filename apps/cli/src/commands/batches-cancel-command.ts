import type { Command } from "commander";
import { cancelBatchResultSchema } from "@switchyard/shared";
import { action, type CommandContext } from "../context.js";

export function registerBatchesCancel(batches: Command): void {
  batches
    .command("cancel")
    .description("cancel a batch and every child not yet ended (POST /api/v1/batches/:id/cancel)")
    .argument("<id>", "batch id")
    .allowUnknownOption()
    .action(action<object, [string]>(runCancel));
}

async function runCancel(ctx: CommandContext, _opts: object, id: string): Promise<void> {
  const out = await ctx.api.post(cancelBatchResultSchema, `/api/v1/batches/${encodeURIComponent(id)}/cancel`);
  if (ctx.json) return ctx.out.data(out);
  ctx.out.line(`batch ${id}: ${ctx.out.style.status(out.status)}; ${out.cancelledChildren} children cancelled, ${out.skippedChildren} had ended`);
}
